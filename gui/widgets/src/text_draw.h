// Private to gui/widgets: laying out and drawing text with ImGui's font, shared by the labels and
// the text field.
#pragma once

#include <imgui.h>

#include <optional>
#include <string_view>

#include "staccs/gui/text/document_layout.h"
#include "staccs/gui/widgets/text_label.h"

namespace staccs::gui::widgets::detail {

// A laid-out text for `utf8`, cached across frames (labels are drawn every frame with the same
// text), its lines aligned in options.box_width by `align` (unset: by each paragraph's own
// direction, as text::LayoutDocument does). Valid until the next call.
const text::DocumentLayout& CachedLayout(std::string_view utf8, const text::DocumentOptions& options,
                                         std::optional<Align> align, const ImFont* font, float size);

// The widest line's visible width.
float LayoutWidth(const text::DocumentLayout& layout);

// Sets each line's origin for alignment in a box of `width`: kStart/kEnd by the interface's
// direction. (text::LayoutDocument aligns by each paragraph's own direction, as the editor does.)
void AlignLines(text::DocumentLayout& layout, float width, Align align);

// The vertical distance between lines of wrapped text: more than ImGui's one font size, since
// Arabic marks above and below need the room.
float ParagraphLineHeight(float font_size);

}  // namespace staccs::gui::widgets::detail
