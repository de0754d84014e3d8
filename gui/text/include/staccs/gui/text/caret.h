// Carets on laid-out text: where a logical position is drawn, which logical position a click
// hits, and how the arrow keys move — visually (Right goes right, through Arabic and Latin runs
// alike), in steps of whole clusters, across wrapped lines and paragraphs.
//
// A position that ends one wrapped line and starts the next is drawn at the end of the first
// unless Caret::line_start says otherwise (Home, Down, a click at a line's start set it).
// Positions inside text are drawn at the trailing edge of the character before them, so the
// caret stays beside what was just typed in either direction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "staccs/gui/text/document_layout.h"

namespace staccs::gui::text {

struct Caret {
  std::uint32_t pos = 0;   // logical position in the text, 0..size()
  bool line_start = false; // when pos both ends a wrapped line and starts the next: the next

  friend bool operator==(const Caret&, const Caret&) = default;
};

// Index into layout.lines of the line the caret is drawn on.
std::size_t CaretLine(const DocumentLayout& layout, Caret caret);
// Box x of the caret (its line's origin_x included).
float CaretX(const DocumentLayout& layout, Caret caret);
// The caret position nearest to box x on line `line_index` (a cluster boundary).
Caret HitTest(std::u32string_view text, const DocumentLayout& layout, std::size_t line_index,
              float x);

// One visual step left or right; at a line's edge, on to the line before or after in reading
// order (for a right-to-left paragraph Left goes forward). Returns the caret unchanged at the
// ends of the text.
Caret MoveVisually(std::u32string_view text, const DocumentLayout& layout, Caret caret, bool right);
// `delta` lines up (< 0) or down (> 0), to the stop nearest box x `preferred_x` (keep the x of the
// first vertical move while the user keeps moving vertically). Clamps to the first/last line:
// moving up from the first line goes to its start, down from the last to its end.
Caret MoveVertically(std::u32string_view text, const DocumentLayout& layout, Caret caret, int delta,
                     float preferred_x);
// Home and End: the logical start and end of the caret's line.
Caret LineStart(const DocumentLayout& layout, Caret caret);
Caret LineEnd(const DocumentLayout& layout, Caret caret);
// True if the caret's paragraph reads right to left (word jumps and collapsing a selection with
// an arrow follow it).
bool CaretInRtlParagraph(const DocumentLayout& layout, Caret caret);

// A selected stretch of one line, for highlighting: box x from x0 to x1 (x0 < x1).
struct SelectionSpan {
  std::size_t line = 0;
  float x0 = 0, x1 = 0;
};
// The highlight of the logical selection [first, last): one span per visual run of selected
// glyphs (a mixed line can have several); a selected line break adds `newline_width` at the
// paragraph's end side, so selecting across empty lines shows.
std::vector<SelectionSpan> SelectionSpans(const DocumentLayout& layout, std::uint32_t first, std::uint32_t last,
                                          float newline_width);

}  // namespace staccs::gui::text
