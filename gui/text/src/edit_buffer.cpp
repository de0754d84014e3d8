#include "staccs/gui/text/edit_buffer.h"

#include <algorithm>

#include "staccs/gui/text/clusters.h"
#include "staccs/gui/text/utf32.h"

namespace staccs::gui::text {

namespace {
constexpr std::size_t kMaxUndoSteps = 1000;

bool IsSpace(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == 0x00A0 || c == 0x202F; }

bool Dropped(char32_t c) {
  if (c < 0x20) return c != U'\t' && c != U'\n';
  if (c >= 0x7F && c <= 0x9F) return true;                        // DEL and C1 controls
  if (c >= 0xD800 && c <= 0xDFFF) return true;                    // lone surrogates
  if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE) return true;  // non-characters
  return c > 0x10FFFF;
}
}  // namespace

std::u32string CleanInput(std::u32string_view text, bool keep_line_breaks) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char32_t c = text[i];
    if (c == U'\r') {
      if (i + 1 < text.size() && text[i + 1] == U'\n') ++i;
      c = U'\n';
    }
    if (c == U'\n' && !keep_line_breaks) c = U' ';
    if (!Dropped(c)) out.push_back(c);
  }
  return out;
}

EditBuffer::EditBuffer(std::size_t max_code_points) : max_code_points_(max_code_points) {}

void EditBuffer::SetText(std::string_view utf8) {
  text_ = CleanInput(ToUtf32(utf8), !single_line_);
  if (text_.size() > max_code_points_) {
    std::size_t cut = max_code_points_;
    while (cut > 0 && !IsClusterBoundary(text_, cut)) --cut;
    text_.resize(cut);
  }
  history_.clear();
  undo_index_ = 0;
  group_open_ = false;
  caret_ = {static_cast<std::uint32_t>(text_.size()), false};
  anchor_ = caret_.pos;
  Changed();
}

const std::string& EditBuffer::Utf8() const {
  if (utf8_stale_) {
    utf8_ = ToUtf8(text_);
    utf8_stale_ = false;
  }
  return utf8_;
}

std::pair<std::uint32_t, std::uint32_t> EditBuffer::Selection() const {
  return {std::min(anchor_, caret_.pos), std::max(anchor_, caret_.pos)};
}

std::string EditBuffer::SelectedUtf8() const {
  const auto [a, b] = Selection();
  return ToUtf8(std::u32string_view(text_).substr(a, b - a));
}

void EditBuffer::SetCaret(Caret caret, bool extend) {
  caret.pos = std::min<std::uint32_t>(caret.pos, static_cast<std::uint32_t>(text_.size()));
  caret_ = caret;
  if (!extend) anchor_ = caret.pos;
  group_open_ = false;
}

void EditBuffer::Select(std::uint32_t anchor, std::uint32_t caret) {
  const auto size = static_cast<std::uint32_t>(text_.size());
  anchor_ = std::min(anchor, size);
  caret_ = {std::min(caret, size), false};
  group_open_ = false;
}

void EditBuffer::SelectAll() { Select(0, static_cast<std::uint32_t>(text_.size())); }

void EditBuffer::Type(std::u32string_view typed) {
  const auto [a, b] = Selection();
  Replace(a, b, CleanInput(typed, !single_line_), a == b ? Kind::kTyping : Kind::kOther);
}

void EditBuffer::Paste(std::string_view utf8) {
  const auto [a, b] = Selection();
  Replace(a, b, CleanInput(ToUtf32(utf8), !single_line_), Kind::kOther);
}

void EditBuffer::Backspace() {
  const auto [a, b] = Selection();
  if (a != b) return Replace(a, b, {}, Kind::kOther);
  if (a == 0) return;
  Replace(static_cast<std::uint32_t>(PreviousClusterBoundary(text_, a)), a, {}, Kind::kDeleting);
}

void EditBuffer::Delete() {
  const auto [a, b] = Selection();
  if (a != b) return Replace(a, b, {}, Kind::kOther);
  if (a >= text_.size()) return;
  Replace(a, static_cast<std::uint32_t>(NextClusterBoundary(text_, a)), {}, Kind::kDeleting);
}

void EditBuffer::DeleteWordBackward() {
  const auto [a, b] = Selection();
  if (a != b) return Replace(a, b, {}, Kind::kOther);
  Replace(static_cast<std::uint32_t>(PreviousWordStart(text_, a)), a, {}, Kind::kOther);
}

void EditBuffer::DeleteWordForward() {
  const auto [a, b] = Selection();
  if (a != b) return Replace(a, b, {}, Kind::kOther);
  Replace(a, static_cast<std::uint32_t>(NextWordEnd(text_, a)), {}, Kind::kOther);
}

std::string EditBuffer::Cut() {
  std::string cut = SelectedUtf8();
  const auto [a, b] = Selection();
  if (a != b) Replace(a, b, {}, Kind::kOther);
  return cut;
}

bool EditBuffer::Merge(const Edit& e) {
  if (!group_open_ || undo_index_ == 0 || undo_index_ != history_.size()) return false;
  Edit& last = history_.back();
  if (last.kind != e.kind) return false;
  if (e.kind == Kind::kTyping) {
    // One step per word: typing merges until a word starts after white space.
    if (e.pos != last.pos + last.inserted.size()) return false;
    if (!last.inserted.empty() && IsSpace(last.inserted.back()) && !IsSpace(e.inserted.front())) return false;
    last.inserted += e.inserted;
    return true;
  }
  if (e.kind == Kind::kDeleting) {
    if (e.pos + e.removed.size() == last.pos) {  // Backspace again
      last.removed = e.removed + last.removed;
      last.pos = e.pos;
      return true;
    }
    if (e.pos == last.pos) {  // Delete again
      last.removed += e.removed;
      return true;
    }
  }
  return false;
}

void EditBuffer::Replace(std::uint32_t from, std::uint32_t to, std::u32string inserted, Kind kind) {
  const std::size_t room = max_code_points_ - std::min(max_code_points_, text_.size() - (to - from));
  if (inserted.size() > room) {
    std::size_t cut = room;
    while (cut > 0 && !IsClusterBoundary(inserted, cut)) --cut;
    inserted.resize(cut);
  }
  if (from == to && inserted.empty()) return;
  Edit e;
  e.pos = from;
  e.removed = text_.substr(from, to - from);
  e.inserted = inserted;
  e.anchor_before = anchor_;
  e.caret_before = caret_.pos;
  e.kind = kind;
  if (!Merge(e)) {
    history_.resize(undo_index_);
    history_.push_back(std::move(e));
    if (history_.size() > kMaxUndoSteps) history_.erase(history_.begin());
    undo_index_ = history_.size();
  }
  text_.replace(from, to - from, inserted);
  caret_ = {static_cast<std::uint32_t>(from + inserted.size()), false};
  anchor_ = caret_.pos;
  group_open_ = kind != Kind::kOther;
  Changed();
}

bool EditBuffer::Undo() {
  if (undo_index_ == 0) return false;
  const Edit& e = history_[--undo_index_];
  text_.replace(e.pos, e.inserted.size(), e.removed);
  anchor_ = e.anchor_before;
  caret_ = {e.caret_before, false};
  group_open_ = false;
  Changed();
  return true;
}

bool EditBuffer::Redo() {
  if (undo_index_ >= history_.size()) return false;
  const Edit& e = history_[undo_index_++];
  text_.replace(e.pos, e.removed.size(), e.inserted);
  caret_ = {static_cast<std::uint32_t>(e.pos + e.inserted.size()), false};
  anchor_ = caret_.pos;
  group_open_ = false;
  Changed();
  return true;
}

void EditBuffer::Changed() {
  ++revision_;
  utf8_stale_ = true;
}

}  // namespace staccs::gui::text
