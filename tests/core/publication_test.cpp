// SPEC §3.9: the publication honours consent; counts below 5 are suppressed.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "flow_fixture.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/publication.h"
#include "staccs/crypto/participant_keys.h"

using namespace staccs;
using namespace staccs::core;

namespace {
std::string AnswersMd(const std::string& header, const std::string& text) {
  return "---\n" + header + "---\n# q1\n" + text + "\n";
}
}  // namespace

TEST_CASE("the publication honours every consent case and suppresses small counts") {
  test::Flow flow;
  Kit alice = flow.NewParticipant("alice");
  Kit bob = flow.NewParticipant("bob");
  std::vector<std::string> bundles;
  auto submit = [&](Kit& kit, const std::string& md, std::string* draft = nullptr) {
    auto e = flow.Submit(kit, md, draft);
    bundles.push_back(e.bundle_id);
    flow.Carry(kit, flow.secretariat, e.bundle_id);
  };
  for (int i = 0; i < 6; ++i)
    submit(alice, AnswersMd("name: Named Person " + std::to_string(i) + "\norganisation: " + (i == 0 ? std::string("=HYPERLINK(1)") : "Org " + std::to_string(i)) +
                             "\nstakeholder_group: technical community\ncountry: Chad\nconsent: attributed\n",
                         "attributed answer " + std::to_string(i) + " =SUM(A1)"));
  submit(bob, AnswersMd("name: Hidden Anonymous Name\ncountry: Mali\nconsent: anonymous\n", "anonymous answer one"));
  submit(bob, AnswersMd("name: Second Hidden Name\ncountry: Mali\nconsent: anonymous\n", "anonymous answer two"));
  submit(bob, AnswersMd("name: Private Person\nconsent: do-not-publish\n", "unpublished answer text"));
  // Withdrawn: first published with attribution, then a new revision withdraws consent.
  std::string draft;
  submit(bob, AnswersMd("name: Withdrawing Person\nconsent: attributed\n", "withdrawn answer text"), &draft);
  auto withdrawal = ParseAnswersFile(AnswersMd("name: Withdrawing Person\nconsent: do-not-publish\n", "withdrawn revision"),
                                     flow.campaign);
  REQUIRE(DraftStore(bob).Save(draft, *withdrawal).ok());
  auto second = Outbox(bob).Submit(draft);
  REQUIRE(second.ok());
  CHECK(second->revision == 2);
  flow.Carry(bob, flow.secretariat, second->bundle_id);

  auto report = CollectHeldBundles(flow.secretariat);
  REQUIRE(report.ok());
  CHECK(report->opened == 11);

  const std::string id = flow.campaign.id_hex();
  auto md = CompilePublication(flow.secretariat, id, PublicationFormat::kMarkdown);
  auto html = CompilePublication(flow.secretariat, id, PublicationFormat::kHtml);
  auto csv = CompilePublication(flow.secretariat, id, PublicationFormat::kCsv);
  auto js = CompilePublication(flow.secretariat, id, PublicationFormat::kJson);
  REQUIRE((md.ok() && html.ok() && csv.ok() && js.ok()));
  for (const std::string* out : {&*md, &*html, &*csv, &*js}) {
    CHECK(out->find("attributed answer 5") != std::string::npos);
    CHECK(out->find("Named Person 3") != std::string::npos);
    CHECK(out->find("anonymous answer two") != std::string::npos);
    // Anonymous: no name; do not publish and withdrawn: nothing but counts.
    CHECK(out->find("Hidden Anonymous Name") == std::string::npos);
    CHECK(out->find("Second Hidden Name") == std::string::npos);
    CHECK(out->find("Private Person") == std::string::npos);
    CHECK(out->find("unpublished answer text") == std::string::npos);
    CHECK(out->find("Withdrawing Person") == std::string::npos);
    CHECK(out->find("withdrawn answer text") == std::string::npos);
    CHECK(out->find("withdrawn revision") == std::string::npos);
    // No keys, submission ids or bundle ids of anyone.
    for (const auto& b : bundles) CHECK(out->find(b.substr(0, 16)) == std::string::npos);
    CHECK(out->find(ToHex(crypto::DeriveParticipantKey(bob.identity_seed(), flow.campaign.id).public_key()).substr(0, 16)) ==
          std::string::npos);
  }
  auto j = nlohmann::json::parse(*js);
  CHECK(j["counts"]["contributions received"] == "10");
  CHECK(j["counts"]["published with attribution"] == "6");
  CHECK(j["counts"]["published anonymously"] == "<5");
  CHECK(j["counts"]["not published (at the contributor's request)"] == "<5");
  CHECK(j["counts"]["of which withdrawn after an earlier consent"] == "<5");
  CHECK(j["counts"]["by_country"]["Chad"] == "6");
  CHECK(j["counts"]["by_country"]["Mali"] == "<5");
  CHECK(j["contributions"].size() == 8);
  int anonymous = 0;
  for (const auto& c : j["contributions"]) anonymous += c["attribution"].is_null() ? 1 : 0;
  CHECK(anonymous == 2);
  CHECK(csv->rfind("\xEF\xBB\xBF" "contribution,", 0) == 0);
  CHECK(csv->find(",\"'=HYPERLINK(1)\",") != std::string::npos);  // a formula is shown, never run
  CHECK(html->find("dir=\"auto\"") != std::string::npos);
  CHECK(SuppressedCount(0) == "0");
  CHECK(SuppressedCount(4) == "<5");
  CHECK(SuppressedCount(5) == "5");
}

TEST_CASE("a replayed bundle is stored once and a later revision replaces the earlier one") {
  test::Flow flow;
  Kit alice = flow.NewParticipant("alice");
  std::string draft;
  auto first = flow.Submit(alice, AnswersMd("consent: anonymous\n", "first words"), &draft);
  flow.Carry(alice, flow.secretariat, first.bundle_id);
  auto bytes = BundleStore(alice).Read(first.bundle_id);
  CHECK(*BundleStore(flow.secretariat).Put(*bytes, false) == PutOutcome::kDuplicate);
  auto c = ParseAnswersFile(AnswersMd("consent: anonymous\n", "second words"), flow.campaign);
  REQUIRE(DraftStore(alice).Save(draft, *c).ok());
  auto second = Outbox(alice).Submit(draft);
  flow.Carry(alice, flow.secretariat, second->bundle_id);
  REQUIRE(CollectHeldBundles(flow.secretariat).ok());
  auto all = ReceivedRevisions(flow.secretariat, flow.campaign.id_hex());
  REQUIRE(all.ok());
  CHECK(all->size() == 2);  // every revision kept
  auto current = CurrentRevisions(*all);
  REQUIRE(current.size() == 1);
  CHECK(current[0].revision == 2);
  auto md = CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kMarkdown);
  CHECK(md->find("second words") != std::string::npos);
  CHECK(md->find("first words") == std::string::npos);
}

TEST_CASE("another author reusing a submission id cannot replace someone's answers") {
  test::Flow flow;
  Kit alice = flow.NewParticipant("alice");
  auto mine = flow.Submit(alice, AnswersMd("consent: anonymous\n", "alice's own words"));
  flow.Carry(alice, flow.secretariat, mine.bundle_id);
  // Mallory seals a higher revision under Alice's submission id with her own key.
  Kit mallory = flow.NewParticipant("mallory");
  BundleContents c;
  auto raw = FromHex(mine.submission_id);
  std::copy(raw->begin(), raw->end(), c.submission_id.begin());
  c.revision = 99;
  c.created_unix = 2'000'000'000;
  auto key = crypto::DeriveParticipantKey(mallory.identity_seed(), flow.campaign.id);
  c.author_key = key.public_key();
  DraftContent d;
  d.answers.push_back({flow.campaign.questions[0].id, "mallory's replacement"});
  d.consent = Consent::kPublishAnonymously;
  c.content = EncodeDraftContent(d);
  auto forged = SealBundle(c, flow.campaign, key);
  REQUIRE(BundleStore(flow.secretariat).Put(forged->bytes, false).ok());
  REQUIRE(CollectHeldBundles(flow.secretariat)->opened == 2);
  auto md = CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kMarkdown);
  CHECK(md->find("alice's own words") != std::string::npos);  // still there, as its own entry
}
