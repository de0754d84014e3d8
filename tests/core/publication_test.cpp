// SPEC §3.9: the publication honours consent and suppresses small counts; issue 11: practice
// records, question labels, pages, the JSON format; issue 15: the received rows stream.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "publication_fixture.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/publication.h"
#include "staccs/core/received_revisions.h"
#include "staccs/crypto/participant_keys.h"

using namespace staccs;
using namespace staccs::core;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
std::string AnswersMd(const std::string& header, const std::string& text) {
  return "---\n" + header + "---\n# q1\n" + text + "\n";
}
const json kSmall = {{"suppressed", "small"}};
const json kComplement = {{"suppressed", "complement"}};

json Row(const json& rows, const std::string& key) {
  for (const auto& r : rows)
    if (r["key"] == key) return r;
  return nullptr;
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
  submit(bob, AnswersMd("name: Private Person\ncountry: CTRYHIDDEN village\nconsent: do-not-publish\n", "unpublished answer text"));
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
    // Anonymous: no name, and not even their country in a table; do not publish and
    // withdrawn: nothing but counts.
    CHECK(out->find("Hidden Anonymous Name") == std::string::npos);
    CHECK(out->find("Second Hidden Name") == std::string::npos);
    CHECK(out->find("Mali") == std::string::npos);
    CHECK(out->find("Private Person") == std::string::npos);
    CHECK(out->find("CTRYHIDDEN") == std::string::npos);
    CHECK(out->find("unpublished answer text") == std::string::npos);
    CHECK(out->find("Withdrawing Person") == std::string::npos);
    CHECK(out->find("withdrawn answer text") == std::string::npos);
    CHECK(out->find("withdrawn revision") == std::string::npos);
    // No keys, submission ids or bundle ids of anyone.
    for (const auto& b : bundles) CHECK(out->find(b.substr(0, 16)) == std::string::npos);
    CHECK(out->find(ToHex(crypto::DeriveParticipantKey(bob.identity_seed(), flow.campaign.id).public_key()).substr(0, 16)) ==
          std::string::npos);
  }
  auto j = json::parse(*js);
  const json& counts = j["counts"];
  CHECK(counts["published_with_attribution"] == 6);
  CHECK(counts["published_anonymously"] == kSmall);
  CHECK(counts["not_published"] == kSmall);
  CHECK(counts["withdrawn"] == kSmall);
  // 10 received, 8 of them listed: the total would give away the 2 not published.
  CHECK(counts["contributions_received"] == kComplement);
  CHECK(counts["practice_records"] == 0);
  CHECK(Row(j["tables"]["attributed_by_country"], "TD") == json{{"key", "TD"}, {"label", "Chad"}, {"count", 6}});
  CHECK(j["tables"]["attributed_by_country"].size() == 1);
  CHECK(Row(j["tables"]["attributed_by_stakeholder_group"], "technical_community")["count"] == 6);
  CHECK(Row(j["tables"]["attributed_by_stakeholder_group"], "other")["count"] == 0);
  CHECK(Row(j["tables"]["answers_per_question"], flow.campaign.questions[0].id)["count"] == 8);
  CHECK(j["contributions"].size() == 8);
  int anonymous = 0;
  for (const auto& c : j["contributions"]) anonymous += c["attribution"].is_null() ? 1 : 0;
  CHECK(anonymous == 2);
  CHECK(csv->rfind("\xEF\xBB\xBF" "contribution,", 0) == 0);
  CHECK(csv->find(",\"'=HYPERLINK(1)\",") != std::string::npos);  // a formula is shown, never run
  CHECK(html->find("<td>withheld</td>") != std::string::npos);
  CHECK(html->find("<td>&lt;5</td>") != std::string::npos);
  CHECK(md->find("| published anonymously | &lt;5 |") != std::string::npos);
}

TEST_CASE("received totals are shown when nothing small can be subtracted from them") {
  test::PublicationFlow flow;
  auto author = crypto::SigningKeyPair::Generate();
  for (int i = 0; i < 5; ++i) flow.Answer(author, flow.Draft(Consent::kPublishAnonymously, "listed " + std::to_string(i)));
  for (int i = 0; i < 5; ++i) flow.Answer(author, flow.Draft(Consent::kDoNotPublish, "kept " + std::to_string(i)));
  flow.Collect();
  auto j = json::parse(*CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kJson));
  CHECK(j["counts"]["contributions_received"] == 10);
  CHECK(j["counts"]["not_published"] == 5);
  CHECK(j["counts"]["published_with_attribution"] == 0);
  CHECK(j["counts"]["withdrawn"] == 0);
}

TEST_CASE("table rows come from fixed vocabularies and count only attributed contributors") {
  test::PublicationFlow flow;
  auto author = crypto::SigningKeyPair::Generate();
  // The same country in English, French, Arabic (with diacritics) and by code: one row.
  for (const char* country : {"Chad", "tchad", "ت\xD9\x8Eشاد", "TD", "TCD", " The Republic of Chad "})
    flow.Answer(author, flow.Draft(Consent::kPublishWithAttribution, "a", {"", "", "société civile", country}));
  flow.Answer(author, flow.Draft(Consent::kPublishWithAttribution, "b", {"", "", "NGO", "Atlantis village 7"}));
  flow.Answer(author, flow.Draft(Consent::kPublishWithAttribution, "c", {"", "", "<b>GROUPFREE</b>", "n/a"}));
  // Neither an anonymous nor an unpublished contributor's details are counted anywhere.
  for (int i = 0; i < 6; ++i) {
    flow.Answer(author, flow.Draft(Consent::kPublishAnonymously, "d", {"Anon", "", "government", "Sudan"}));
    flow.Answer(author, flow.Draft(Consent::kDoNotPublish, "e", {"Hidden", "", "GROUPHIDDEN", "CTRYHIDDEN village"}));
  }
  flow.Collect();
  auto js = CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kJson);
  auto j = json::parse(*js);
  const json& by_country = j["tables"]["attributed_by_country"];
  CHECK(by_country.size() == 2);
  CHECK(Row(by_country, "TD")["count"] == 6);
  CHECK(Row(by_country, "other") == json{{"key", "other"}, {"label", "other or not given"}, {"count", kSmall}});
  CHECK(Row(by_country, "SD").is_null());
  const json& by_group = j["tables"]["attributed_by_stakeholder_group"];
  CHECK(Row(by_group, "civil_society")["count"] == 7);
  CHECK(Row(by_group, "government")["count"] == 0);
  CHECK(Row(by_group, "other")["count"] == kSmall);
  for (auto format : {PublicationFormat::kHtml, PublicationFormat::kMarkdown, PublicationFormat::kJson}) {
    auto out = CompilePublication(flow.secretariat, flow.campaign.id_hex(), format);
    CHECK(out->find("GROUPHIDDEN") == std::string::npos);
    CHECK(out->find("CTRYHIDDEN") == std::string::npos);
    CHECK(out->find("Sudan") == std::string::npos);
    CHECK(out->find("Atlantis") != std::string::npos);  // in its contributor's own attribution line only
  }
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
  CurrentRevisionIndex index;
  std::size_t seen = 0;
  REQUIRE(ForEachReceivedRevision(
              flow.secretariat, flow.campaign.id_hex(),
              [&](const ReceivedSubmission& s) {
                ++seen;
                index.Add(s, static_cast<std::uint8_t>(s.revision));
                return Status();
              },
              [](const std::string&, const Error& e) { FAIL(e.message); })
              .ok());
  CHECK(seen == 2);  // every revision kept
  auto current = index.TakeCurrent();
  REQUIRE(current.size() == 1);
  CHECK(current[0].revision == 2);
  CHECK(current[0].earlier_flags == 1);  // the flags of the revision it replaced
  CHECK(ToHex(current[0].bundle_id) == second->bundle_id);
  auto md = CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kMarkdown);
  CHECK(md->find("second words") != std::string::npos);
  CHECK(md->find("first words") == std::string::npos);
}

TEST_CASE("another author reusing a submission id cannot replace someone's answers") {
  test::PublicationFlow flow;
  auto alice = crypto::SigningKeyPair::Generate(), mallory = crypto::SigningKeyPair::Generate();
  std::string submission;
  flow.Answer(alice, flow.Draft(Consent::kPublishAnonymously, "alice's own words"), &submission);
  std::string same = submission;
  flow.Answer(mallory, flow.Draft(Consent::kDoNotPublish, "mallory's replacement"), &same, 99);
  flow.Collect();
  auto md = CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kMarkdown);
  CHECK(md->find("alice's own words") != std::string::npos);  // still there, as its own entry
  auto j = json::parse(*CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kJson));
  CHECK(j["counts"]["withdrawn"] == 0);  // Mallory's revision withdrew nothing of Alice's
}

TEST_CASE("compile in a kit that holds no campaign key says it is not the secretariat") {
  test::Flow flow;
  Kit organiser = flow.NewParticipant("organiser");
  auto r = CompilePublication(organiser, flow.campaign.id_hex(), PublicationFormat::kHtml);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kUsage);
  CHECK(r.error().message.find("not the secretariat") != std::string::npos);
}

TEST_CASE("a damaged received row is left out and reported, and the rest is published") {
  test::PublicationFlow flow;
  auto author = crypto::SigningKeyPair::Generate();
  flow.Answer(author, flow.Draft(Consent::kPublishAnonymously, "kept words"));
  const std::string broken = flow.Answer(author, flow.Draft(Consent::kPublishAnonymously, "broken words"));
  flow.Collect();
  auto st = flow.secretariat.db().Prepare("UPDATE received SET sealed = x'00112233' WHERE bundle_id = ?");
  REQUIRE(st.ok());
  st->Bind(1, broken);
  REQUIRE(st->Run().ok());
  auto report = flow.Write(PublicationFormat::kMarkdown, "pub.md");
  CHECK(report.contributions == 1);
  REQUIRE(report.left_out.size() == 1);
  CHECK(report.left_out[0].find("received bundle " + broken.substr(0, 12)) == 0);
  const std::string md = test::ReadFileText(flow.dir / "pub.md");
  CHECK(md.find("kept words") != std::string::npos);
  CHECK(md.find(broken.substr(0, 12)) == std::string::npos);  // the reason is for the secretariat only
}

TEST_CASE("practice records are published with their actors, countries and sources in every format") {
  test::PublicationFlow flow;
  auto author = crypto::SigningKeyPair::Generate();
  PracticeContent p;
  p.title = "Satellite backhaul for hospitals";
  p.description = "Operators kept **two** links.\n\nSecond paragraph.";
  p.phase = Phase::kResilience;
  p.kind = PracticeKind::kGoodPractice;
  p.actors = {"ISOC", "operators"};
  p.countries = {"Sudan", "Chad"};
  p.sources = {"https://example.org/report", "BPF literature review, 2025"};
  flow.Practice(author, p);
  flow.Answer(author, flow.Draft(Consent::kPublishAnonymously, "an answer"));
  flow.Collect();
  const std::string id = flow.campaign.id_hex();
  const std::string html = *CompilePublication(flow.secretariat, id, PublicationFormat::kHtml);
  CHECK(html.find("Actors: <bdi>ISOC</bdi>, <bdi>operators</bdi>") != std::string::npos);
  CHECK(html.find("Countries and regions: <bdi>Sudan</bdi>, <bdi>Chad</bdi>") != std::string::npos);
  CHECK(html.find("<a href=\"https://example.org/report\" rel=\"nofollow noopener noreferrer\">") != std::string::npos);
  CHECK(html.find("<li dir=\"auto\">BPF literature review, 2025</li>") != std::string::npos);
  CHECK(html.find("Operators kept <strong>two</strong> links.") != std::string::npos);
  CHECK(html.find("good practice · Resilience") != std::string::npos);
  const std::string md = *CompilePublication(flow.secretariat, id, PublicationFormat::kMarkdown);
  CHECK(md.find("### Practice 1: \xE2\x81\xA8Satellite backhaul for hospitals\xE2\x81\xA9") != std::string::npos);
  CHECK(md.find("**Actors:** \xE2\x81\xA8ISOC\xE2\x81\xA9, \xE2\x81\xA8operators\xE2\x81\xA9") != std::string::npos);
  CHECK(md.find("**Countries and regions:** \xE2\x81\xA8Sudan") != std::string::npos);
  CHECK(md.find("**Sources:** \xE2\x81\xA8https://example.org/report\xE2\x81\xA9; ") != std::string::npos);
  auto report = flow.Write(PublicationFormat::kCsv, "pub.csv");
  REQUIRE(report.files.size() == 2);
  CHECK(report.files[1] == flow.dir / "pub-practices.csv");
  const std::string csv = test::ReadFileText(flow.dir / "pub-practices.csv");
  CHECK(csv == "\xEF\xBB\xBF" "practice,title,description,phase,kind,actors,countries,sources\r\n"
               "1,\"Satellite backhaul for hospitals\",\"Operators kept **two** links.\n\nSecond paragraph.\","
               "\"resilience\",\"good-practice\",\"ISOC; operators\",\"Sudan; Chad\","
               "\"https://example.org/report; BPF literature review, 2025\"\r\n");
  auto j = json::parse(*CompilePublication(flow.secretariat, id, PublicationFormat::kJson));
  REQUIRE(j["practices"].size() == 1);
  CHECK(j["practices"][0]["actors"] == json({"ISOC", "operators"}));
  CHECK(j["practices"][0]["sources"][0] == "https://example.org/report");
  CHECK(Row(j["tables"]["practices_by_phase"], "resilience")["count"] == kSmall);
}

TEST_CASE("question labels follow the campaign's order and are never cut inside a word") {
  test::PublicationFlow flow;
  auto author = crypto::SigningKeyPair::Generate();
  DraftContent d = flow.Draft(Consent::kPublishAnonymously, "");
  d.answers.clear();
  for (const auto& q : flow.campaign.questions) d.answers.push_back({q.id, "answer to " + q.id});
  flow.Answer(author, d);
  flow.Collect();
  auto j = json::parse(*CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kJson));
  const json& rows = j["tables"]["answers_per_question"];
  REQUIRE(rows.size() == flow.campaign.questions.size());
  const std::string html = *CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kHtml);
  std::size_t last_at = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Question& q = flow.campaign.questions[i];
    CHECK(rows[i]["key"] == q.id);
    const std::string label = rows[i]["label"], prompt = q.prompt.Get("en");
    CAPTURE(label);
    const bool cut = label.size() >= 3 && label.substr(label.size() - 3) == "…";
    const std::string kept = cut ? label.substr(0, label.size() - 3) : label;
    REQUIRE(prompt.rfind(kept, 0) == 0);  // a prefix of the prompt…
    const char next = kept.size() < prompt.size() ? prompt[kept.size()] : ' ';
    CHECK((next == ' ' || next == ':' || next == '?' || next == '.'));  // …that ends between words
    const std::size_t at = html.find("<tr><th dir=\"auto\">" + kept);
    CHECK(at != std::string::npos);
    CHECK(at >= last_at);  // in the campaign's order in the table too
    last_at = at;
  }
}

TEST_CASE("contributors' Markdown is rendered safely in HTML, with a direction per paragraph") {
  test::PublicationFlow flow;
  auto author = crypto::SigningKeyPair::Generate();
  flow.Answer(author, flow.Draft(Consent::kPublishAnonymously,
                                 "This is **good** and *fine*.\n\n"
                                 "هذه فقرة بالعربية about DNS.\n\n"
                                 "- one\n- two\n\n"
                                 "[click](javascript:alert(1)) [site](<https://example.org/a b>) ![pic](https://evil.example/p.png)\n\n"
                                 "# Contribution 99\n\n<div onclick=x>raw</div>\n\n```js\ncode <here>\n```"));
  flow.Collect();
  const std::string html = *CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kHtml);
  CHECK(html.find("<p dir=\"auto\">This is <strong>good</strong> and <em>fine</em>.</p>") != std::string::npos);
  CHECK(html.find("<p dir=\"auto\">هذه فقرة بالعربية about DNS.</p>") != std::string::npos);
  CHECK_MESSAGE(html.find("<ul dir=\"auto\">\n<li><p dir=\"auto\">one</p>\n</li>") != std::string::npos, html);
  CHECK(html.find("javascript") == std::string::npos);
  CHECK(html.find("<a href=\"https://example.org/a%20b\" rel=\"nofollow noopener noreferrer\">site</a>") != std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("[image: pic]") != std::string::npos);
  CHECK(html.find("<h3>Contribution 99") == std::string::npos);
  CHECK(html.find("<p dir=\"auto\" class=\"heading\"><strong>Contribution 99</strong></p>") != std::string::npos);
  CHECK(html.find("&lt;div onclick=x&gt;raw&lt;/div&gt;") != std::string::npos);
  CHECK(html.find("<pre dir=\"auto\"><code>code &lt;here&gt;\n</code></pre>") != std::string::npos);
  CHECK(html.find("class=\"language-") == std::string::npos);
}

TEST_CASE("the JSON publication has stable keys, counts as numbers and marked suppressed counts") {
  test::PublicationFlow flow;
  auto author = crypto::SigningKeyPair::Generate();
  DraftContent d = flow.Draft(Consent::kPublishWithAttribution, "words", {"Ana", "Org", "academia", "Mali"});
  d.language = "fr";
  flow.Answer(author, d);
  flow.Collect();
  const std::string text = *CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kJson);
  auto j = json::parse(text);
  CHECK(j["format"] == "staccs-publication");
  CHECK(j["version"] == 2);
  CHECK(j["campaign"]["id"] == flow.campaign.id_hex());
  CHECK(j["campaign"]["questions"].size() == flow.campaign.questions.size());
  CHECK(j["small_count_threshold"] == 5);
  std::vector<std::string> keys;
  const auto ordered = nlohmann::ordered_json::parse(text);  // the file's own key order
  for (const auto& [k, v] : ordered["counts"].items()) {
    keys.push_back(k);
    CHECK((v.is_number_unsigned() || v == kSmall || v == kComplement));
  }
  CHECK(keys == std::vector<std::string>{"contributions_received", "published_with_attribution", "published_anonymously",
                                         "not_published", "withdrawn", "practice_records"});
  const json& c = j["contributions"][0];
  CHECK(c["number"] == 1);
  CHECK(c["language"] == "fr");
  CHECK(c["attribution"] == json{{"name", "Ana"}, {"organisation", "Org"}, {"stakeholder_group", "academia"}, {"country", "Mali"}});
  CHECK(c["answers"] == json::array({{{"question", flow.campaign.questions[0].id}, {"text", "words"}}}));
  CHECK(c["attachments"] == json::array());
  CHECK(j["practices"] == json::array());
  for (const char* t : {"answers_per_question", "attributed_by_stakeholder_group", "attributed_by_country",
                        "practices_by_phase", "practices_by_kind"})
    CHECK(j["tables"][t].is_array());
}
