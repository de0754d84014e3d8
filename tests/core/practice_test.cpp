#include <doctest/doctest.h>

#include <filesystem>

#include "kit_fixture.h"
#include "staccs/core/practice_store.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::core;

TEST_CASE("practice files are read from JSON with lists or comma-separated text") {
  auto p = ParsePracticeFile(R"({"title": "Mesh", "phase": "resilience", "kind": "literature",
                                 "actors": "ISOC, RIRs", "countries": ["Chad"], "sources": []})");
  REQUIRE_MESSAGE(p.ok(), test::Why(p));
  CHECK(p->actors == std::vector<std::string>{"ISOC", "RIRs"});
  CHECK(p->phase == Phase::kResilience);
  CHECK(p->kind == PracticeKind::kLiterature);
  CHECK(ParsePracticeFile(R"({"title": "x", "phase": "later"})").error().message.find("phase 'later'") != std::string::npos);
  CHECK(ParsePracticeFile(R"({"title": "x", "kind": "rumour"})").error().message.find("kind 'rumour'") != std::string::npos);
  CHECK(ParsePracticeFile(R"({"description": "no title"})").error().message.find("'title' is missing") != std::string::npos);
  CHECK(ParsePracticeFile(R"({"title": "x", "colour": "red"})").error().message.find("unknown field") != std::string::npos);
  CHECK_FALSE(ParsePracticeFile("[1,2]").ok());
}

TEST_CASE("practice search matches word prefixes across scripts, accents and filters") {
  PracticeIndex index;
  auto add = [&](const char* id, const char* title, Phase phase, std::vector<std::string> actors,
                 std::vector<std::string> countries, std::int64_t updated) {
    Practice p;
    p.id = id;
    p.updated_unix = updated;
    p.content.title = title;
    p.content.phase = phase;
    p.content.actors = std::move(actors);
    p.content.countries = std::move(countries);
    index.Add(std::move(p));
  };
  add("a", "Satellite backhaul for hospitals", Phase::kResilience, {"operators"}, {"Sudan"}, 3);
  add("b", "Sécurité des registres ccTLD", Phase::kPrevention, {"ccTLD registries"}, {"Mali"}, 2);
  add("c", "حمايةُ البنية التحتية للإنترنت", Phase::kRecovery, {"ITU"}, {"Lebanon"}, 1);
  add("d", "Satellite terminals stockpiled", Phase::kPreparing, {"OCHA"}, {"South Sudan"}, 4);

  auto ids = [](const std::vector<const Practice*>& v) {
    std::string s;
    for (auto* p : v) s += p->id;
    return s;
  };
  CHECK(ids(index.Search("satellite")) == "da");  // newest first
  CHECK(ids(index.Search("SATEL hosp")) == "a");  // prefixes, every word
  CHECK(ids(index.Search("securite")) == "b");    // accents folded
  CHECK(ids(index.Search("حماية")) == "c");       // diacritics ignored
  CHECK(ids(index.Search("البنيه")) == "c");      // teh marbuta folded
  CHECK(ids(index.Search("nothing here")).empty());
  PracticeFilter recovery, in_sudan, registries;
  recovery.phase = Phase::kRecovery;
  in_sudan.country = "sudan";
  registries.actor = "registr";
  CHECK(ids(index.Search("", recovery)) == "c");
  CHECK(ids(index.Search("satellite", in_sudan)) == "da");
  CHECK(ids(index.Search("", registries)) == "b");
  CHECK(index.Search("").size() == 4);
}

TEST_CASE("practices are stored sealed and found again after unlock") {
  test::TempDir dir;
  std::string id;
  {
    Kit kit = test::MakeKit(dir / "home");
    test::MakeCampaign(kit);
    PracticeContent p;
    p.title = "Community mesh restored access";
    p.countries = {"Chad"};
    auto added = PracticeStore(kit).Add(CampaignStore(kit).List()->front().id_hex(), p);
    REQUIRE(added.ok());
    id = added->id;
    p.title = "Community mesh restored access quickly";
    REQUIRE(PracticeStore(kit).Save(id, p).ok());
  }
  auto kit = Kit::Unlock(dir / "home", test::Pass());
  REQUIRE(kit.ok());
  auto index = PracticeStore(*kit).BuildIndex();
  REQUIRE(index.ok());
  auto hits = index->Search("quick");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]->id == id);
  CHECK(PracticeStore(*kit).Add("00000000", {}).error().kind == ErrorKind::kUsage);
}

TEST_CASE("a search of the store without an index finds what the index finds, in the same order") {
  test::TempDir dir;
  Kit kit = test::MakeKit(dir / "home");
  test::MakeCampaign(kit);
  const std::string campaign = CampaignStore(kit).List()->front().id_hex();
  PracticeStore store(kit);
  const char* titles[] = {"Satellite backhaul for hospitals", "Sécurité des registres ccTLD",
                          "حماية البنية التحتية", "Satellite phones for field teams", "Mesh networks in Sudan"};
  for (int round = 0; round < 4; ++round)
    for (const char* t : titles) {
      PracticeContent p;
      p.title = t;
      p.phase = round % 2 ? Phase::kRecovery : Phase::kResilience;
      p.countries = {round % 2 ? "Sudan" : "Mali"};
      REQUIRE(store.Add(campaign, p).ok());
    }
  auto index = store.BuildIndex();
  REQUIRE(index.ok());
  PracticeFilter in_sudan;
  in_sudan.country = "sud";
  PracticeFilter recovery;
  recovery.phase = Phase::kRecovery;
  for (std::string query : {"", "satel", "SATEL hosp", "securite", "البنيه", "nothing here", "mesh sudan"})
    for (const PracticeFilter& filter : {PracticeFilter{}, in_sudan, recovery}) {
      auto scanned = store.Search(query, filter);
      REQUIRE(scanned.ok());
      std::vector<std::string> expected, got;
      for (const Practice* p : index->Search(query, filter)) expected.push_back(p->id);
      for (const Practice& p : *scanned) got.push_back(p.id);
      CHECK_MESSAGE(got == expected, "query '" << query << "'");
    }
  CHECK(store.Search("satel")->size() == 8);
  CHECK(store.Search("")->size() == 20);
}
