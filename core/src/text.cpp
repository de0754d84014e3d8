#include "staccs/core/text.h"

#include <optional>

namespace staccs::core {

namespace {
// Length of the sequence a lead byte starts (0: not a lead byte) and its payload bits.
std::size_t SequenceLength(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xe0) == 0xc0) return 2;
  if ((c & 0xf0) == 0xe0) return 3;
  if ((c & 0xf8) == 0xf0) return 4;
  return 0;
}
}  // namespace

std::uint32_t DecodeUtf8(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const std::size_t len = SequenceLength(c);
  if (len == 1) { ++i; return c; }
  if (len == 0 || s.size() - i < len) { ++i; return 0xfffd; }
  std::uint32_t cp = c & (0x7f >> len);
  for (std::size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) { ++i; return 0xfffd; }
    cp = cp << 6 | (cc & 0x3f);
  }
  i += len;
  return cp;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | cp >> 6));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | cp >> 12));
    out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | cp >> 18));
    out.push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

bool IsWordSeparator(std::uint32_t cp) {
  if (cp < 0x80)
    return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '\'' ||
             cp == '_');
  return cp == 0xa0 || (cp >= 0x2000 && cp <= 0x206f) || cp == 0x3000 || cp == 0x060c || cp == 0x061b ||
         cp == 0x061f || cp == 0x06d4 || cp == 0xab || cp == 0xbb || cp == 0xfeff;
}

std::string Trim(std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

namespace {
// The code point of a well-formed sequence at `i` (advancing past it), or nullopt for a
// malformed, overlong, surrogate or out-of-range one (advancing by one byte).
std::optional<std::uint32_t> NextWellFormed(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  const std::size_t len = SequenceLength(c);
  std::size_t at = i;
  const std::uint32_t cp = DecodeUtf8(s, at);
  if (len < 2 || at != i + len || (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
      (len == 4 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
    ++i;
    return std::nullopt;
  }
  i = at;
  return cp;
}

bool IsAllowedControl(std::uint32_t cp) { return cp == '\t' || cp == '\n' || cp == '\r'; }

// Code points a terminal or a bidirectional renderer acts on rather than shows.
bool IsUnprintable(std::uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

void AppendHex(std::string& out, const char* prefix, std::uint32_t v, int digits, const char* suffix) {
  static const char* const kHex = "0123456789abcdef";
  out += prefix;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out.push_back(kHex[(v >> shift) & 0xf]);
  out += suffix;
}
}  // namespace

std::string ToCleanUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const auto cp = NextWellFormed(s, i);
    if (!cp || *cp == 0 || *cp == 0x7f || (*cp < 0x20 && !IsAllowedControl(*cp))) AppendUtf8(out, 0xfffd);
    else out.append(s.substr(start, i - start));
  }
  return out;
}

std::string PrintableText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const auto cp = NextWellFormed(s, i);
    if (!cp) AppendHex(out, "\\x", static_cast<unsigned char>(s[start]), 2, "");
    else if (IsUnprintable(*cp)) *cp < 0x80 ? AppendHex(out, "\\x", *cp, 2, "") : AppendHex(out, "\\u{", *cp, 4, "}");
    else out.append(s.substr(start, i - start));
  }
  return out;
}

bool IsCleanUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return false;
      ++i;
      continue;
    }
    const std::size_t len = SequenceLength(c);
    std::size_t at = i;
    const std::uint32_t cp = DecodeUtf8(s, at);
    if (len < 2 || at != i + len) return false;  // malformed or truncated
    // Overlong forms, surrogates and values past U+10FFFF are all refused.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
      return false;
    i = at;
  }
  return true;
}

}  // namespace staccs::core
