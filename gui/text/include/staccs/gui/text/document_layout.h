// A whole text (paragraphs separated by '\n') laid out in a box: each paragraph takes its own
// direction and alignment (right-to-left paragraphs are right-aligned), lines wrapped at the
// box's width. What the editor and multi-line labels draw, and what caret movement reads.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "staccs/gui/text/paragraph_layout.h"

namespace staccs::gui::text {

struct PlacedLine {
  std::uint32_t begin = 0, end = 0;   // text offsets; end excludes the paragraph's '\n'
  std::uint32_t paragraph_begin = 0;  // text offset of the paragraph (glyph.logical is relative)
  float origin_x = 0;                 // box x of the line's glyph x = 0
  bool rtl = false;                   // the paragraph's resolved direction
  bool first_of_paragraph = true;
  bool last_of_paragraph = true;
  LayoutLine line;
};

struct DocumentOptions {
  BaseDirection direction = BaseDirection::kAuto;  // for every paragraph
  bool fallback_rtl = false;  // under kAuto, for a first paragraph with no strong character;
                              // later ones take the direction of the paragraph before
  float box_width = 0;        // alignment width (and wrap width when wrap is true)
  bool wrap = true;
};

struct DocumentLayout {
  float box_width = 0;
  std::vector<PlacedLine> lines;  // at least one
};

DocumentLayout LayoutDocument(std::u32string_view text, const DocumentOptions& options,
                              const AdvanceFn& advance = {});

}  // namespace staccs::gui::text
