#include "staccs/gui/text/clusters.h"

#include <fribidi.h>

#include "staccs/core/text.h"

namespace staccs::gui::text {

namespace {
constexpr char32_t kZwnj = 0x200C, kZwj = 0x200D;

bool IsSeparator(char32_t c) { return core::IsWordSeparator(static_cast<std::uint32_t>(c)); }
}  // namespace

bool ExtendsCluster(char32_t c) {
  if (c < 0x300) return false;  // fast path: nothing below the combining diacritics extends
  if (c == kZwnj || c == kZwj) return true;
  if (c >= 0x1F3FB && c <= 0x1F3FF) return true;  // emoji skin-tone modifiers
  if (c >= 0xE0020 && c <= 0xE007F) return true;  // tag characters (flag sequences)
  // Non-spacing and enclosing marks (Mn, Me) are exactly the characters of bidi type NSM; FriBidi
  // carries that table, so the Arabic harakat, the Latin combining accents and the variation
  // selectors are all covered without a table of our own.
  return fribidi_get_bidi_type(static_cast<FriBidiChar>(c)) == FRIBIDI_TYPE_NSM;
}

bool IsClusterBoundary(std::u32string_view text, std::size_t pos) {
  if (pos == 0 || pos >= text.size()) return true;
  const char32_t before = text[pos - 1], at = text[pos];
  if (before == '\r' && at == '\n') return false;
  if (before == '\n' || before == '\r') return true;  // a mark never reaches back over a break
  // ZWJ glues an emoji to the one before it (family and profession sequences); between letters it
  // only requests a joining form and each letter stays its own character.
  if (before == kZwj && (at >= 0x1F000 || (at >= 0x2600 && at <= 0x27BF))) return false;
  return !ExtendsCluster(at);
}

std::size_t NextClusterBoundary(std::u32string_view text, std::size_t pos) {
  if (pos >= text.size()) return text.size();
  ++pos;
  while (!IsClusterBoundary(text, pos)) ++pos;
  return pos;
}

std::size_t PreviousClusterBoundary(std::u32string_view text, std::size_t pos) {
  if (pos == 0) return 0;
  if (pos > text.size()) return text.size();
  --pos;
  while (!IsClusterBoundary(text, pos)) --pos;
  return pos;
}

std::size_t NextWordEnd(std::u32string_view text, std::size_t pos) {
  while (pos < text.size() && IsSeparator(text[pos])) ++pos;
  while (pos < text.size() && !IsSeparator(text[pos])) ++pos;
  return pos;
}

std::size_t PreviousWordStart(std::u32string_view text, std::size_t pos) {
  if (pos > text.size()) pos = text.size();
  while (pos > 0 && IsSeparator(text[pos - 1])) --pos;
  while (pos > 0 && !IsSeparator(text[pos - 1])) --pos;
  return pos;
}

std::pair<std::size_t, std::size_t> WordAt(std::u32string_view text, std::size_t pos) {
  if (text.empty()) return {0, 0};
  if (pos >= text.size()) pos = text.size() - 1;
  // A click just after a word (on the space that follows it) still means that word.
  if (IsSeparator(text[pos]) && pos > 0 && !IsSeparator(text[pos - 1])) --pos;
  const bool separator = IsSeparator(text[pos]);
  std::size_t first = pos, last = pos + 1;
  while (first > 0 && IsSeparator(text[first - 1]) == separator && text[first - 1] != '\n') --first;
  while (last < text.size() && IsSeparator(text[last]) == separator && text[last] != '\n') ++last;
  return {first, last};
}

}  // namespace staccs::gui::text
