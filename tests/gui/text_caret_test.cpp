// Carets on mixed lines: where each logical position is drawn, that the arrows reach every
// position exactly once moving visually, how they cross wrapped lines and paragraphs, Home/End,
// Up/Down, clicks, and the selection highlight.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "staccs/gui/text/caret.h"
#include "staccs/gui/text/clusters.h"
#include "staccs/gui/text/utf32.h"

using namespace staccs::gui::text;

namespace {

DocumentLayout Layout(const std::u32string& text, float box, bool wrap = false) {
  DocumentOptions o;
  o.box_width = box;
  o.wrap = wrap;
  return LayoutDocument(text, o);
}

std::vector<float> XsOf(const std::u32string& text, const DocumentLayout& d) {
  std::vector<float> xs;
  for (std::uint32_t p = 0; p <= text.size(); ++p) xs.push_back(CaretX(d, {p, false}));
  return xs;
}

// Positions visited pressing one arrow from `start` until the caret stops moving.
std::vector<std::uint32_t> Walk(const std::u32string& text, const DocumentLayout& d, Caret start, bool right) {
  std::vector<std::uint32_t> seen{start.pos};
  Caret c = start;
  for (std::size_t guard = 0; guard < 4 * text.size() + 8; ++guard) {
    const Caret next = MoveVisually(text, d, c, right);
    if (next == c) break;
    c = next;
    seen.push_back(c.pos);
  }
  return seen;
}

}  // namespace

TEST_CASE("caret positions on a left-to-right line with an Arabic word") {
  // "ab سلم cd": a0 b1 _2 seen3 lam4 meem5 _6 c7 d8, drawn "ab ملس cd".
  const std::u32string text = ToUtf32("ab سلم cd");
  const DocumentLayout d = Layout(text, 100);
  // Each position sits at the trailing edge of the character before it: inside the Arabic word
  // that edge is on the left, so after "س" (pos 4) the caret is left of it, at x = 5.
  CHECK(XsOf(text, d) == std::vector<float>{0, 1, 2, 3, 5, 4, 3, 7, 8, 9});
}

TEST_CASE("caret positions on a right-to-left line ending in a Latin word") {
  // "سلم ab": seen0 lam1 meem2 _3 a4 b5, drawn "ab ملس" right-aligned in a box of 6.
  const std::u32string text = ToUtf32("سلم ab");
  const DocumentLayout d = Layout(text, 6);
  REQUIRE(d.lines[0].rtl);
  CHECK(XsOf(text, d) == std::vector<float>{6, 5, 4, 3, 2, 1, 2});
}

TEST_CASE("the arrows visit every position of a mixed line exactly once") {
  const char* lines[] = {"ab سلم cd", "سلم ab", "بصمة 48213 90417 هنا", "Le mot «سلام» (paix) 2024.",
                         "دور (ICANN) هنا!", "بَاب e\u0301t\u00E9", "لا لا"};
  for (const char* utf8 : lines) {
    CAPTURE(utf8);
    const std::u32string text = ToUtf32(utf8);
    const DocumentLayout d = Layout(text, 200);
    std::set<std::uint32_t> boundaries;
    for (std::uint32_t p = 0; p <= text.size(); ++p)
      if (IsClusterBoundary(text, p)) boundaries.insert(p);
    // From the leftmost caret position rightwards, and from the rightmost leftwards.
    const Caret left_end = HitTest(text, d, 0, -1e4f);
    const Caret right_end = HitTest(text, d, 0, 1e4f);
    for (bool right : {true, false}) {
      CAPTURE(right);
      std::vector<std::uint32_t> walk = Walk(text, d, right ? left_end : right_end, right);
      const std::set<std::uint32_t> visited(walk.begin(), walk.end());
      CHECK(walk.size() == visited.size());  // no position twice
      CHECK(visited == boundaries);          // and none left out
      // Moving right never moves the caret left on screen (and left never right).
      for (std::size_t k = 1; k < walk.size(); ++k) {
        const float a = CaretX(d, {walk[k - 1], false}), b = CaretX(d, {walk[k], false});
        CHECK((right ? b >= a : b <= a));
      }
    }
  }
}

TEST_CASE("a caret in a lam-alef ligature stands halfway through the glyph") {
  // "لا": one glyph of width 1 for two letters; after the lam the caret is in its middle.
  const std::u32string text = U"\u0644\u0627";
  const DocumentLayout d = Layout(text, 1);
  CHECK(CaretX(d, {0, false}) == doctest::Approx(1.0));
  CHECK(CaretX(d, {1, false}) == doctest::Approx(0.5));
  CHECK(CaretX(d, {2, false}) == doctest::Approx(0.0));
}

TEST_CASE("no caret stops between a letter and its harakat") {
  const std::u32string text = ToUtf32("بَاب");  // beh, fatha, alef, beh
  CHECK_FALSE(IsClusterBoundary(text, 1));
  const DocumentLayout d = Layout(text, 10);
  CHECK(MoveVisually(text, d, {0, false}, false).pos == 2);  // Left reads on in Arabic
  CHECK(MoveVisually(text, d, {2, false}, true).pos == 0);
}

TEST_CASE("arrows cross wrapped lines in reading order, without stopping twice at the wrap") {
  // "aaa bbb" wrapped at 4: [0,4) "aaa " and [4,7) "bbb".
  const std::u32string text = U"aaa bbb";
  const DocumentLayout d = Layout(text, 4, true);
  REQUIRE(d.lines.size() == 2);
  // End of line 1 (after the space) → Right → after the first b, on line 2.
  const Caret end1{4, false};
  CHECK(CaretLine(d, end1) == 0);
  CHECK(CaretLine(d, {4, true}) == 1);
  CHECK(MoveVisually(text, d, end1, true) == Caret{5, false});
  // Start of line 2 → Left → before the space at the end of line 1.
  CHECK(MoveVisually(text, d, {4, true}, false) == Caret{3, false});
  CHECK(LineStart(d, {6, false}) == Caret{4, true});
  CHECK(LineEnd(d, {1, false}) == Caret{4, false});
}

TEST_CASE("in a right-to-left paragraph Left reads on to the next line") {
  const std::u32string text = ToUtf32("سلام عليكم");  // wraps after the space at width 5
  const DocumentLayout d = Layout(text, 5, true);
  REQUIRE(d.lines.size() == 2);
  REQUIRE(d.lines[0].rtl);
  // The caret at the end of line 1 (visual left edge): Left goes on into line 2.
  const Caret end1{5, false};
  CHECK(CaretLine(d, end1) == 0);
  const Caret next = MoveVisually(text, d, end1, false);
  CHECK(CaretLine(d, next) == 1);
  CHECK(next.pos == 6);
  // And Right at the start of line 2 (its right edge) comes back to line 1.
  CHECK(CaretLine(d, MoveVisually(text, d, {5, true}, true)) == 0);
}

TEST_CASE("arrows cross paragraphs and stop at the ends of the text") {
  const std::u32string text = U"ab\ncd";
  const DocumentLayout d = Layout(text, 10);
  CHECK(MoveVisually(text, d, {2, false}, true) == Caret{3, false});
  CHECK(MoveVisually(text, d, {3, false}, false) == Caret{2, false});
  CHECK(MoveVisually(text, d, {5, false}, true) == Caret{5, false});
  CHECK(MoveVisually(text, d, {0, false}, false) == Caret{0, false});
}

TEST_CASE("up and down keep the caret's x across lines of different directions") {
  // Line 1 LTR "abcdef", line 2 RTL "سلام" right-aligned in a box of 6 (x 3..6).
  const std::u32string text = ToUtf32("abcdef\nسلام");
  const DocumentLayout d = Layout(text, 6);
  // From after "abcde" (x = 5) down: the nearest stop on the Arabic line at x 5 is after seen.
  const Caret down = MoveVertically(text, d, {5, false}, 1, 5.0f);
  CHECK(CaretLine(d, down) == 1);
  CHECK(CaretX(d, down) == doctest::Approx(5));
  CHECK(down.pos == 8);
  // Up from the first line goes to its start; down from the last to its end.
  CHECK(MoveVertically(text, d, {3, false}, -1, 3.0f) == Caret{0, false});
  CHECK(MoveVertically(text, d, down, 1, 5.0f).pos == text.size());
}

TEST_CASE("a click lands on the nearest caret position of its line") {
  const std::u32string text = ToUtf32("ab سلم cd");  // xs: 0 1 2 3 5 4 3 7 8 9
  const DocumentLayout d = Layout(text, 100);
  CHECK(HitTest(text, d, 0, 4.4f).pos == 5);
  CHECK(HitTest(text, d, 0, 5.2f).pos == 4);
  CHECK(HitTest(text, d, 0, 6.6f).pos == 7);
  CHECK(HitTest(text, d, 0, 50.0f).pos == 9);
  CHECK(HitTest(text, d, 0, -5.0f).pos == 0);
}

TEST_CASE("a selection across a direction change is highlighted as separate runs") {
  // Select "b سل" (logical 1..5) in "ab سلم cd": on screen "b " then "لس" — with meem between
  // them unselected, the highlight is two runs.
  const std::u32string text = ToUtf32("ab سلم cd");
  const DocumentLayout d = Layout(text, 100);
  const auto spans = SelectionSpans(d, 1, 5, 0.5f);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].x0 == doctest::Approx(1));
  CHECK(spans[0].x1 == doctest::Approx(3));
  CHECK(spans[1].x0 == doctest::Approx(4));
  CHECK(spans[1].x1 == doctest::Approx(6));
  // A selected line break shows as a small box at the paragraph's end.
  const std::u32string two = U"ab\ncd";
  const auto with_break = SelectionSpans(Layout(two, 10), 1, 4, 0.5f);
  REQUIRE(with_break.size() == 3);
  CHECK(with_break[1].x0 == doctest::Approx(2));
  CHECK(with_break[1].x1 == doctest::Approx(2.5));
}
