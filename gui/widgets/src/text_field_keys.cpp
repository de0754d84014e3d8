#include "text_field_keys.h"

#include <imgui.h>

#include <string>

#include "staccs/gui/text/caret.h"
#include "staccs/gui/text/clusters.h"

namespace staccs::gui::widgets::detail {

namespace {
bool Pressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), true); }
}  // namespace

KeyOutcome HandleKeys(TextFieldState& state, const TextFieldOptions& options, int page_lines,
                      const std::function<void()>& relayout) {
  ImGuiIO& io = ImGui::GetIO();
  text::EditBuffer& b = state.buffer;
  auto& view = state.view;
  KeyOutcome out;
  const std::uint64_t revision = b.Revision();
  const bool mac = io.ConfigMacOSXBehaviors;
  const bool shortcut = mac ? io.KeySuper : io.KeyCtrl;   // Ctrl+C and friends
  const bool by_word = mac ? io.KeyAlt : io.KeyCtrl;      // Ctrl+arrows, Ctrl+Backspace
  const bool shift = io.KeyShift;
  const bool editable = !options.read_only;

  // Characters (typed, or committed by an input method). Ctrl+letter is a shortcut, not text;
  // AltGr (Ctrl+Alt) types characters on many European layouts.
  if (io.InputQueueCharacters.Size > 0) {
    const bool shortcut_held = (io.KeyCtrl && !io.KeyAlt) || (mac && io.KeySuper);
    if (editable && !shortcut_held) {
      std::u32string typed;
      for (const ImWchar c : io.InputQueueCharacters)
        if (c >= 0x20 && c != 0x7F) typed.push_back(static_cast<char32_t>(c));
      if (!typed.empty()) b.Type(typed);
    }
    io.InputQueueCharacters.resize(0);  // consumed: no other widget types them too
  }
  relayout();

  const std::u32string& text = b.Text();
  const text::DocumentLayout& layout = view.layout;
  const text::Caret caret = b.GetCaret();
  bool moved = false, vertical = false;
  auto move_to = [&](text::Caret c) {
    b.SetCaret(c, shift);
    moved = true;
  };
  auto vertical_move = [&](int lines) {
    if (view.preferred_x < 0) view.preferred_x = text::CaretX(layout, caret);
    move_to(text::MoveVertically(text, layout, caret, lines, view.preferred_x));
    vertical = true;
  };

  if (Pressed(ImGuiKey_LeftArrow) || Pressed(ImGuiKey_RightArrow)) {
    const bool right = Pressed(ImGuiKey_RightArrow);
    const bool rtl = text::CaretInRtlParagraph(layout, caret);
    const bool forward = right != rtl;  // in reading order
    if (b.HasSelection() && !shift) {
      const auto [first, last] = b.Selection();
      b.SetCaret({forward ? last : first, false}, false);
      moved = true;
    } else if (by_word) {
      const std::size_t pos = forward ? text::NextWordEnd(text, caret.pos) : text::PreviousWordStart(text, caret.pos);
      move_to({static_cast<std::uint32_t>(pos), false});
    } else {
      move_to(text::MoveVisually(text, layout, caret, right));
    }
  } else if (!options.single_line && Pressed(ImGuiKey_UpArrow)) {
    vertical_move(-1);
  } else if (!options.single_line && Pressed(ImGuiKey_DownArrow)) {
    vertical_move(1);
  } else if (!options.single_line && Pressed(ImGuiKey_PageUp)) {
    vertical_move(-page_lines);
  } else if (!options.single_line && Pressed(ImGuiKey_PageDown)) {
    vertical_move(page_lines);
  } else if (Pressed(ImGuiKey_Home)) {
    move_to(io.KeyCtrl ? text::Caret{0, false} : text::LineStart(layout, caret));
  } else if (Pressed(ImGuiKey_End)) {
    move_to(io.KeyCtrl ? text::Caret{static_cast<std::uint32_t>(text.size()), false} : text::LineEnd(layout, caret));
  } else if (editable && Pressed(ImGuiKey_Backspace)) {
    by_word ? b.DeleteWordBackward() : b.Backspace();
  } else if (Pressed(ImGuiKey_Delete) && shift && !io.KeyCtrl) {
    if (b.HasSelection()) ImGui::SetClipboardText(editable ? b.Cut().c_str() : b.SelectedUtf8().c_str());
  } else if (editable && Pressed(ImGuiKey_Delete)) {
    by_word ? b.DeleteWordForward() : b.Delete();
  } else if (Pressed(ImGuiKey_Enter) || Pressed(ImGuiKey_KeyPadEnter)) {
    if (options.single_line) {
      out.submitted = true;
    } else if (editable) {
      b.Type(U"\n");
    }
  } else if (Pressed(ImGuiKey_Escape)) {
    out.leave = true;
  } else if (shortcut && Pressed(ImGuiKey_A)) {
    b.SelectAll();
    moved = true;
  } else if ((shortcut && Pressed(ImGuiKey_C)) || (io.KeyCtrl && !shift && Pressed(ImGuiKey_Insert))) {
    if (b.HasSelection()) ImGui::SetClipboardText(b.SelectedUtf8().c_str());
  } else if (shortcut && Pressed(ImGuiKey_X)) {
    if (b.HasSelection()) ImGui::SetClipboardText(editable ? b.Cut().c_str() : b.SelectedUtf8().c_str());
  } else if (editable && ((shortcut && Pressed(ImGuiKey_V)) || (shift && !io.KeyCtrl && Pressed(ImGuiKey_Insert)))) {
    if (const char* clip = ImGui::GetClipboardText()) b.Paste(clip);
  } else if (editable && shortcut && Pressed(ImGuiKey_Z)) {
    shift ? b.Redo() : b.Undo();
  } else if (editable && shortcut && Pressed(ImGuiKey_Y)) {
    b.Redo();
  }

  out.changed = b.Revision() != revision;
  if ((moved || out.changed) && !vertical) view.preferred_x = -1;
  if (moved || out.changed) view.follow_caret = true;
  return out;
}

}  // namespace staccs::gui::widgets::detail
