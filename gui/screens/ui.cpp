#include "ui.h"

#include <fribidi.h>

#include <string>
#include <vector>

#include "i18n.h"
#include "staccs/core/text.h"

namespace staccs::gui::ui {

ImVec4 kColorWarning{0.95f, 0.65f, 0.10f, 1.0f};
ImVec4 kColorError{0.95f, 0.35f, 0.30f, 1.0f};
ImVec4 kColorOk{0.40f, 0.80f, 0.45f, 1.0f};
ImVec4 kColorMuted{0.65f, 0.65f, 0.70f, 1.0f};

namespace {

bool HasRightToLeft(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::uint32_t c = core::DecodeUtf8(s, i);
    if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF)) return true;
  }
  return false;
}

// One line through FriBidi: reordered to visual order and Arabic shaped into presentation
// forms (the default flags join letters), base direction from the line itself, falling back
// to the interface's.
std::string VisualLine(std::string_view line) {
  if (!HasRightToLeft(line)) return std::string(line);
  std::vector<FriBidiChar> logical;
  for (std::size_t i = 0; i < line.size();) logical.push_back(core::DecodeUtf8(line, i));
  std::vector<FriBidiChar> visual(logical.size() + 1);
  FriBidiParType base = IsRightToLeft() ? FRIBIDI_PAR_WRTL : FRIBIDI_PAR_WLTR;
  if (!fribidi_log2vis(logical.data(), static_cast<FriBidiStrIndex>(logical.size()), &base, visual.data(), nullptr,
                       nullptr, nullptr))
    return std::string(line);
  std::string out;
  for (std::size_t i = 0; i < logical.size(); ++i)
    if (visual[i] != 0xFEFF && visual[i] != 0x200F && visual[i] != 0x200E) core::AppendUtf8(out, visual[i]);
  return out;
}

// Greedy word wrap in logical order, then each line made visual: so an Arabic paragraph
// breaks at the same words as it reads.
std::vector<std::string> WrapLogical(std::string_view text, float width) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    std::string_view para = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    std::string current;
    std::size_t i = 0;
    while (i < para.size()) {
      std::size_t sp = para.find(' ', i);
      std::string_view word = para.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i + 1);
      std::string candidate = current + std::string(word);
      if (!current.empty() && ImGui::CalcTextSize(VisualLine(candidate).c_str()).x > width) {
        lines.push_back(current);
        current = std::string(word);
      } else {
        current = std::move(candidate);
      }
      if (sp == std::string_view::npos) break;
      i = sp + 1;
    }
    while (!current.empty() && current.back() == ' ') current.pop_back();
    lines.push_back(current);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

void Lines(std::string_view text, const ImVec4* color) {
  const float avail = ImGui::GetContentRegionAvail().x;
  for (const std::string& logical : WrapLogical(text, avail)) {
    const std::string v = VisualLine(logical);
    AlignStart(ImGui::CalcTextSize(v.c_str()).x);
    if (color) ImGui::TextColored(*color, "%s", v.c_str());
    else ImGui::TextUnformatted(v.c_str());
  }
}

std::string Labelled(std::string_view label, std::string_view shortcut) {
  std::string s = Visual(label);
  if (!shortcut.empty()) s += "  (" + std::string(shortcut) + ")";
  return s;
}

int ResizeCallback(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(data->UserData);
    s->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = s->data();
  }
  return 0;
}

bool EditString(const char* id, std::string& value, ImGuiInputTextFlags flags, const ImVec2* size) {
  flags |= ImGuiInputTextFlags_CallbackResize;
  if (value.capacity() < 64) value.reserve(64);
  if (size)
    return ImGui::InputTextMultiline(id, value.data(), value.capacity() + 1, *size, flags, ResizeCallback, &value);
  return ImGui::InputText(id, value.data(), value.capacity() + 1, flags, ResizeCallback, &value);
}

}  // namespace

std::string Visual(std::string_view logical) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    std::size_t nl = logical.find('\n', start);
    out += VisualLine(logical.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

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
  ImGui::SetNextItemWidth(width);
  ImGuiInputTextFlags flags = 0;
  if (password) flags |= ImGuiInputTextFlags_Password;
  if (enter_returns_true) flags |= ImGuiInputTextFlags_EnterReturnsTrue;
  return EditString(id, value, flags, nullptr);
}

bool InputParagraph(const char* id, std::string& value, float height_lines) {
  const ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeight() * height_lines + 8);
  bool changed = EditString(id, value, ImGuiInputTextFlags_AllowTabInput * 0, &size);
  // The field edits in logical order; when the text is right to left it is also shown
  // shaped below, as it will read.
  if (HasRightToLeft(value)) {
    ImGui::Indent();
    TextDisabled(value);
    ImGui::Unindent();
  }
  return changed;
}

bool Checkbox(std::string_view label, bool& value) {
  const std::string text = Visual(label) + "##" + std::string(label);
  AlignStart(ImGui::CalcTextSize(text.c_str(), nullptr, true).x + ImGui::GetFrameHeight() + 8);
  return ImGui::Checkbox(text.c_str(), &value);
}

bool RadioButton(std::string_view label, bool active) {
  const std::string text = Visual(label) + "##" + std::string(label);
  return ImGui::RadioButton(text.c_str(), active);
}

bool Combo(const char* id, std::string_view label, int& current, const char* const items[], int count) {
  if (!label.empty()) Text(label);
  std::vector<std::string> visual(items, items + count);
  for (auto& v : visual) v = Visual(v);
  std::vector<const char*> ptrs;
  for (const auto& v : visual) ptrs.push_back(v.c_str());
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 360.0f));
  AlignStart(std::min(ImGui::GetContentRegionAvail().x, 360.0f));
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
