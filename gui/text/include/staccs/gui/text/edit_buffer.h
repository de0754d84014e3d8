// The text a participant edits, always in logical order, with a caret, a selection and an undo
// history. Positions are code-point indices. Layout-independent: the visual moves live in
// caret.h, the keys in gui/widgets/text_field.
//
// Input is cleaned on the way in: "\r\n" and "\r" become "\n", other C0 controls and
// non-characters are dropped (the kit stores only clean UTF-8), and the text never grows past
// max_code_points (an insertion is cut at a cluster boundary).
//
// Not thread-safe: one buffer belongs to one widget on the UI thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "staccs/gui/text/caret.h"

namespace staccs::gui::text {

class EditBuffer {
 public:
  explicit EditBuffer(std::size_t max_code_points = 200'000);

  // A single-line field turns line breaks in typed, pasted and loaded text into spaces.
  void SetSingleLine(bool single_line) { single_line_ = single_line; }

  // Replaces the text (e.g. a draft loaded from the store); forgets the undo history; the caret
  // goes to the end.
  void SetText(std::string_view utf8);
  const std::u32string& Text() const { return text_; }
  // The text as UTF-8 (what the store saves), kept in step with Text().
  const std::string& Utf8() const;
  // Incremented by every change of the text (layout caches and autosave compare it).
  std::uint64_t Revision() const { return revision_; }

  Caret GetCaret() const { return caret_; }
  std::uint32_t Anchor() const { return anchor_; }
  bool HasSelection() const { return anchor_ != caret_.pos; }
  // [first, second) of the selection, first <= second.
  std::pair<std::uint32_t, std::uint32_t> Selection() const;
  std::string SelectedUtf8() const;

  // Moves the caret; with `extend` the anchor stays (Shift + a move), otherwise it follows.
  // Ends the current undo group.
  void SetCaret(Caret caret, bool extend);
  void Select(std::uint32_t anchor, std::uint32_t caret);
  void SelectAll();

  // Typing: replaces the selection with `typed`; consecutive typing in one word is one undo step.
  void Type(std::u32string_view typed);
  // Paste: replaces the selection with cleaned `utf8`, one undo step.
  void Paste(std::string_view utf8);
  // Backspace / Delete: the selection, else one cluster before / after the caret.
  void Backspace();
  void Delete();
  // Ctrl+Backspace / Ctrl+Delete: the selection, else back to the word's start / on to its end.
  void DeleteWordBackward();
  void DeleteWordForward();
  // Cut returns the selection as UTF-8 (logical order) and removes it.
  std::string Cut();

  bool CanUndo() const { return undo_index_ > 0; }
  bool CanRedo() const { return undo_index_ < history_.size(); }
  bool Undo();
  bool Redo();

 private:
  // What an edit was, for merging consecutive ones into one undo step.
  enum class Kind : std::uint8_t { kOther, kTyping, kDeleting };
  struct Edit {
    std::uint32_t pos = 0;
    std::u32string removed, inserted;
    std::uint32_t anchor_before = 0, caret_before = 0;
    Kind kind = Kind::kOther;
  };
  void Replace(std::uint32_t from, std::uint32_t to, std::u32string inserted, Kind kind);
  bool Merge(const Edit& e);
  void Changed();

  std::size_t max_code_points_;
  bool single_line_ = false;
  std::u32string text_;
  mutable std::string utf8_;
  mutable bool utf8_stale_ = false;
  std::uint64_t revision_ = 0;
  Caret caret_;
  std::uint32_t anchor_ = 0;
  std::vector<Edit> history_;
  std::size_t undo_index_ = 0;   // history_[0, undo_index_) is undoable
  bool group_open_ = false;      // the last edit may absorb the next one of its kind
};

// The cleaning EditBuffer applies to input, exposed for the tests and for single-line fields.
std::u32string CleanInput(std::u32string_view text, bool keep_line_breaks = true);

}  // namespace staccs::gui::text
