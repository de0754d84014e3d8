// UTF-8 text helpers shared by the parsers, word counting and search: one decoder, one
// notion of what separates words (in Latin and Arabic script), one trim.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace staccs::core {

// True if `text` is well-formed UTF-8 with no NUL and no C0 controls other than tab, newline
// and carriage return.
bool IsCleanUtf8(std::string_view text);

// `text` made clean: every malformed byte, NUL and C0 control other than tab, newline and
// carriage return becomes U+FFFD, so IsCleanUtf8 holds for the result. For names that come
// from the file system (bytes on Linux), which must travel as UTF-8.
std::string ToCleanUtf8(std::string_view text);

// `text` safe to print on a terminal or a one-line report: printable UTF-8 stays as it is;
// control characters (C0, DEL, C1, which terminals act on), bidirectional and line-breaking
// controls and malformed bytes come out as \xNN or \u{NNNN}. (A backslash stays: Windows
// paths are full of them, and a literal "\x1b" in a name drives no terminal.) For names and
// text from outside (file names on a stick, fields of a bundle).
std::string PrintableText(std::string_view text);

// Decodes the code point at `i` and advances past it; malformed bytes give U+FFFD.
std::uint32_t DecodeUtf8(std::string_view s, std::size_t& i);
void AppendUtf8(std::string& out, std::uint32_t code_point);

// Spaces, punctuation and symbols that end a word: ASCII other than letters, digits, ' and _;
// Unicode spaces and general punctuation; the Arabic comma, semicolon, question mark and full
// stop; guillemets. Every other code point is taken as part of a word.
bool IsWordSeparator(std::uint32_t code_point);

// Without leading and trailing ASCII white space.
std::string Trim(std::string_view s);

}  // namespace staccs::core
