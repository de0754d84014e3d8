// Text that is not what a parser hoped for — a file name in Latin-1, a number with junk after
// it — gets a clean answer from staccs-cli, never an abort.
#include <doctest/doctest.h>

#include <filesystem>

#include "kit_fixture.h"
#include "staccs/core/attachment_store.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT

TEST_CASE("draft attach takes a file whose name is not UTF-8, and the secretariat collects it") {
  test::TempDir dir;
  std::string campaign_id, draft_id;
  {
    core::Kit secretariat = test::MakeKit(dir / "secretariat");
    Bytes file = test::MakeCampaign(secretariat);
    core::Kit participant = test::MakeParticipant(dir / "participant", file);
    campaign_id = core::CampaignStore(participant).List()->front().id_hex();
    core::DraftContent d;
    d.answers.push_back({"challenges", "see the attached notes"});
    draft_id = core::DraftStore(participant).Create(campaign_id, d)->id;
  }
  const fs::path latin1 = dir / std::string("caf\xe9.txt");  // what printf 'caf\xe9.txt' makes
  test::WriteFile(latin1, "notes from the field\n");
  auto attach = test::RunCli(dir / "participant", {"draft", "attach", draft_id, latin1.string()});
  REQUIRE_MESSAGE(attach.exit_code == 0, attach.err);
  auto submit = test::RunCli(dir / "participant", {"submit", draft_id});
  REQUIRE_MESSAGE(submit.exit_code == 0, submit.err);
  const std::string bundle_id = submit.out.substr(0, 64);
  const fs::path carried = dir / "carried.stb";
  REQUIRE(test::RunCli(dir / "participant", {"bundle", "export", bundle_id, "--out", carried.string()}).exit_code == 0);
  auto imported = test::RunCli(dir / "secretariat", {"bundle", "import", carried.string()});
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
  CHECK(imported.out.find("opened 1 bundles") != std::string::npos);  // the secretariat opens it on arrival
  core::Kit secretariat = *core::Kit::Unlock(dir / "secretariat", test::Pass());
  auto received = core::ReceivedAttachments(secretariat, bundle_id);
  REQUIRE(received.ok());
  REQUIRE(received->size() == 1);
  CHECK(received->front().name == "caf\xef\xbf\xbd.txt");  // the stray byte as U+FFFD
}

TEST_CASE("numbers on the command line are whole decimal numbers or a usage error") {
  test::TempDir dir;
  { core::Kit kit = test::MakeKit(dir / "kit"); }
  for (const std::vector<std::string>& words :
       {std::vector<std::string>{"settings", "wipe-after", "5x"}, {"settings", "wipe-after", " 5"},
        {"settings", "wipe-after", "+5"}, {"settings", "sync-budget", "--", "-1"},
        {"settings", "sync-budget", "20000bytes"}, {"settings", "sync-budget", "99999999999999999999"}}) {
    auto r = test::RunCli(dir / "kit", words);
    CHECK_MESSAGE(r.exit_code == 1, words.back() << ": " << r.err);
  }
  CHECK(test::RunCli(dir / "kit", {"settings", "wipe-after", "5"}).exit_code == 0);
  CHECK(test::RunCli(dir / "kit", {"settings", "sync-budget", "20000"}).exit_code == 0);
}
