#include <doctest/doctest.h>

#include <filesystem>

#include <fstream>

#include "kit_fixture.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/practice_store.h"
#include "staccs/core/schema.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::core;

TEST_CASE("a committed version 1 store migrates and keeps its content") {
  test::TempDir dir;
  const fs::path home = dir / "home";
  fs::copy(fs::path(STACCS_FIXTURES) / "store_v1", home, fs::copy_options::recursive);
  std::ifstream ids_file(fs::path(STACCS_FIXTURES) / "store_v1_ids.txt");
  std::string campaign_id, draft_id, practice_id;
  ids_file >> campaign_id >> draft_id >> practice_id;
  REQUIRE(draft_id.size() == 32);

  {
    auto raw = Database::Open(home / "kit.db", Durability::kFull);
    REQUIRE(raw.ok());
    CHECK(raw->UserVersion().value() == 1);
  }
  auto kit = Kit::Unlock(home, test::Pass("fixture passphrase"));
  REQUIRE_MESSAGE(kit.ok(), test::Why(kit));
  CHECK(kit->db().UserVersion().value() == kSchemaVersion);
  CHECK(kit->name() == "Fixture kit v1");
  CHECK(kit->db().IntegrityCheck().value() == "ok");

  auto campaign = CampaignStore(*kit).Get(campaign_id);
  REQUIRE(campaign.ok());
  CHECK(campaign->title.Get("en") == "Fixture campaign");
  auto draft = DraftStore(*kit).Get(draft_id);
  REQUIRE(draft.ok());
  CHECK(draft->content.author.name == "Fixture Author");
  CHECK(draft->content.consent == Consent::kPublishWithAttribution);
  CHECK(*draft->content.AnswerTo(campaign->questions[1].id) == "Answer two: مرحبا بالعالم");
  auto practice = PracticeStore(*kit).Get(practice_id);
  REQUIRE(practice.ok());
  CHECK(practice->content.kind == PracticeKind::kGap);
  CHECK(practice->content.phase == Phase::kRecovery);
  CHECK(practice->content.sources == std::vector<std::string>{"https://example.org/report"});
  // The new table of version 2 is there and usable.
  CHECK(kit->db().Exec("INSERT INTO settings(key, sealed) VALUES('x', x'00')").ok());
}

TEST_CASE("a store from a newer version of the kit is refused, not rewritten") {
  test::TempDir dir;
  { Kit kit = test::MakeKit(dir / "home"); REQUIRE(kit.db().Exec("PRAGMA user_version=99").ok()); }
  auto r = Kit::Unlock(dir / "home", test::Pass());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("newer version") != std::string::npos);
}
