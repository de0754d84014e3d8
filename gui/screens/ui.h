// The few drawing helpers every screen uses, so text goes one way everywhere: shaped and laid
// right to left when it is Arabic, the layout mirrored when the language is, shortcuts shown
// beside the actions they trigger. Thin over Dear ImGui; no kit or model code.
#pragma once

#include <string>
#include <string_view>

#include <imgui.h>

namespace staccs::gui::ui {

// A line or paragraph of text: bidi-reordered and shaped for display, wrapped at the window's
// width, aligned to the start side of the current language.
void Text(std::string_view text);
void TextDisabled(std::string_view text);
void TextColored(const ImVec4& color, std::string_view text);
void Heading(std::string_view text);
void Warning(std::string_view text);
void Error(std::string_view text);
void Separator();

// A button; `shortcut` ("Ctrl+S") is shown beside the label and in its tooltip.
bool Button(std::string_view label, std::string_view shortcut = {}, bool enabled = true);
// One line of editable text in logical order; true when it changed.
bool InputLine(const char* id, std::string_view label, std::string& value, bool password = false,
               bool enter_returns_true = false);
// Several lines of editable text; `height` in lines.
bool InputParagraph(const char* id, std::string& value, float height_lines);
bool Checkbox(std::string_view label, bool& value);
bool RadioButton(std::string_view label, bool active);
// A labelled choice of `count` items.
bool Combo(const char* id, std::string_view label, int& current, const char* const items[], int count);
void ProgressBar(float fraction, std::string_view overlay);

// Puts the next widget at the start side of the line (left in LTR, right in RTL) for a widget
// of `width` pixels.
void AlignStart(float width);
// What the user reads: the text shaped and in visual order (identity for left-to-right text).
std::string Visual(std::string_view logical);

// A Ctrl+key press this frame (not while a text field wants the keyboard for that key).
bool Shortcut(int key, bool ctrl = true, bool shift = false);  // key: GLFW code (letters and digits are ASCII)

// Colours: high contrast swaps the palette.
void ApplyStyle(bool high_contrast, bool right_to_left);
extern ImVec4 kColorWarning, kColorError, kColorOk, kColorMuted;

}  // namespace staccs::gui::ui
