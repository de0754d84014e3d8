#include <doctest/doctest.h>

#include <filesystem>

#include "flow_fixture.h"
#include "staccs/core/key_backup.h"
#include "staccs/core/recovery_code.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

TEST_CASE("a secretariat restored from its key backup still opens its campaign's bundles") {
  test::TempDir dir;
  std::string code;
  CreateOptions options;
  options.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;
  auto made = Kit::Create(dir / "old", test::Pass(), options, code);
  REQUIRE(made.ok());
  Kit old = std::move(made).value();
  Bytes campaign_file = test::MakeCampaign(old);
  Campaign campaign = CampaignStore(old).List()->front();
  auto backup = WriteKeyBackup(old);
  REQUIRE(backup.ok());

  SUBCASE("restored") {
    auto opened = OpenKeyBackup(*backup, code);
    REQUIRE_MESSAGE(opened.ok(), test::Why(opened));
    CHECK(opened->identity_seed.Equals(old.identity_seed().view()));
    auto kit = RestoreKit(dir / "new", test::Pass("another passphrase"), *opened, crypto::KdfProfile::kFastInsecureForTests);
    REQUIRE_MESSAGE(kit.ok(), test::Why(kit));
    CHECK(CampaignStore(*kit).Secrets(campaign.id_hex()).ok());
    // A participant's bundle sealed for the campaign opens in the restored kit.
    Kit participant = test::MakeParticipant(dir / "participant", campaign_file);
    auto sealed = test::SubmitAnswer(participant, campaign, "reaches the restored secretariat");
    REQUIRE(BundleStore(*kit).Put(*BundleStore(participant).Read(sealed.bundle_id), false).ok());
    CHECK(CollectHeldBundles(*kit)->opened == 1);
    // Its recovery code is the old one: a backup of the restored kit opens with it too.
    CHECK(OpenKeyBackup(*WriteKeyBackup(*kit), code).ok());
  }
  SUBCASE("a wrong recovery code and an altered file are refused alike") {
    std::string wrong = code;
    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
    CHECK(OpenKeyBackup(*backup, wrong).error().message.find("recovery code is wrong") != std::string::npos);
    CHECK(OpenKeyBackup(*backup, "not a code").error().kind == ErrorKind::kUsage);
    for (std::size_t i : {std::size_t{0}, std::size_t{13}, std::size_t{50}, backup->size() / 2, backup->size() - 1}) {
      Bytes bad = *backup;
      bad[i] ^= 0x10;
      CHECK_FALSE(OpenKeyBackup(bad, code).ok());
    }
    Bytes costly = *backup;
    costly[36 + 3] = 0x7f;  // memory cost far beyond anything the kit uses
    CHECK(OpenKeyBackup(costly, code).error().message.find("out of range") != std::string::npos);
  }
}
