#include "ui.h"

#include <unordered_map>

#include "staccs/gui/text/display_text.h"
#include "staccs/gui/text/translate.h"
#include "staccs/gui/widgets/text_field.h"
#include "staccs/gui/widgets/text_label.h"

namespace staccs::gui::ui {

ImVec4 kColorWarning{0.95f, 0.65f, 0.10f, 1.0f};
ImVec4 kColorError{0.95f, 0.35f, 0.30f, 1.0f};
ImVec4 kColorOk{0.40f, 0.80f, 0.45f, 1.0f};
ImVec4 kColorMuted{0.65f, 0.65f, 0.70f, 1.0f};

namespace {

// Every text goes through the text layer: shaped, in visual order, wrapped, aligned to the
// start side. Its direction comes from the text itself (campaign content and the user's own
// words may be in any language), falling back to the interface's.
void Lines(std::string_view text, const ImVec4* color) {
  widgets::TextStyle style;
  style.direction = text::BaseDirection::kAuto;
  if (color) style.color = ImGui::ColorConvertFloat4ToU32(*color);
  widgets::Paragraph(text, style);
}

std::string Labelled(std::string_view label, std::string_view shortcut) {
  std::string s = Visual(label);
  if (!shortcut.empty()) s = IsRightToLeft() ? "(" + std::string(shortcut) + ")  " + s : s + "  (" + std::string(shortcut) + ")";
  return s;
}

// The editor state of each field, by ImGui id, kept while the field is drawn; the screen's own
// std::string stays the value it posts (logical order).
struct FieldSlot {
  widgets::TextFieldState state;
  std::string mirrored;  // the value the state last held
  int last_frame = 0;
};
std::unordered_map<ImGuiID, FieldSlot>& Slots() {
  static std::unordered_map<ImGuiID, FieldSlot> slots;
  return slots;
}

bool Field(const char* id, std::string& value, ImVec2 size, bool single_line, bool* submitted) {
  const ImGuiID key = ImGui::GetID(id);
  auto& slots = Slots();
  FieldSlot& slot = slots[key];
  const int frame = ImGui::GetFrameCount();
  if (slot.last_frame != frame - 1 && slot.last_frame != frame) slot.mirrored = "\x01";  // not drawn lately
  slot.last_frame = frame;
  if (value != slot.mirrored) {
    slot.state.buffer.SetText(value);
    slot.mirrored = value;
  }
  widgets::TextFieldOptions options;
  options.single_line = single_line;
  const widgets::TextFieldResult r = widgets::TextField(id, slot.state, size, options);
  if (submitted) *submitted = r.submitted;
  if (r.changed) {
    value = slot.state.buffer.Utf8();
    slot.mirrored = value;
  }
  // Fields not drawn for a while give their memory back.
  if (frame % 600 == 0)
    for (auto it = slots.begin(); it != slots.end();) it = frame - it->second.last_frame > 600 ? slots.erase(it) : std::next(it);
  return r.changed;
}

}  // namespace

std::string Visual(std::string_view logical) { return DisplayContent(std::string(logical).c_str()); }

void AlignStart(float width) {
  if (!IsRightToLeft()) return;
  const float avail = ImGui::GetContentRegionAvail().x;
  if (width < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - width);
}

void Text(std::string_view text) { Lines(text, nullptr); }
void TextDisabled(std::string_view text) { Lines(text, &kColorMuted); }
void TextColored(const ImVec4& color, std::string_view text) { Lines(text, &color); }
void Warning(std::string_view text) { Lines(text, &kColorWarning); }
void Error(std::string_view text) { Lines(text, &kColorError); }

void Heading(std::string_view text) {
  ImGui::Spacing();
  ImGui::SetWindowFontScale(1.25f);
  Lines(text, nullptr);
  ImGui::SetWindowFontScale(1.0f);
  ImGui::Spacing();
}

void Separator() { ImGui::Separator(); }

bool Button(std::string_view label, std::string_view shortcut, bool enabled) {
  const std::string text = Labelled(label, shortcut) + "##" + std::string(label);
  const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, true);
  AlignStart(size.x + ImGui::GetStyle().FramePadding.x * 2);
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(text.c_str());
  if (!enabled) ImGui::EndDisabled();
  if (!shortcut.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(shortcut).c_str());
  return pressed && enabled;
}

bool InputLine(const char* id, std::string_view label, std::string& value, bool password, bool enter_returns_true) {
  if (!label.empty()) Text(label);
  const float width = ImGui::GetContentRegionAvail().x;
  if (password) {
    // Hidden characters have no direction to lay out: Dear ImGui's own field, with the buffer
    // growing in place.
    if (value.capacity() < 256) value.reserve(256);
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CallbackResize;
    if (enter_returns_true) flags |= ImGuiInputTextFlags_EnterReturnsTrue;
    ImGui::SetNextItemWidth(width);
    auto resize = [](ImGuiInputTextCallbackData* data) {
      auto* s = static_cast<std::string*>(data->UserData);
      s->resize(static_cast<std::size_t>(data->BufTextLen));
      data->Buf = s->data();
      return 0;
    };
    return ImGui::InputText(id, value.data(), value.capacity() + 1, flags, resize, &value);
  }
  bool submitted = false;
  const bool changed = Field(id, value, ImVec2(width, 0), true, &submitted);
  return enter_returns_true ? submitted : changed;
}

bool InputParagraph(const char* id, std::string& value, float height_lines) {
  const ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeightWithSpacing() * height_lines + 8);
  return Field(id, value, size, false, nullptr);
}

bool Checkbox(std::string_view label, bool& value) {
  const std::string text = Visual(label) + "##" + std::string(label);
  AlignStart(ImGui::CalcTextSize(text.c_str(), nullptr, true).x + ImGui::GetFrameHeight() + 8);
  return ImGui::Checkbox(text.c_str(), &value);
}

bool RadioButton(std::string_view label, bool active) {
  const std::string text = Visual(label) + "##" + std::string(label);
  AlignStart(ImGui::CalcTextSize(text.c_str(), nullptr, true).x + ImGui::GetFrameHeight() + 8);
  return ImGui::RadioButton(text.c_str(), active);
}

bool Combo(const char* id, std::string_view label, int& current, const char* const items[], int count) {
  if (!label.empty()) Text(label);
  std::vector<std::string> visual(items, items + count);
  for (auto& v : visual) v = Visual(v);
  std::vector<const char*> ptrs;
  for (const auto& v : visual) ptrs.push_back(v.c_str());
  const float width = std::min(ImGui::GetContentRegionAvail().x, 360.0f);
  ImGui::SetNextItemWidth(width);
  AlignStart(width);
  return ImGui::Combo(id, &current, ptrs.data(), count);
}

void ProgressBar(float fraction, std::string_view overlay) {
  const std::string o = Visual(overlay);
  ImGui::ProgressBar(fraction, ImVec2(-1, 0), o.c_str());
}

bool Shortcut(int key, bool ctrl, bool shift) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl != ctrl || io.KeyShift != shift) return false;
  return ImGui::IsKeyPressed(key, false);
}

void ApplyStyle(bool high_contrast, bool) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  style.WindowRounding = 0;
  style.FrameRounding = 3;
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(8, 6);
  if (high_contrast) {
    ImGui::StyleColorsDark(&style);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 1);
    c[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_Border] = ImVec4(1, 1, 0, 1);
    c[ImGuiCol_FrameBg] = ImVec4(0.1f, 0.1f, 0.1f, 1);
    c[ImGuiCol_Button] = ImVec4(0, 0, 0.6f, 1);
    c[ImGuiCol_ButtonHovered] = ImVec4(0, 0.3f, 0.9f, 1);
    c[ImGuiCol_NavHighlight] = ImVec4(1, 1, 0, 1);
    style.FrameBorderSize = 1;
    kColorWarning = ImVec4(1, 1, 0, 1);
    kColorError = ImVec4(1, 0.5f, 0.5f, 1);
    kColorMuted = ImVec4(0.9f, 0.9f, 0.9f, 1);
    kColorOk = ImVec4(0.5f, 1, 0.5f, 1);
  } else {
    ImGui::StyleColorsLight(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1);
    kColorWarning = ImVec4(0.65f, 0.38f, 0.0f, 1.0f);
    kColorError = ImVec4(0.75f, 0.10f, 0.10f, 1.0f);
    kColorOk = ImVec4(0.10f, 0.50f, 0.20f, 1.0f);
    kColorMuted = ImVec4(0.38f, 0.38f, 0.42f, 1.0f);
  }
}

}  // namespace staccs::gui::ui
