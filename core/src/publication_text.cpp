#include "publication_text.h"

#include <cstdint>

#include "staccs/core/text.h"

namespace staccs::core::publication {

namespace {

constexpr std::string_view kFsi = "\xE2\x81\xA8";  // U+2068 FIRST STRONG ISOLATE
constexpr std::string_view kPdi = "\xE2\x81\xA9";  // U+2069 POP DIRECTIONAL ISOLATE

// The code point at `i`, or U+FFFD for anything that is not well-formed UTF-8 (the shared
// decoder accepts overlong forms and surrogates; text that reaches a publication must not).
std::uint32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  const auto lead = static_cast<unsigned char>(s[i]);
  const std::uint32_t cp = DecodeUtf8(s, i);
  const std::size_t len = i - start;
  if (lead >= 0x80 && len == 1) return 0xfffd;
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
    return 0xfffd;
  return cp;
}

bool IsDropped(std::uint32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n';
  if (cp >= 0x7f && cp <= 0x9f) return true;           // DEL, C1 controls
  if (cp >= 0x202a && cp <= 0x202e) return true;       // LRE RLE PDF LRO RLO
  if (cp >= 0x2066 && cp <= 0x2069) return true;       // LRI RLI FSI PDI
  if (cp == 0xfeff) return true;                       // byte order mark, zero-width no-break space
  if (cp >= 0xfff9 && cp <= 0xfffb) return true;       // interlinear annotation
  if (cp >= 0xfdd0 && cp <= 0xfdef) return true;       // noncharacters
  if ((cp & 0xfffe) == 0xfffe) return true;            // U+xFFFE, U+xFFFF
  return false;
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string CleanText(std::string_view text, TextShape shape) {
  std::string out;
  out.reserve(text.size());
  const bool lines = shape == TextShape::kParagraphs;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\r') {  // "\r\n" and a lone "\r" are one line break
      ++i;
      if (i < text.size() && text[i] == '\n') ++i;
      out.push_back(lines ? '\n' : ' ');
      continue;
    }
    std::uint32_t cp = NextCodePoint(text, i);
    if (cp == 0x2028 || cp == 0x2029) cp = '\n';
    if (IsDropped(cp)) continue;
    if (cp == '\n' || cp == '\t') {
      out.push_back(cp == '\n' && lines ? '\n' : (cp == '\t' && lines ? '\t' : ' '));
      continue;
    }
    AppendUtf8(out, cp);
  }
  const std::size_t b = out.find_first_not_of(" \t\n");
  if (b == std::string::npos) return {};
  out.erase(out.find_last_not_of(" \t\n") + 1);
  out.erase(0, b);
  return out;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string Isolate(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 6);
  out.append(kFsi).append(s).append(kPdi);
  return out;
}

std::string MarkdownEscapeLine(std::string_view line) {
  line = TrimBlanks(line);  // four leading spaces would start a code block; two trailing a break
  std::string out;
  out.reserve(line.size() + line.size() / 4);
  // At the start of a line these begin a block (heading, list, setext underline, definition):
  // escaped there; inside a line they are plain text in both dialects.
  std::size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    switch (c) {
      // Inline syntax anywhere: emphasis, code, links and images, escapes, attribute lists.
      case '\\': case '`': case '*': case '_': case '[': case ']': case '{': case '}':
        out.push_back('\\');
        out.push_back(c);
        continue;
      // Raw HTML, autolinks, entities, table cells, strikethrough, math: references, which
      // both dialects show as the character and neither reads as syntax.
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '&': out += "&amp;"; continue;
      case '|': out += "&#124;"; continue;
      case '~': out += "&#126;"; continue;
      case '$': out += "&#36;"; continue;
      default: break;
    }
    if (i == 0 && (c == '#' || c == '-' || c == '+')) {
      out.push_back('\\');
      out.push_back(c);
    } else if (i == 0 && (c == '=' || c == ':')) {
      out += c == '=' ? "&#61;" : "&#58;";
    } else if (digits > 0 && i == digits && (c == '.' || c == ')')) {  // "1." or "1)": a list
      out.push_back('\\');
      out.push_back(c);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string MarkdownParagraphs(std::string_view text) {
  std::string out;
  bool in_paragraph = false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string escaped = MarkdownEscapeLine(text.substr(pos, nl - pos));
    pos = nl + 1;
    if (escaped.empty()) {
      if (in_paragraph) out += "\n\n";
      in_paragraph = false;
      continue;
    }
    if (in_paragraph) out += "  \n";
    out += Isolate(escaped);
    in_paragraph = true;
  }
  if (in_paragraph) out += "\n";
  return out;
}

std::string CsvCell(std::string_view s) {
  std::string out = "\"";
  out.reserve(s.size() + 4);
  bool formula = false;
  if (!s.empty()) {
    const char c = s.front();
    formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    // Full-width = + - @ (U+FF1D, U+FF0B, U+FF0D, U+FF20), which some spreadsheets fold.
    if (s.size() >= 3 && s.substr(0, 2) == "\xEF\xBC") {
      const auto b = static_cast<unsigned char>(s[2]);
      formula = formula || b == 0x9d || b == 0x8b || b == 0x8d;
    }
    if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBC\xA0") formula = true;
  }
  if (formula) out.push_back('\'');
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string UrlPath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    const auto b = static_cast<unsigned char>(c);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
    }
  }
  return out;
}

std::string ShortLabel(std::string_view s, std::size_t max_chars) {
  // Byte offset after each of the first max_chars + 1 code points.
  std::size_t i = 0, count = 0, cut_space = std::string_view::npos, clause = std::string_view::npos;
  while (i < s.size() && count < max_chars) {
    const std::size_t at = i;
    const std::uint32_t cp = NextCodePoint(s, i);
    ++count;
    if (cp == ' ' || cp == '\t' || cp == '\n') cut_space = at;
    if (clause == std::string_view::npos && (cp == ':' || cp == '?' || cp == 0x061f)) {
      // A clause ends at a colon or question mark followed by a space (not inside "10:30").
      if (i == s.size() || s[i] == ' ' || s[i] == '\n') clause = cp == '?' || cp == 0x061f ? i : at;
    }
  }
  if (i >= s.size()) return std::string(s);
  if (clause != std::string_view::npos && clause > 0) return std::string(TrimBlanks(s.substr(0, clause)));
  if (cut_space != std::string_view::npos && cut_space > 0) return std::string(TrimBlanks(s.substr(0, cut_space))) + "…";
  return std::string(s.substr(0, i)) + "…";  // one word longer than the label: cut at a code point
}

}  // namespace staccs::core::publication
