#include <doctest/doctest.h>

#include <filesystem>

#include "staccs/core/campaign_template.h"
#include "staccs/core/civil_date.h"
#include "staccs/core/draft.h"

using namespace staccs::core;

TEST_CASE("words are counted in Latin and Arabic script alike") {
  CHECK(CountWords("") == 0);
  CHECK(CountWords("  one, two;three\n four-five ") == 5);
  CHECK(CountWords("l'accès à l'internet") == 3);
  CHECK(CountWords("حماية البنية التحتية، للإنترنت؟") == 4);
  CHECK(CountWords("ITU — OCHA … ICRC") == 3);
}

TEST_CASE("word limits warn per question and in total") {
  Campaign c = ForumCallTemplate();
  c.questions[0].word_limit = 3;
  c.total_word_limit = 5;
  DraftContent d;
  d.answers = {{c.questions[0].id, "one two three four"}, {c.questions[1].id, "five six"}};
  DraftWordCounts counts = CountDraftWords(d, c);
  CHECK(counts.per_question[0].words == 4);
  CHECK(counts.per_question[0].over());
  CHECK_FALSE(counts.per_question[1].over());
  CHECK(counts.total == 6);
  CHECK(counts.total_over());
  CHECK(counts.any_over());
}

TEST_CASE("the default template is the forum's call in three languages") {
  Campaign c = ForumCallTemplate();
  REQUIRE(c.questions.size() == 4);
  CHECK(c.languages == std::vector<std::string>{"en", "fr", "ar"});
  CHECK(c.awaiting_review == std::vector<std::string>{"fr", "ar"});
  CHECK(c.total_word_limit == 1000);
  for (const auto& q : c.questions)
    for (const char* lang : {"en", "fr", "ar"}) CHECK(!q.prompt.by_language.at(lang).empty());
  CHECK(c.description.Get("en").find("public core") != std::string::npos);
}

TEST_CASE("deadline dates are read and shown in UTC without the C library's time zones") {
  CHECK(ParseDeadlineDate("1970-01-01") == 86399);
  CHECK(ParseDeadlineDate("2025-06-13") == 1749859199);
  CHECK(ParseDeadlineDate("2024-02-29").has_value());
  CHECK_FALSE(ParseDeadlineDate("2025-02-29").has_value());
  CHECK_FALSE(ParseDeadlineDate("2025-13-01").has_value());
  CHECK_FALSE(ParseDeadlineDate("25-1-1").has_value());
  CHECK(FormatUtcDate(1749859199) == "2025-06-13");
  CHECK(FormatUtcDate(0) == "1970-01-01");
}

TEST_CASE("a Unix time breaks down into UTC fields and weekday, before and after 1970") {
  struct Case {
    std::int64_t t;
    std::int64_t year;
    unsigned month, day, hour, minute, second, weekday;
  };
  const Case cases[] = {{0, 1970, 1, 1, 0, 0, 0, 4},          {-1, 1969, 12, 31, 23, 59, 59, 3},
                        {951782400, 2000, 2, 29, 0, 0, 0, 2}, {1796247703, 2026, 12, 2, 21, 41, 43, 3},
                        {4102444799, 2099, 12, 31, 23, 59, 59, 4}};
  for (const Case& c : cases) {
    CAPTURE(c.t);
    const UtcFields f = BreakDownUtc(c.t);
    CHECK(f.year == c.year);
    CHECK(f.month == c.month);
    CHECK(f.day == c.day);
    CHECK(f.hour == c.hour);
    CHECK(f.minute == c.minute);
    CHECK(f.second == c.second);
    CHECK(f.weekday == c.weekday);
  }
}
