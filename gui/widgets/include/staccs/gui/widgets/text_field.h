// The text field participants type into, in any mix of Arabic, French and English: text kept in
// logical order (what is saved), paragraphs laid out visually and wrapped at the field's width,
// the caret at the visual place of its logical position. Keys: arrows move visually by cluster,
// Ctrl+arrows by word, Up/Down/PageUp/PageDown by line, Home/End (Ctrl: whole text),
// Shift extends the selection, Backspace/Delete by cluster (Ctrl: by word), Ctrl+A/X/C/V,
// Ctrl+Z / Ctrl+Y or Ctrl+Shift+Z; characters and IME commits come through ImGui's input
// queue; Tab moves focus on (Shift+Tab back), Escape leaves the field; the mouse places the
// caret, drags a selection, double-click selects a word; the wheel scrolls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <imgui.h>

#include "staccs/gui/text/document_layout.h"
#include "staccs/gui/text/edit_buffer.h"

namespace staccs::gui::widgets {

struct TextFieldOptions {
  const char* hint = nullptr;  // shown dimmed while the field is empty (logical order)
  bool single_line = false;    // Enter submits; no line breaks, no wrapping (scrolls sideways)
  bool read_only = false;      // selectable and copyable, not editable
};

struct TextFieldResult {
  bool changed = false;      // the text changed this frame
  bool submitted = false;    // Enter in a single-line field
  bool active = false;       // the field has keyboard focus
  bool deactivated = false;  // focus left the field this frame (Tab, Escape, a click elsewhere)
  explicit operator bool() const { return changed; }
};

// A field's state: keep one per field for as long as the field is shown (e.g. in the screen's
// UI state). buffer holds the text; set it with buffer.SetText() when loading a draft, read it
// with buffer.Utf8() after a change.
struct TextFieldState {
  text::EditBuffer buffer;

  // View state, owned by the widget.
  struct View {
    text::DocumentLayout layout;
    std::uint64_t laid_out_revision = ~std::uint64_t{0};
    float laid_out_width = -1, laid_out_font_size = -1;
    bool laid_out_rtl_fallback = false;
    float scroll_x = 0, scroll_y = 0;
    float preferred_x = -1;      // sticky x for Up/Down; < 0 when not moving vertically
    bool dragging = false;
    bool follow_caret = false;   // scroll the caret into view on the next draw
    bool was_active = false;
  } view;
};

// Draws the field at the cursor, `size` in pixels (x <= 0: the available width; y <= 0: one line
// for single_line fields, else 6 lines). `id` is an ImGui id ("##answer1").
TextFieldResult TextField(const char* id, TextFieldState& state, ImVec2 size,
                          const TextFieldOptions& options = {});

// The same field over a plain string, in the style of ImGui::InputText: the widget keeps the
// state (caret, selection, undo) itself, per ImGui id, for as long as the field is drawn (a
// field not drawn for a few frames forgets it). `value` is read each frame — a change made by
// the program shows unless the user is typing in the field — and written when the user changes
// the text. Pass the screen's own copy of the text (its UI state), not a model snapshot that may
// lag behind what was typed: a stale value would replace the user's text once they leave the field.
TextFieldResult TextField(const char* id, std::string& value, ImVec2 size, const TextFieldOptions& options = {});

// Whether a text field (ours or Dear ImGui's InputText) held the keyboard in the frame being drawn (or just drawn): what the
// window's screen log reports to tests, which must not type before a field takes the keys.
bool TextFieldHasKeyboard();

}  // namespace staccs::gui::widgets
