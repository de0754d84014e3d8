// Answers matched to questions by heading (issue 11), the template and export that read back,
// practice records in Markdown, deadlines and the one-line state of each submission.
#include <doctest/doctest.h>

#include "staccs/core/answers_file.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/civil_date.h"
#include "staccs/core/practice.h"
#include "staccs/core/submission_state.h"
#include "test_support.h"

using namespace staccs;
using namespace staccs::core;

namespace {

std::vector<AnswerNote::Kind> Kinds(const std::vector<AnswerNote>& notes) {
  std::vector<AnswerNote::Kind> out;
  for (const auto& n : notes) out.push_back(n.kind);
  return out;
}

}  // namespace

TEST_CASE("a heading names its question by id or by its prompt in any language, in any order") {
  Campaign c = ForumCallTemplate();
  REQUIRE(c.questions.size() == 4);
  const std::string fr_prompt = c.questions[2].prompt.Get("fr");
  REQUIRE(fr_prompt != c.questions[2].prompt.Get("en"));
  const std::string text = "# operational-practices\nfourth\n# " + fr_prompt + "\nthird, in French\n# " +
                           c.questions[0].prompt.Get("en") + "\nfirst\n";
  auto file = ReadAnswersFile(text, c);
  REQUIRE_MESSAGE(file.ok(), test::Why(file));
  CHECK(*file->content.AnswerTo("operational-practices") == "fourth");
  CHECK(*file->content.AnswerTo("norms-and-gaps") == "third, in French");
  CHECK(*file->content.AnswerTo("problem-statement") == "first");
  CHECK(file->content.AnswerTo("challenges") == nullptr);
  // The one missing answer is the one note: no heading went unmatched.
  REQUIRE(file->notes.size() == 1);
  CHECK(file->notes[0].kind == AnswerNote::Kind::kMissing);
  CHECK(file->notes[0].question_id == "challenges");
  CHECK(DescribeAnswerNote(file->notes[0], c) == "question 2 (challenges) has no answer");
}

TEST_CASE("the beginning of a prompt up to a word's end names it") {
  Campaign c = ForumCallTemplate();
  auto file = ReadAnswersFile("# Operational\nops\n# Operat\nnot a word's end\n", c);
  REQUIRE_MESSAGE(file.ok(), test::Why(file));
  CHECK(*file->content.AnswerTo("operational-practices") == "ops");
  // "Operat" stops inside a word: it names nothing and is reported, its text kept.
  bool unmatched = false;
  for (const auto& n : file->notes)
    if (n.kind == AnswerNote::Kind::kUnmatchedHeading) unmatched = unmatched || n.heading == "Operat";
  CHECK(unmatched);
}

TEST_CASE("case, spaces and end punctuation do not count in a heading") {
  Campaign c = ForumCallTemplate();
  auto file = ReadAnswersFile("#   FEEDBACK   on the problem statement:\nyes\n# Operational\nops\n", c);
  REQUIRE_MESSAGE(file.ok(), test::Why(file));
  CHECK(*file->content.AnswerTo("problem-statement") == "yes");
  CHECK(*file->content.AnswerTo("operational-practices") == "ops");
  CHECK(Kinds(file->notes) == std::vector{AnswerNote::Kind::kMissing, AnswerNote::Kind::kMissing});
}

TEST_CASE("an unmatched heading keeps its text at its place and is reported, and a heading with nothing under it is no answer") {
  Campaign c = ForumCallTemplate();
  auto file = ReadAnswersFile("# my thoughts\nsomething\n# challenges\n\n", c);
  REQUIRE_MESSAGE(file.ok(), test::Why(file));
  CHECK(*file->content.AnswerTo("problem-statement") == "something");
  REQUIRE(file->notes.size() == 4);
  CHECK(file->notes[0].kind == AnswerNote::Kind::kUnmatchedHeading);
  CHECK(file->notes[0].heading == "my thoughts");
  CHECK(file->notes[0].line == 1);
  CHECK(file->notes[0].question_id == "problem-statement");
  CHECK(file->notes[1].kind == AnswerNote::Kind::kMissing);
  CHECK(file->notes[1].question_id == "challenges");
  CHECK(file->content.AnswerTo("challenges") == nullptr);
  CHECK(Kinds(file->notes)[2] == AnswerNote::Kind::kMissing);
}

TEST_CASE("two headings for one question are refused with both lines") {
  Campaign c = ForumCallTemplate();
  auto r = ReadAnswersFile("# challenges\na\n# Challenges?\nb\n", c);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kBadInput);
  CHECK(r.error().message.find("lines 1 and 3 both name question 2 (challenges)") != std::string::npos);
}

TEST_CASE("over-long answers are noted with their counts") {
  Campaign c = ForumCallTemplate();
  std::string many;
  for (int i = 0; i < 260; ++i) many += "word ";
  auto file = ReadAnswersFile("# challenges\n" + many + "\n", c);
  REQUIRE(file.ok());
  bool over = false;
  for (const auto& n : file->notes)
    if (n.kind == AnswerNote::Kind::kOverLimit) {
      over = true;
      CHECK(n.question_id == "challenges");
      CHECK(n.words == 260);
      CHECK(n.limit == 250);
    }
  CHECK(over);
}

TEST_CASE("the template names every question and reads back empty") {
  Campaign c = ForumCallTemplate();
  for (const char* lang : {"en", "fr", "ar"}) {
    CAPTURE(lang);
    const std::string blank = WriteAnswersFile({}, c, lang);
    for (const auto& q : c.questions) CHECK(blank.find("# " + q.prompt.Get(lang) + "\n") != std::string::npos);
    CHECK(blank.find("up to 250 words") != std::string::npos);
    auto empty = ReadAnswersFile(blank, c);
    REQUIRE_MESSAGE(empty.ok(), test::Why(empty));
    CHECK(empty->content.answers.empty());
    CHECK(Kinds(empty->notes).size() == 4);
  }
}

TEST_CASE("an export reads back to the same draft") {
  Campaign c = ForumCallTemplate();
  DraftContent d;
  d.author.name = "Amina \"the engineer\" K.";
  d.author.country = "Sudan # north";
  d.consent = Consent::kPublishAnonymously;
  d.language = "ar";
  d.answers = {{"problem-statement", "line one\n# not a heading\n\\# escaped already\n\nlast"},
               {"operational-practices", "مولدات عند الأبراج <!-- kept? -->"}};
  for (const char* lang : {"en", "ar"}) {
    auto back = ReadAnswersFile(WriteAnswersFile(d, c, lang), c);
    REQUIRE_MESSAGE(back.ok(), test::Why(back));
    CHECK(back->content.author.name == d.author.name);
    CHECK(back->content.author.country == d.author.country);
    CHECK(back->content.consent == d.consent);
    CHECK(back->content.language == "ar");
    CHECK(*back->content.AnswerTo("problem-statement") == d.answers[0].text);
    CHECK(back->content.AnswerTo("challenges") == nullptr);
  }
}

TEST_CASE("practice records read from Markdown with a header and write back to the same record") {
  auto p = ParsePracticeFile(
      "---\ntitle: Generators at towers\nphase: resilience   # a comment\nkind: gap\nactors: operators, ccTLD registries\n"
      "countries: Sudan\nsources: https://example.org/r, \"Field notes, 2024\"\n---\nWhat was done.\n\nAnd after.\n");
  REQUIRE_MESSAGE(p.ok(), test::Why(p));
  CHECK(p->title == "Generators at towers");
  CHECK(p->phase == Phase::kResilience);
  CHECK(p->kind == PracticeKind::kGap);
  CHECK(p->actors == std::vector<std::string>{"operators", "ccTLD registries"});
  CHECK(p->sources == std::vector<std::string>{"https://example.org/r", "Field notes, 2024"});
  CHECK(p->description == "What was done.\n\nAnd after.");
  auto back = ParsePracticeFile(WritePracticeFile(*p));
  REQUIRE_MESSAGE(back.ok(), test::Why(back));
  CHECK(*back == *p);
  const std::string blank = WritePracticeFile({});
  for (const char* word : {"resilience", "recovery", "good-practice", "literature"})
    CHECK(blank.find(word) != std::string::npos);
  auto bad = ParsePracticeFile("---\ntitle: x\nphase: someday\n---\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == ErrorKind::kBadInput);
  CHECK(bad.error().message.find("someday") != std::string::npos);
}

TEST_CASE("a deadline says the days left, today, or the day it closed") {
  Campaign c = ForumCallTemplate();
  CHECK(DescribeDeadline(c, 0) == "no deadline");
  c.deadline_unix = *ParseDeadlineDate("2026-03-31");  // 23:59:59 UTC that day
  const std::int64_t start_of_day = c.deadline_unix - 86399;
  CHECK_FALSE(DeadlineAt(c, c.deadline_unix).closed);  // the whole day
  CHECK(DeadlineAt(c, c.deadline_unix + 1).closed);
  CHECK(DescribeDeadline(c, start_of_day - 12 * 86400) == "closes 2026-03-31 (12 days left)");
  CHECK(DescribeDeadline(c, start_of_day + 3600) == "closes today (2026-03-31)");
  CHECK(DescribeDeadline(c, c.deadline_unix + 40 * 86400) == "closed on 2026-03-31");
}

TEST_CASE("each submission has one state: its latest revision and the furthest that revision went") {
  std::vector<OutboxEntry> outbox(3);
  outbox[0].bundle_id = "b1";
  outbox[0].submission_id = "s1";
  outbox[0].revision = 1;
  outbox[0].sealed_unix = 10;
  outbox[0].received_unix = 20;
  outbox[1].bundle_id = "b2";
  outbox[1].submission_id = "s1";
  outbox[1].revision = 2;
  outbox[1].sealed_unix = 30;
  outbox[1].paths = {{"stick:kit-label", "written", 31}, {"relay:http://127.0.0.1:1", "receipted", 32}};
  outbox[2].bundle_id = "b3";
  outbox[2].submission_id = "s2";
  outbox[2].revision = 1;
  outbox[2].sealed_unix = 40;
  const auto states = SubmissionStates(outbox);
  REQUIRE(states.size() == 2);
  CHECK(states[0].submission_id == "s1");
  CHECK(states[0].revision == 2);
  CHECK(states[0].revisions == 2);
  CHECK(states[0].bundle_id == "b2");
  CHECK(states[0].place == SubmissionPlace::kAtRelay);
  CHECK(states[0].where == "http://127.0.0.1:1");
  CHECK(states[1].place == SubmissionPlace::kSealed);
  CHECK(SubmissionPlaceName(SubmissionPlace::kReceived) == "received");
}
