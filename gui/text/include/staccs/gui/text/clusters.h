// Where a caret may stand and what one Backspace removes: user-perceived characters (a base
// letter with its combining marks — Arabic harakat, French accents typed as combining marks,
// variation selectors, joiner sequences) and words. All positions are code-point indices into
// logical text, 0..size().
#pragma once

#include <cstddef>
#include <string_view>

namespace staccs::gui::text {

// True for a code point that attaches to the one before it (combining marks, ZWJ/ZWNJ,
// variation selectors, emoji modifiers), so no caret stops in front of it.
bool ExtendsCluster(char32_t c);

// True if a caret may stand at `pos` (the start, the end, and every cluster start; "\r\n" is one
// cluster).
bool IsClusterBoundary(std::u32string_view text, std::size_t pos);
// The next / previous cluster boundary after / before `pos` (clamped to 0 and size()).
std::size_t NextClusterBoundary(std::u32string_view text, std::size_t pos);
std::size_t PreviousClusterBoundary(std::u32string_view text, std::size_t pos);

// Words as the kit counts them (core::IsWordSeparator): the end of the word at or after `pos`
// (skipping separators first), and the start of the word before `pos` (skipping separators
// back first). Line breaks stop neither.
std::size_t NextWordEnd(std::u32string_view text, std::size_t pos);
std::size_t PreviousWordStart(std::u32string_view text, std::size_t pos);
// The word (or run of separators) around `pos`, for a double click: [first, second).
std::pair<std::size_t, std::size_t> WordAt(std::u32string_view text, std::size_t pos);

}  // namespace staccs::gui::text
