#include <doctest/doctest.h>

#include <filesystem>

#include "staccs/core/answers_file.h"
#include "test_support.h"
#include "staccs/core/campaign_template.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::core;

TEST_CASE("Markdown answers map one heading per question, in order, with a header") {
  Campaign c = ForumCallTemplate();
  auto d = ParseAnswersFile("---\nname: Amina\nOrganisation: Net Org\nconsent: do-not-publish\nlanguage: ar\n---\n"
                            "# anything\nfirst answer\n\nsecond paragraph\n# next\nsecond answer\n", c);
  REQUIRE_MESSAGE(d.ok(), test::Why(d));
  REQUIRE(d->answers.size() == 2);
  CHECK(d->answers[0].question_id == c.questions[0].id);
  CHECK(d->answers[0].text == "first answer\n\nsecond paragraph");
  CHECK(d->answers[1].question_id == c.questions[1].id);
  CHECK(d->author.name == "Amina");
  CHECK(d->author.organisation == "Net Org");
  CHECK(d->consent == Consent::kDoNotPublish);
  CHECK(d->language == "ar");
}

TEST_CASE("JSON answers are matched by question id") {
  Campaign c = ForumCallTemplate();
  auto d = ParseAnswersFile(R"({"answers": {"challenges": "fuel", "problem-statement": "ok"},
                                "author": {"country": "Mali"}, "consent": "attributed"})", c);
  REQUIRE_MESSAGE(d.ok(), test::Why(d));
  CHECK(*d->AnswerTo("challenges") == "fuel");
  CHECK(d->answers[0].question_id == "problem-statement");  // campaign order
  CHECK(d->author.country == "Mali");
  CHECK(d->consent == Consent::kPublishWithAttribution);
}

TEST_CASE("malformed answers files are refused with a reason") {
  Campaign c = ForumCallTemplate();
  struct Case { const char* text; const char* reason; };
  const Case cases[] = {
      {"# 1\na\n# 2\nb\n# 3\nc\n# 4\nd\n# 5\ne\n", "more '#' headings"},
      {"text before\n# 1\na\n", "before the first"},
      {"---\nconsent: maybe\n---\n", "consent 'maybe'"},
      {"---\nname: x\n", "never closed"},
      {"---\nshoe size: 44\n---\n", "unknown field"},
      {"{\"answers\": {\"nope\": \"x\"}}", "not a question"},
      {"{\"answers\": {\"challenges\": 5}}", "must be text"},
      {"{not json", "not a JSON object"},
      {"bad \xff byte", "not UTF-8"},
  };
  for (const Case& k : cases) {
    CAPTURE(k.text);
    auto r = ParseAnswersFile(k.text, c);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::kBadInput);
    CHECK(r.error().message.find(k.reason) != std::string::npos);
  }
}
