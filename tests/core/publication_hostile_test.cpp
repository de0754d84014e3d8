// Issue 8: everything a contributor wrote is inert in every format, checked with the parsers
// its readers use: html5lib (a browser's parsing) reports no error and sees no element or
// attribute of the contributor's, Python-Markdown renders none, the csv module reads every
// row back whole. Hostile answers, names, organisations, groups and countries.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cmark.h>

#include <cstdlib>
#include <regex>
#include <set>

#include "publication_fixture.h"

using namespace staccs;
using namespace staccs::core;
using nlohmann::json;

namespace {

const std::string kRlo = "\xE2\x80\xAE", kLri = "\xE2\x81\xA6", kFsi = "\xE2\x81\xA8", kPdi = "\xE2\x81\xA9";

// Each line is an attack on some reader of the publication.
const char* const kHostileAnswer =
    "<script>alert('answer')</script>\n"
    "<img src=x onerror=alert(1)>\n"
    "[click me](javascript:alert(2)) and <a href=\"javascript:alert(3)\">link</a>\n"
    "![pixel](https://tracker.example/p.png)\n"
    "<https://autolink.example/> <!-- hidden comment -->\n"
    "\n"
    "### Contribution 99\n"
    "**Attributed to:** Famous Person · Big Org\n"
    "\n"
    "| injected | table |\n"
    "| --- | --- |\n"
    "| 1 | 2 |\n"
    "\n"
    "Setext heading\n"
    "===\n"
    "Another\n"
    "---\n"
    "    indented code\n"
    "1. a list\n"
    "> a quote\n"
    "* a bullet\n"
    "{: onclick=\"alert(4)\" }\n"
    "Footnote[^1] and *[HTML]: abbreviation\n"
    "[^1]: the note\n"
    "[ref]: https://evil.example/\n"
    "~~struck~~ $math$ &lt;entity&gt; &amp;\n"
    "```\nfenced\n```\n"
    "<div markdown=\"1\">**inside html**</div>\n"
    "=HYPERLINK(\"https://evil.example\")\n"
    "Mallory \xE2\x80\xAE" "enoD nhoJ and \xE2\x81\xA6isolate\xE2\x81\xA9 \x1b[31mred\x1b[0m \xC2\x9B" "csi \xEF\xBF\xBE nonchar";

struct Hostile {
  AuthorDetails author;
  std::string answer;
};

std::vector<Hostile> Contributors() {
  return {
      {{"<b onmouseover=alert(5)>Mallory</b> \xE2\x80\xAE" "enoD nhoJ", "\"><script>alert(6)</script>", "| group | 99 |",
        "<i>Chad</i>"},
       kHostileAnswer},
      {{"=cmd|' /C calc'!A0", "\t=1+1", "+SUM(1)", "-2+3"}, "\t=HYPERLINK(\"x\")"},
      {{"@SUM(A1)", "\r=2+2", "\xEF\xBC\x9D" "fullwidth", "### Contribution 98\n**Attributed to:** Forger"},
       "-1+1 starts like a formula\r\nand has a CR LF"},
  };
}

// The contributors' own words, as the cleaner leaves them: what readers must see as text.
const char* const kMustShowAsText[] = {"<script>alert('answer')</script>", "<img src=x onerror=alert(1)>",
                                       "<b onmouseover=alert(5)>Mallory</b>", "Mallory enoD nhoJ"};

test::PublicationFlow& Published(test::PublicationFlow& flow) {
  auto author = crypto::SigningKeyPair::Generate();
  for (const auto& h : Contributors()) {
    DraftContent d = flow.Draft(Consent::kPublishWithAttribution, h.answer, h.author);
    d.answers.push_back({flow.campaign.questions[1].id, h.answer});
    flow.Answer(author, d);
  }
  PracticeContent p;
  p.title = "<script>alert(7)</script> ### Practice 99";
  p.description = kHostileAnswer;
  p.actors = {"<b>ISOC</b>", "=1+1"};
  p.countries = {"Mallory \xE2\x80\xAE" "enoD"};
  p.sources = {"javascript:alert(8)", "https://ok.example/ \"onmouseover=x", "[x](javascript:alert(9))"};
  flow.Practice(author, p);
  // A contributor who did not consent: nothing of theirs may show, not even escaped.
  flow.Answer(author, flow.Draft(Consent::kDoNotPublish, "HIDDENANSWER", {"HIDDENNAME", "", "", "CTRYHIDDEN village"}));
  flow.Collect();
  return flow;
}

bool IsTableTitle(const std::string& heading) {
  for (const char* t : {"Answers per question", "Attributed contributions by stakeholder group",
                        "Attributed contributions by country", "Practice records by phase", "Practice records by kind"})
    if (heading == t) return true;
  return false;
}

// Nothing that reorders text survives anywhere in a file.
void CheckNoBidiControls(const std::string& bytes) {
  CHECK(bytes.find(kRlo) == std::string::npos);
  CHECK(bytes.find(kLri) == std::string::npos);
  CHECK(bytes.find("\xE2\x80\xAA") == std::string::npos);
  CHECK(bytes.find('\x1b') == std::string::npos);
  CHECK(bytes.find("\xC2\x9B") == std::string::npos);
  CHECK(bytes.find("\xEF\xBF\xBE") == std::string::npos);
  CHECK(bytes.find("HIDDEN") == std::string::npos);
}

}  // namespace

TEST_CASE("hostile contributions leave the HTML publication well-formed, inert and isolated (html5lib)") {
  test::PublicationFlow flow;
  Published(flow);
  flow.Write(PublicationFormat::kHtml, "pub.html");
  const std::string bytes = test::ReadFileText(flow.dir / "pub.html");
  CheckNoBidiControls(bytes);
  CHECK(bytes.find("<bdi>") != std::string::npos);
  CHECK(bytes.find("default-src 'none'") != std::string::npos);  // the browser refuses scripts and loads too

  const json seen = test::CheckWithPython("html", flow.dir / "pub.html");
  CHECK_MESSAGE(seen["errors"].empty(), seen["errors"].dump());
  const std::set<std::string> ours = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4",
                                      "p", "table", "tbody", "tr", "th", "td", "section", "div", "ul", "ol", "li",
                                      "a", "em", "strong", "code", "pre", "blockquote", "hr", "br", "bdi"};
  for (const auto& [element, count] : seen["elements"].items()) CHECK_MESSAGE(ours.count(element), element);
  const std::set<std::string> attributes = {"lang", "dir", "class", "id", "href", "rel", "start", "charset", "name",
                                            "content", "http-equiv"};
  for (const auto& a : seen["attributes"]) CHECK_MESSAGE(attributes.count(a[1].get<std::string>()), a.dump());
  const std::regex safe_link(R"(^(https?://[^"<> ]+|mailto:[^"<> ]+|[A-Za-z0-9._~%/-]+)$)");
  for (const auto& link : seen["links"]) CHECK_MESSAGE(std::regex_match(link.get<std::string>(), safe_link), link);
  for (const auto& link : seen["links"]) CHECK(link.get<std::string>().find("evil") == std::string::npos);
  // Our headings only: nobody forged a contribution.
  std::vector<std::string> h3;
  for (const auto& h : seen["headings"])
    if (h[0] == "h3" && !IsTableTitle(h[1])) h3.push_back(h[1]);
  REQUIRE_MESSAGE(h3.size() == 4, seen["headings"].dump());
  CHECK(h3[0] == "Contribution 1");
  CHECK(h3[1] == "Contribution 2");
  CHECK(h3[2] == "Contribution 3");
  CHECK(h3[3] == "1. <script>alert(7)</script> ### Practice 99");
  const std::string text = seen["text"];
  for (const char* t : kMustShowAsText) CHECK_MESSAGE(text.find(t) != std::string::npos, t);
}

TEST_CASE("hostile contributions render as their own text in the Markdown publication (Python-Markdown, CommonMark)") {
  test::PublicationFlow flow;
  Published(flow);
  flow.Write(PublicationFormat::kMarkdown, "pub.md");
  const std::string bytes = test::ReadFileText(flow.dir / "pub.md");
  CheckNoBidiControls(bytes);
  CHECK(bytes.find(kFsi + "Mallory enoD nhoJ") != std::string::npos);  // isolated, override gone

  const json seen = test::CheckWithPython("md", flow.dir / "pub.md");
  CHECK_MESSAGE(seen["errors"].empty(), seen["errors"].dump());
  // Only our structure: headings, bold labels, paragraphs with line breaks, the count tables.
  const std::set<std::string> ours = {"html", "head", "title", "body", "h1", "h2", "h3", "h4", "p", "strong", "br",
                                      "table", "thead", "tbody", "tr", "th", "td"};
  for (const auto& [element, count] : seen["elements"].items()) CHECK_MESSAGE(ours.count(element), element << " in " << seen["html"]);
  CHECK_MESSAGE(seen["attributes"].empty(), seen["attributes"].dump());
  std::vector<std::string> h3;
  for (const auto& h : seen["headings"])
    if (h[0] == "h3" && !IsTableTitle(h[1])) h3.push_back(h[1]);
  REQUIRE_MESSAGE(h3.size() == 4, seen["headings"].dump());
  CHECK(h3[0] == "Contribution 1");
  CHECK(h3[2] == "Contribution 3");
  CHECK(h3[3] == "Practice 1: " + kFsi + "<script>alert(7)</script> ### Practice 99" + kPdi);
  // Bold is ours alone: "Attributed to:" three times, the practice's kind, its three lists.
  CHECK(seen["elements"]["strong"] == 3 + 1 + 3);
  const std::string text = seen["text"];
  for (const char* t : kMustShowAsText) CHECK_MESSAGE(text.find(t) != std::string::npos, t);
  for (const char* t : {"### Contribution 99", "[click me](javascript:alert(2))", "**Attributed to:** Famous Person", "| injected | table |", "{: onclick=\"alert(4)\" }",
                        "[^1]: the note", "~~struck~~ $math$ &lt;entity&gt; &amp;", "=HYPERLINK(\"https://evil.example\")"})
    CHECK_MESSAGE(text.find(t) != std::string::npos, t);
  // Every count row kept its cell.
  CHECK(seen["elements"]["td"].get<int>() % 2 == 0);

  // The same file read as CommonMark (GitHub, pandoc): libcmark, with raw HTML allowed
  // through (CMARK_OPT_UNSAFE), so anything the escaping missed would show as an element.
  char* rendered = cmark_markdown_to_html(bytes.data(), bytes.size(), CMARK_OPT_UNSAFE);
  REQUIRE(rendered != nullptr);
  test::WriteFile(flow.dir / "commonmark.html",
                  "<!DOCTYPE html><html><head><title>t</title></head><body>" + std::string(rendered) + "</body></html>");
  std::free(rendered);
  const json common = test::CheckWithPython("html", flow.dir / "commonmark.html");
  CHECK_MESSAGE(common["errors"].empty(), common["errors"].dump());
  for (const auto& [element, count] : common["elements"].items()) CHECK_MESSAGE(ours.count(element), element);
  CHECK_MESSAGE(common["attributes"].empty(), common["attributes"].dump());
  std::size_t common_h3 = 0;
  for (const auto& h : common["headings"])
    if (h[0] == "h3" && !IsTableTitle(h[1])) ++common_h3;
  CHECK(common_h3 == 4);
  CHECK(common["elements"]["strong"] == 3 + 1 + 3);
  const std::string common_text = common["text"];
  for (const char* t : kMustShowAsText) CHECK_MESSAGE(common_text.find(t) != std::string::npos, t);
}

TEST_CASE("hostile contributions come back cell for cell from the CSV publication, formulas neutralised (csv module)") {
  test::PublicationFlow flow;
  Published(flow);
  flow.Write(PublicationFormat::kCsv, "pub.csv");
  CheckNoBidiControls(test::ReadFileText(flow.dir / "pub.csv"));
  CheckNoBidiControls(test::ReadFileText(flow.dir / "pub-practices.csv"));
  const json rows = test::CheckWithPython("csv", flow.dir / "pub.csv")["rows"];
  REQUIRE(rows.size() == 4);
  const std::size_t columns = 7 + flow.campaign.questions.size() + 1;
  for (const auto& r : rows) CHECK(r.size() == columns);
  // contribution,attribution,name,organisation,stakeholder_group,country,language,questions…,attachments
  CHECK(rows[1][2] == "<b onmouseover=alert(5)>Mallory</b> enoD nhoJ");
  CHECK(rows[1][3] == "\"><script>alert(6)</script>");
  CHECK(rows[2][2] == "'=cmd|' /C calc'!A0");
  CHECK(rows[2][3] == "'=1+1");  // the leading tab is trimmed; what follows is still neutralised
  CHECK(rows[2][4] == "'+SUM(1)");
  CHECK(rows[2][5] == "'-2+3");
  CHECK(rows[2][7] == "'=HYPERLINK(\"x\")");
  CHECK(rows[3][2] == "'@SUM(A1)");
  CHECK(rows[3][3] == "'=2+2");
  CHECK(rows[3][4] == "'\xEF\xBC\x9D" "fullwidth");
  CHECK(rows[3][5] == "### Contribution 98 **Attributed to:** Forger");
  CHECK(rows[3][7] == "'-1+1 starts like a formula\nand has a CR LF");
  const std::string answer = rows[1][7];
  CHECK(answer.find("<script>alert('answer')</script>\n<img") == 0);
  CHECK(answer.find("Mallory enoD nhoJ and isolate [31mred[0m csi  nonchar") != std::string::npos);
  const json practices = test::CheckWithPython("csv", flow.dir / "pub-practices.csv")["rows"];
  REQUIRE(practices.size() == 2);
  CHECK(practices[1].size() == 8);
  CHECK(practices[1][1] == "<script>alert(7)</script> ### Practice 99");
  CHECK(practices[1][5] == "<b>ISOC</b>; =1+1");
}

TEST_CASE("hostile contributions stay data in the JSON publication") {
  test::PublicationFlow flow;
  Published(flow);
  flow.Write(PublicationFormat::kJson, "pub.json");
  const std::string bytes = test::ReadFileText(flow.dir / "pub.json");
  CheckNoBidiControls(bytes);
  auto j = json::parse(bytes, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  REQUIRE(j["contributions"].size() == 3);
  CHECK(j["contributions"][0]["attribution"]["name"] == "<b onmouseover=alert(5)>Mallory</b> enoD nhoJ");
  CHECK(j["contributions"][2]["attribution"]["country"] == "### Contribution 98 **Attributed to:** Forger");
  CHECK(j["tables"]["attributed_by_country"].size() == 1);  // "<i>Chad</i>" and the rest: other or not given
  CHECK(j["tables"]["attributed_by_country"][0]["key"] == "other");
}
