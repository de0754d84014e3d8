// Lines wrapped in logical order and each reordered on its own: where lines break, what hangs
// past the edge, what never splits (clusters, lam-alef, no-break spaces), and how paragraphs of
// a document take their directions.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "staccs/gui/text/document_layout.h"
#include "staccs/gui/text/paragraph_layout.h"
#include "staccs/gui/text/utf32.h"

using namespace staccs::gui::text;

namespace {

// The logical ranges of the lines of `utf8` wrapped at `width` (every glyph 1 wide).
std::vector<std::pair<std::uint32_t, std::uint32_t>> Lines(const char* utf8, float width,
                                                           BaseDirection dir = BaseDirection::kAuto) {
  LayoutOptions o;
  o.direction = dir;
  o.wrap_width = width;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const auto& l : LayoutParagraph(ToUtf32(utf8), o).lines) out.emplace_back(l.begin, l.end);
  return out;
}

std::vector<std::uint32_t> VisualLogicals(const LayoutLine& line) {
  std::vector<std::uint32_t> out;
  for (const auto& g : line.glyphs) out.push_back(g.logical);
  return out;
}

using Ranges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

}  // namespace

TEST_CASE("lines break after spaces and the spaces stay at the end of their line") {
  CHECK(Lines("aaa bbb ccc", 6) == Ranges{{0, 4}, {4, 8}, {8, 11}});
  CHECK(Lines("aaa bbb ccc", 7) == Ranges{{0, 8}, {8, 11}});
  CHECK(Lines("aaa bbb ccc", 11) == Ranges{{0, 11}});
  CHECK(Lines("aaa bbb ccc", 0) == Ranges{{0, 11}});  // no wrapping
  // Spaces never push a line over: three spaces after a word that just fits hang.
  CHECK(Lines("aaa   bbb", 3) == Ranges{{0, 6}, {6, 9}});
}

TEST_CASE("a word wider than the line is broken between clusters") {
  CHECK(Lines("abcdefghij", 4) == Ranges{{0, 4}, {4, 8}, {8, 10}});
  // e + combining acute is one cluster: never split, even at width 1.
  CHECK(Lines("e\u0301e\u0301", 1) == Ranges{{0, 2}, {2, 4}});
  // A lam that forms a ligature with the alef after it stays with it.
  CHECK(Lines("لالالا", 1) == Ranges{{0, 2}, {2, 4}, {4, 6}});
  // Every line holds at least one cluster, whatever the width.
  CHECK(Lines("ab", 0.1f) == Ranges{{0, 1}, {1, 2}});
}

TEST_CASE("no-break spaces do not break a line, French punctuation stays with its word") {
  // "Genève :" with a narrow no-break space must not leave the colon alone on the next line.
  CHECK(Lines("Oui Genève\u202F: non", 10) == Ranges{{0, 4}, {4, 13}, {13, 16}});
  CHECK(Lines("3\u00A0000 km", 5) == Ranges{{0, 6}, {6, 8}});
}

TEST_CASE("each wrapped line of Arabic is reordered on its own, right to left") {
  // "سلام عليكم يا صديقي": at width 10 the first line holds the first two words and their space.
  LayoutOptions o;
  o.wrap_width = 10;
  const ParagraphLayout p = LayoutParagraph(ToUtf32("سلام عليكم يا صديقي"), o);
  REQUIRE(p.rtl);
  REQUIRE(p.lines.size() == 2);
  CHECK(p.lines[0].begin == 0);
  CHECK(p.lines[0].end == 11);
  // Right to left, so the last logical character is leftmost; the trailing space (10) hangs on
  // the left of the visible text; lam-alef (1 and 2) is one glyph.
  CHECK(VisualLogicals(p.lines[0]) == std::vector<std::uint32_t>{10, 9, 8, 7, 6, 5, 4, 3, 1, 0});
  CHECK(p.lines[0].glyphs.front().x < 0);
  CHECK(p.lines[0].glyphs[1].x == doctest::Approx(0));
  CHECK(p.lines[0].visible_width == doctest::Approx(9));
  CHECK(VisualLogicals(p.lines[1]) == std::vector<std::uint32_t>{18, 17, 16, 15, 14, 13, 12, 11});
}

TEST_CASE("a wrapped mixed paragraph keeps each line's Latin run left to right") {
  // نستخدم Open Source كثيرا — "we use open source a lot".
  LayoutOptions o;
  o.wrap_width = 12;
  const ParagraphLayout p = LayoutParagraph(ToUtf32("نستخدم Open Source كثيرا"), o);
  REQUIRE(p.rtl);
  REQUIRE(p.lines.size() == 2);
  CHECK(p.lines[0].end == 12);
  // Line 1: the hanging space, "Open" left to right, the space, the Arabic word read from the right.
  CHECK(VisualLogicals(p.lines[0]) == std::vector<std::uint32_t>{11, 7, 8, 9, 10, 6, 5, 4, 3, 2, 1, 0});
  // Line 2 starts (on the right) with "Source", then the Arabic word to its left.
  CHECK(VisualLogicals(p.lines[1]) == std::vector<std::uint32_t>{23, 22, 21, 20, 19, 18, 12, 13, 14, 15, 16, 17});
}

TEST_CASE("real glyph widths decide the breaks, the ligature counting once") {
  // lam and alef are 5 each on their own, the ligature 6: "لا لا" fits 13 as one line.
  const AdvanceFn advance = [](char32_t c) -> float {
    if (c == 0xFEFB || c == 0xFEFC) return 6;
    return c == U' ' ? 1.0f : 5.0f;
  };
  LayoutOptions o;
  o.wrap_width = 13;
  const ParagraphLayout p = LayoutParagraph(ToUtf32("لا لا"), o, advance);
  REQUIRE(p.lines.size() == 1);
  CHECK(p.lines[0].visible_width == doctest::Approx(13));
  o.wrap_width = 12;
  CHECK(LayoutParagraph(ToUtf32("لا لا"), o, advance).lines.size() == 2);
}

TEST_CASE("an empty paragraph lays out as one empty line") {
  const ParagraphLayout p = LayoutParagraph(U"", {});
  REQUIRE(p.lines.size() == 1);
  CHECK(p.lines[0].glyphs.empty());
  CHECK(p.lines[0].visible_width == 0);
}

TEST_CASE("a document aligns each paragraph by its own direction") {
  DocumentOptions o;
  o.box_width = 20;
  const DocumentLayout d = LayoutDocument(ToUtf32("Hello\nسلام\n\n123"), o);
  REQUIRE(d.lines.size() == 4);
  CHECK_FALSE(d.lines[0].rtl);
  CHECK(d.lines[0].origin_x == 0);
  CHECK(d.lines[1].rtl);
  CHECK(d.lines[1].origin_x == doctest::Approx(20 - 3));  // right-aligned; lam-alef is one glyph
  // The empty line and the digits-only line have no strong letter: they continue the Arabic.
  CHECK(d.lines[2].rtl);
  CHECK(d.lines[3].rtl);
  CHECK(d.lines[1].begin == 6);
  CHECK(d.lines[1].end == 10);
  CHECK(d.lines[2].begin == 11);
  CHECK(d.lines[2].end == 11);
  CHECK(d.lines[3].begin == 12);
}

TEST_CASE("an empty document starts on the side of the interface's language") {
  DocumentOptions o;
  o.box_width = 50;
  o.fallback_rtl = true;
  const DocumentLayout d = LayoutDocument(U"", o);
  REQUIRE(d.lines.size() == 1);
  CHECK(d.lines[0].rtl);
  CHECK(d.lines[0].origin_x == 50);
  o.fallback_rtl = false;
  CHECK(LayoutDocument(U"", o).lines[0].origin_x == 0);
}
