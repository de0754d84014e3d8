#include "staccs/gui/widgets/text_label.h"

#include <imgui_internal.h>

#include <algorithm>

#include "staccs/gui/text/translate.h"
#include "text_draw.h"

namespace staccs::gui::widgets {

namespace {

text::BaseDirection DirectionOf(const std::optional<text::BaseDirection>& d) {
  return d.value_or(IsRightToLeft() ? text::BaseDirection::kRtl : text::BaseDirection::kLtr);
}

bool IsLeft(Align a) {
  const bool rtl = IsRightToLeft();
  return a == Align::kLeft || (a == Align::kStart && !rtl) || (a == Align::kEnd && rtl);
}

void DrawText(std::string_view utf8, const TextStyle& style, bool wrap) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return;
  const ImGuiContext& g = *GImGui;
  const float width = style.width > 0 ? style.width : std::max(ImGui::GetContentRegionAvail().x, 1.0f);
  text::DocumentOptions options;
  options.direction = DirectionOf(style.direction);
  options.fallback_rtl = IsRightToLeft();
  options.box_width = width;
  options.wrap = wrap;
  const float line_height = wrap ? detail::ParagraphLineHeight(g.FontSize) : g.FontSize;
  const text::DocumentLayout& layout = detail::CachedLayout(utf8, options, style.align, g.Font, g.FontSize);

  // Left-aligned text takes its own width, so SameLine() can follow it; other alignments the box.
  const float item_width = IsLeft(style.align) ? detail::LayoutWidth(layout) : width;
  const ImVec2 pos = window->DC.CursorPos;
  const ImVec2 size(item_width, static_cast<float>(layout.lines.size()) * line_height);
  const ImRect bb(pos, ImVec2(pos.x + size.x, pos.y + size.y));
  ImGui::ItemSize(size, 0.0f);
  if (!ImGui::ItemAdd(bb, 0)) return;
  const ImU32 color = style.color != 0 ? style.color : ImGui::GetColorU32(ImGuiCol_Text);
  DrawLayout(window->DrawList, g.Font, g.FontSize, pos, line_height, layout, color);
}

}  // namespace

void Label(std::string_view utf8, const TextStyle& style) { DrawText(utf8, style, false); }

void Paragraph(std::string_view utf8, const TextStyle& style) { DrawText(utf8, style, true); }

ImVec2 MeasureText(std::string_view utf8, float wrap_width, std::optional<text::BaseDirection> direction) {
  const ImGuiContext& g = *GImGui;
  text::DocumentOptions options;
  options.direction = DirectionOf(direction);
  options.fallback_rtl = IsRightToLeft();
  options.box_width = std::max(wrap_width, 0.0f);
  options.wrap = wrap_width > 0;
  const float line_height = options.wrap ? detail::ParagraphLineHeight(g.FontSize) : g.FontSize;
  const auto& layout = detail::CachedLayout(utf8, options, Align::kLeft, g.Font, g.FontSize);
  return {detail::LayoutWidth(layout), static_cast<float>(layout.lines.size()) * line_height};
}

}  // namespace staccs::gui::widgets
