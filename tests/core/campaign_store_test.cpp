#include <doctest/doctest.h>

#include <filesystem>

#include "kit_fixture.h"
#include "staccs/core/campaign_file.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::core;

namespace {
// A later or other version of a campaign the secretariat kit owns, signed with its key.
Bytes Version(Kit& secretariat, const std::string& id, std::uint64_t sequence, const std::string& title) {
  CampaignStore store(secretariat);
  auto c = store.Get(id);
  auto secrets = store.Secrets(id);
  REQUIRE((c.ok() && secrets.ok()));
  Campaign next = *c;
  next.sequence = sequence;
  next.title.by_language["en"] = title;
  return WriteCampaignFile(next, secrets->signing);
}
}  // namespace

TEST_CASE("campaign import applies the sequence rule and refuses older or conflicting files") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  Bytes v1 = test::MakeCampaign(secretariat);
  auto parsed = ParseCampaignFile(v1);
  REQUIRE(parsed.ok());
  const std::string id = parsed->id_hex();
  Bytes v2 = Version(secretariat, id, 2, "Second version");
  Bytes v2_other = Version(secretariat, id, 2, "A rival second version");
  Bytes v3 = Version(secretariat, id, 3, "Third version");

  Kit participant = test::MakeKit(dir / "participant");
  CampaignStore store(participant);
  auto first = store.Import(v1);
  REQUIRE(first.ok());
  CHECK(first->outcome == ImportOutcome::kNew);
  CHECK(store.Import(v1)->outcome == ImportOutcome::kUnchanged);

  auto second = store.Import(v3);
  REQUIRE(second.ok());
  CHECK(second->outcome == ImportOutcome::kUpdated);
  CHECK(second->previous_sequence == 1);

  SUBCASE("a lower sequence number is refused and changes nothing") {
    auto older = store.Import(v2);
    REQUIRE_FALSE(older.ok());
    CHECK(older.error().kind == ErrorKind::kBadInput);
    CHECK(older.error().message.find("older than the one held") != std::string::npos);
    CHECK(*store.File(id) == v3);
  }
  SUBCASE("the same sequence with different bytes is refused") {
    Kit other = test::MakeKit(dir / "other");
    CampaignStore other_store(other);
    REQUIRE(other_store.Import(v2).ok());
    auto rival = other_store.Import(v2_other);
    REQUIRE_FALSE(rival.ok());
    CHECK(rival.error().message.find("same sequence") != std::string::npos);
    CHECK(other_store.Get(id)->title.Get("en") == "Second version");
  }
  SUBCASE("lists and prefixes find the held version") {
    auto all = store.List();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 1);
    CHECK(all->front().sequence == 3);
    CHECK(store.Get(id.substr(0, 8))->title.Get("en") == "Third version");
    CHECK(store.Get(id.substr(0, 7)).error().kind == ErrorKind::kUsage);
    CHECK_FALSE(store.Secrets(id).ok());  // a participant holds no campaign secrets
  }
}
