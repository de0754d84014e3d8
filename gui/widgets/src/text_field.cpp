// ImVec2 arithmetic from imgui_internal.h.
#define IMGUI_DEFINE_MATH_OPERATORS
#include "staccs/gui/widgets/text_field.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

#include "staccs/gui/text/caret.h"
#include "staccs/gui/text/clusters.h"
#include "staccs/gui/text/display_text.h"
#include "staccs/gui/text/translate.h"
#include "staccs/gui/widgets/text_label.h"
#include "text_draw.h"
#include "text_field_keys.h"

namespace staccs::gui::widgets {

namespace {

// Lays the buffer out again when the text, the width, the font size or the interface direction
// changed since the last time (a cheap check, done before every read of the layout).
void EnsureLayout(TextFieldState& state, const ImFont* font, float size, float width, bool single_line) {
  auto& v = state.view;
  const bool rtl = IsRightToLeft();
  if (v.laid_out_revision == state.buffer.Revision() && v.laid_out_width == width && v.laid_out_font_size == size &&
      v.laid_out_rtl_fallback == rtl)
    return;
  text::DocumentOptions options;
  options.direction = text::BaseDirection::kAuto;  // each paragraph by its first strong letter
  options.fallback_rtl = rtl;                      // an empty field starts on the interface's side
  options.box_width = width;
  options.wrap = !single_line;
  v.layout = text::LayoutDocument(state.buffer.Text(), options, FontAdvance(font, size));
  v.laid_out_revision = state.buffer.Revision();
  v.laid_out_width = width;
  v.laid_out_font_size = size;
  v.laid_out_rtl_fallback = rtl;
}

int g_keyboard_frame = -1;  // the last frame in which a field was active

void Activate(ImGuiID id, ImGuiWindow* window, bool single_line) {
  ImGuiContext& g = *GImGui;
  ImGui::SetActiveID(id, window);
  ImGui::SetFocusID(id, window);
  ImGui::FocusWindow(window);
  // The arrows, Home/End and Page keys are ours while the field is active, not navigation's.
  g.ActiveIdUsingNavDirMask |= (1 << ImGuiDir_Left) | (1 << ImGuiDir_Right);
  if (!single_line) g.ActiveIdUsingNavDirMask |= (1 << ImGuiDir_Up) | (1 << ImGuiDir_Down);
  g.ActiveIdUsingNavInputMask |= (1 << ImGuiNavInput_Cancel);
  g.ActiveIdUsingKeyInputMask |= (ImU64{1} << ImGuiKey_Home) | (ImU64{1} << ImGuiKey_End);
  if (!single_line) g.ActiveIdUsingKeyInputMask |= (ImU64{1} << ImGuiKey_PageUp) | (ImU64{1} << ImGuiKey_PageDown);
}

// Keeps the caret inside the visible part, and the scroll inside the content.
void ClampScroll(TextFieldState& state, const ImVec2& visible, float line_height, bool single_line) {
  auto& v = state.view;
  const auto& layout = v.layout;
  const text::Caret caret = state.buffer.GetCaret();
  if (single_line) {
    const auto& line = layout.lines.front();
    const float x = text::CaretX(layout, caret);
    // The content, with spaces hanging past the text (typed last) and the caret after them.
    float content_min = std::min({0.0f, line.origin_x, x});
    float content_max = std::max({visible.x, line.origin_x + line.line.visible_width + 1.0f, x + 1.0f});
    for (const auto& g : line.line.glyphs) {
      content_min = std::min(content_min, line.origin_x + g.x);
      content_max = std::max(content_max, line.origin_x + g.x + g.advance);
    }
    if (v.follow_caret) {
      if (x < v.scroll_x) v.scroll_x = x;
      if (x + 1.0f > v.scroll_x + visible.x) v.scroll_x = x + 1.0f - visible.x;
    }
    v.scroll_x = std::clamp(v.scroll_x, content_min, content_max - visible.x);
    v.scroll_y = 0;
  } else {
    if (v.follow_caret) {
      const float top = static_cast<float>(text::CaretLine(layout, caret)) * line_height;
      if (top < v.scroll_y) v.scroll_y = top;
      if (top + line_height > v.scroll_y + visible.y) v.scroll_y = top + line_height - visible.y;
    }
    const float content = static_cast<float>(layout.lines.size()) * line_height;
    v.scroll_y = std::clamp(v.scroll_y, 0.0f, std::max(0.0f, content - visible.y));
    v.scroll_x = 0;
  }
  v.follow_caret = false;
}

// The right-click menu: the editing commands for mouse users, with their keys shown.
// Returns true if a command was chosen.
bool ContextMenu(ImGuiID menu_id, TextFieldState& state, const TextFieldOptions& options) {
  if (!ImGui::BeginPopupEx(menu_id, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar |
                                        ImGuiWindowFlags_NoSavedSettings))
    return false;
  text::EditBuffer& b = state.buffer;
  const bool editable = !options.read_only;
  bool chosen = false;
  auto item = [&](const char* label, const char* keys, bool enabled) {
    const bool picked = ImGui::MenuItem(Display(label), keys, false, enabled);
    chosen = chosen || picked;
    return picked;
  };
  if (item(tr("Undo"), "Ctrl+Z", editable && b.CanUndo())) b.Undo();
  if (item(tr("Redo"), "Ctrl+Y", editable && b.CanRedo())) b.Redo();
  ImGui::Separator();
  if (item(tr("Cut"), "Ctrl+X", editable && b.HasSelection())) ImGui::SetClipboardText(b.Cut().c_str());
  if (item(tr("Copy"), "Ctrl+C", b.HasSelection())) ImGui::SetClipboardText(b.SelectedUtf8().c_str());
  if (item(tr("Paste"), "Ctrl+V", editable)) {
    if (const char* clip = ImGui::GetClipboardText()) b.Paste(clip);
  }
  ImGui::Separator();
  if (item(tr("Select all"), "Ctrl+A", !b.Text().empty())) b.SelectAll();
  ImGui::EndPopup();
  return chosen;
}

}  // namespace

bool TextFieldHasKeyboard() {
  ImGuiContext& g = *GImGui;
  // Ours, or one of Dear ImGui's own InputText fields (the passphrase fields).
  return g_keyboard_frame == ImGui::GetFrameCount() || (g.ActiveId != 0 && ImGui::GetInputTextState(g.ActiveId));
}

TextFieldResult TextField(const char* id, TextFieldState& state, ImVec2 size, const TextFieldOptions& options) {
  TextFieldResult result;
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return result;
  ImGuiContext& g = *GImGui;
  ImGuiIO& io = g.IO;
  const ImGuiStyle& style = g.Style;
  auto& v = state.view;
  state.buffer.SetSingleLine(options.single_line);

  const ImGuiID field_id = window->GetID(id);
  const ImGuiID scrollbar_id = ImHashStr("#scrollbar", 0, field_id);
  const ImGuiID menu_id = ImHashStr("#menu", 0, field_id);
  const float line_height = options.single_line ? g.FontSize : detail::ParagraphLineHeight(g.FontSize);
  const float width = size.x > 0 ? size.x : std::max(ImGui::GetContentRegionAvail().x, 4 * g.FontSize);
  const float height = size.y > 0 ? size.y : (options.single_line ? line_height : 6 * line_height) + 2 * style.FramePadding.y;
  const ImRect frame(window->DC.CursorPos, window->DC.CursorPos + ImVec2(width, height));
  ImGui::ItemSize(frame, style.FramePadding.y);
  if (!ImGui::ItemAdd(frame, field_id, &frame, ImGuiItemFlags_Inputable)) return result;
  const bool hovered = ImGui::ItemHoverable(frame, field_id);
  ImGui::SetItemUsingMouseWheel();  // the wheel scrolls the field, not the screen behind it

  const float scrollbar_w = options.single_line ? 0.0f : style.ScrollbarSize;
  const ImRect inner(frame.Min + style.FramePadding, frame.Max - style.FramePadding);
  const ImRect text_rect(inner.Min, ImVec2(inner.Max.x - scrollbar_w, inner.Max.y));
  const ImRect scrollbar_rect(ImVec2(frame.Max.x - scrollbar_w, frame.Min.y), frame.Max);
  const bool over_text = hovered && !scrollbar_rect.Contains(io.MousePos);
  if (over_text) g.MouseCursor = ImGuiMouseCursor_TextInput;

  const bool tabbed = (g.LastItemData.StatusFlags & ImGuiItemStatusFlags_FocusedByTabbing) != 0;
  const bool by_nav = g.ActiveId != field_id &&
                      (g.NavActivateInputId == field_id ||
                       (g.NavActivateId == field_id && g.NavInputSource == ImGuiInputSource_Keyboard));
  const bool clicked = over_text && io.MouseClicked[0];
  const bool scrolled_back = v.was_active && g.ActiveId == 0 && g.ActiveIdPreviousFrame == scrollbar_id;
  bool just_activated = false;
  if ((clicked || tabbed || by_nav || scrolled_back) && g.ActiveId != field_id) {
    Activate(field_id, window, options.single_line);
    just_activated = tabbed || by_nav;
    if (tabbed && options.single_line) state.buffer.SelectAll();
    v.follow_caret = true;
  }
  if (over_text && io.MouseClicked[1]) ImGui::OpenPopupEx(menu_id);
  bool active = g.ActiveId == field_id;
  if (active && io.MouseClicked[0] && !hovered) {
    ImGui::ClearActiveID();  // a click elsewhere leaves the field
    active = false;
  }

  auto relayout = [&] { EnsureLayout(state, g.Font, g.FontSize, text_rect.GetWidth(), options.single_line); };
  relayout();
  auto hit = [&](ImVec2 mouse) {
    const float y = mouse.y - text_rect.Min.y + v.scroll_y;
    const auto line = static_cast<std::size_t>(std::max(0.0f, std::floor(y / line_height)));
    return text::HitTest(state.buffer.Text(), v.layout, line, mouse.x - text_rect.Min.x + v.scroll_x);
  };

  if (active) {
    g_keyboard_frame = ImGui::GetFrameCount();
    g.WantTextInputNextFrame = 1;  // tells the platform to open an on-screen keyboard / IME
    if (clicked) {
      const text::Caret at = hit(io.MousePos);
      if (io.MouseClickedCount[0] == 2) {
        const auto [first, last] = text::WordAt(state.buffer.Text(), at.pos);
        state.buffer.Select(static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(last));
      } else if (io.MouseClickedCount[0] >= 3) {
        const auto& line = v.layout.lines[text::CaretLine(v.layout, at)];
        std::uint32_t first = line.paragraph_begin, last = line.end;
        for (const auto& l : v.layout.lines)
          if (l.paragraph_begin == line.paragraph_begin) last = l.end;
        state.buffer.Select(first, last);
      } else {
        state.buffer.SetCaret(at, io.KeyShift);
      }
      v.dragging = true;
      v.preferred_x = -1;
    } else if (v.dragging && io.MouseDown[0] && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
      state.buffer.SetCaret(hit(io.MousePos), true);
      v.follow_caret = true;
    }
    if (!io.MouseDown[0]) v.dragging = false;

    if (!just_activated) {
      const int page_lines = std::max(1, static_cast<int>(text_rect.GetHeight() / line_height) - 1);
      const detail::KeyOutcome keys = detail::HandleKeys(state, options, page_lines, relayout);
      result.changed = keys.changed;
      result.submitted = keys.submitted;
      if (keys.leave) {
        ImGui::ClearActiveID();
        active = false;
      }
    }
    relayout();
  }
  if (hovered && !options.single_line && io.MouseWheel != 0) v.scroll_y -= io.MouseWheel * 3 * line_height;
  ClampScroll(state, text_rect.GetSize(), line_height, options.single_line);

  const std::uint64_t before_menu = state.buffer.Revision();
  if (ContextMenu(menu_id, state, options)) {
    // The menu took the focus; give the keyboard back to the field it acted on.
    Activate(field_id, window, options.single_line);
    active = true;
    result.changed = result.changed || state.buffer.Revision() != before_menu;
    v.follow_caret = true;
    relayout();
    ClampScroll(state, text_rect.GetSize(), line_height, options.single_line);
  }

  result.active = active;
  result.deactivated = v.was_active && !active;
  v.was_active = active;

  // Drawing.
  ImDrawList* draw = window->DrawList;
  ImGui::RenderFrame(frame.Min, frame.Max, ImGui::GetColorU32(ImGuiCol_FrameBg), true, style.FrameRounding);
  if (active) {
    // A clear focus ring: keyboard users must see which field they type into.
    draw->AddRect(frame.Min, frame.Max, ImGui::GetColorU32(ImGuiCol_NavHighlight), style.FrameRounding, 0,
                  std::max(1.0f, std::round(g.FontSize / 10)));
  }
  ImGui::PushClipRect(text_rect.Min - ImVec2(1, 0), text_rect.Max + ImVec2(1, 0), true);
  const ImVec2 origin = text_rect.Min - ImVec2(v.scroll_x, v.scroll_y);
  const auto [sel_first, sel_last] = state.buffer.Selection();
  if (sel_first != sel_last) {
    const ImU32 sel_color = ImGui::GetColorU32(ImGuiCol_TextSelectedBg);
    const float newline_w = g.Font->GetCharAdvance(L' ') * g.FontSize / g.Font->FontSize;
    for (const auto& s : text::SelectionSpans(v.layout, sel_first, sel_last, newline_w)) {
      const float y = origin.y + static_cast<float>(s.line) * line_height;
      draw->AddRectFilled(ImVec2(origin.x + s.x0, y), ImVec2(origin.x + s.x1, y + line_height), sel_color);
    }
  }
  if (state.buffer.Text().empty() && options.hint != nullptr) {
    text::DocumentOptions hint_options;
    hint_options.direction = IsRightToLeft() ? text::BaseDirection::kRtl : text::BaseDirection::kLtr;
    hint_options.box_width = text_rect.GetWidth();
    hint_options.wrap = !options.single_line;
    const auto& hint = detail::CachedLayout(options.hint, hint_options, Align::kStart, g.Font, g.FontSize);
    DrawLayout(draw, g.Font, g.FontSize, text_rect.Min, line_height, hint, ImGui::GetColorU32(ImGuiCol_TextDisabled));
  }
  DrawLayout(draw, g.Font, g.FontSize, origin, line_height, v.layout, ImGui::GetColorU32(ImGuiCol_Text));
  if (active) {
    const text::Caret caret = state.buffer.GetCaret();
    const float x = std::round(origin.x + text::CaretX(v.layout, caret));
    const float y = origin.y + static_cast<float>(text::CaretLine(v.layout, caret)) * line_height;
    // A steady caret: blinking would wake the window twice a second and cost an idle kit its CPU.
    draw->AddLine(ImVec2(x, y), ImVec2(x, y + line_height), ImGui::GetColorU32(ImGuiCol_Text),
                  std::max(1.0f, std::round(g.FontSize / 14)));
    g.PlatformImePos = ImVec2(x - 1, y);  // where the input method shows its candidates
  }
  ImGui::PopClipRect();

  const float content = static_cast<float>(v.layout.lines.size()) * line_height;
  if (!options.single_line && content > text_rect.GetHeight()) {
    auto scroll = static_cast<ImS64>(v.scroll_y);
    ImGui::KeepAliveID(scrollbar_id);
    ImGui::ScrollbarEx(scrollbar_rect, scrollbar_id, ImGuiAxis_Y, &scroll, static_cast<ImS64>(text_rect.GetHeight()),
                       static_cast<ImS64>(content), ImDrawFlags_RoundCornersRight);
    v.scroll_y = static_cast<float>(scroll);
  }
  return result;
}

}  // namespace staccs::gui::widgets
