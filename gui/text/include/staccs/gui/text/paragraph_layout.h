// One paragraph of logical text laid out for display: the Unicode bidirectional algorithm
// (FriBidi), Arabic joining and lam-alef ligatures into presentation forms, mirrored brackets,
// and lines wrapped at a width in logical order, each then reordered visually.
//
// Number sequences such as a fingerprint "48213 90417 55201", a date "2024-05-01" or "RFC 8200"
// inside right-to-left text are wrapped in a left-to-right isolate before the algorithm runs,
// so their groups keep their written order instead of being reversed; the isolate marks are
// internal and never appear in the output.
//
// Everything here is pure computation: no ImGui, no font. Glyph widths come from a callback.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace staccs::gui::text {

enum class BaseDirection : std::uint8_t {
  kAuto,  // from the paragraph's first strong character (UAX #9 P2–P3), else the fallback
  kLtr,
  kRtl,
};

// The width of a code point as drawn (after shaping: a presentation form, a mirrored bracket).
// An empty function means every glyph is 1 wide (for tests).
using AdvanceFn = std::function<float(char32_t)>;

// One glyph of a laid-out line, in visual order (left to right).
struct VisualGlyph {
  char32_t code_point = 0;    // what to draw: shaped, mirrored
  std::uint32_t logical = 0;  // first logical index it stands for (paragraph-relative)
  std::uint32_t count = 1;    // how many logical code points it stands for (2 for lam-alef)
  float x = 0;                // left edge, relative to the line's origin (see LayoutLine)
  float advance = 0;
  bool rtl = false;           // resolved level is odd
  bool mark = false;          // combining mark: zero advance, drawn over the glyph before it
  bool hidden = false;        // a bidi control or other format character: not drawn
};

// A line of a paragraph. Glyph x grows to the right; the visible glyphs span [0, visible_width].
// White space at the logical end of the line hangs outside that span, on the side where the
// paragraph ends (x >= visible_width for LTR, x < 0 for RTL), so aligning by visible_width puts
// the words flush with the box while a just-typed trailing space still shows the caret moving.
struct LayoutLine {
  std::uint32_t begin = 0, end = 0;  // logical range, paragraph-relative, trailing spaces included
  float visible_width = 0;           // without trailing white space
  std::vector<VisualGlyph> glyphs;   // visual order
};

struct ParagraphLayout {
  bool rtl = false;               // resolved base direction
  std::vector<LayoutLine> lines;  // at least one (an empty paragraph has one empty line)
};

struct LayoutOptions {
  BaseDirection direction = BaseDirection::kAuto;
  bool fallback_rtl = false;  // direction of a paragraph with no strong character under kAuto
  float wrap_width = 0;       // <= 0: one line, no wrapping
};

// Lays out `paragraph` (which must not contain '\n'). Lines break after white space; a word wider
// than wrap_width is broken between clusters; every line holds at least one cluster.
ParagraphLayout LayoutParagraph(std::u32string_view paragraph, const LayoutOptions& options,
                                const AdvanceFn& advance = {});

// The code points of a single line (no wrapping) in visual order, as they are drawn: shaped,
// mirrored, bidi controls and ligature fillers removed, marks after their base.
std::u32string VisualOrder(std::u32string_view paragraph, BaseDirection direction,
                           bool fallback_rtl = false);

// The direction of the paragraph's first strong character outside isolates (UAX #9 P2–P3):
// true for right to left, false for left to right, nullopt if it has none.
std::optional<bool> DetectRtl(std::u32string_view paragraph);

// True if `text` holds a right-to-left character or a bidi control (the fast path for labels
// that need no layout at all).
bool NeedsBidi(std::u32string_view text);

}  // namespace staccs::gui::text
