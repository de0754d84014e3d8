// Shaped, bidi-correct text drawn by us (Dear ImGui 1.86 cannot): one-line labels and wrapped
// paragraphs, right-aligned in a right-to-left interface, as ordinary ImGui items (they take
// space in the layout, can be followed by SameLine, and are clipped like ImGui::Text).
#pragma once

#include <optional>
#include <string_view>

#include <imgui.h>

#include "staccs/gui/text/document_layout.h"

namespace staccs::gui::widgets {

enum class Align : unsigned char {
  kStart,   // the interface's reading start: right in Arabic, left otherwise
  kEnd,
  kLeft,
  kRight,
  kCenter,
};

struct TextStyle {
  // Base direction of the text. Unset: the interface's (translated strings); for the user's own
  // text or campaign content use text::BaseDirection::kAuto.
  std::optional<text::BaseDirection> direction;
  Align align = Align::kStart;
  ImU32 color = 0;   // 0: ImGuiCol_Text
  float width = 0;   // box width; <= 0: the available content width
};

// One line (text after a '\n' goes on further lines, none is wrapped).
void Label(std::string_view utf8, const TextStyle& style = {});
// Wrapped at the box width.
void Paragraph(std::string_view utf8, const TextStyle& style = {});
// The size Label or Paragraph would take (wrap_width <= 0: no wrapping).
ImVec2 MeasureText(std::string_view utf8, float wrap_width = 0,
                   std::optional<text::BaseDirection> direction = std::nullopt);

// Glyph widths of `font` at `size` for the text layer (ImGui has no kerning; neither do we).
text::AdvanceFn FontAdvance(const ImFont* font, float size);
// Draws laid-out lines with their top-left box corner at `pos`, one line per `line_height`:
// the building block of Label, Paragraph and TextField, for custom widgets.
void DrawLayout(ImDrawList* draw_list, const ImFont* font, float size, ImVec2 pos,
                float line_height, const text::DocumentLayout& layout, ImU32 color);

}  // namespace staccs::gui::widgets
