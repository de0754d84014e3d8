// How a publication makes contributor text inert (SPEC §3.9): one cleaner for every piece of
// text a contributor wrote, then one escaper per format. Every renderer goes through these;
// none writes contributor text any other way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace staccs::core::publication {

enum class TextShape {
  kLine,       // a name, an organisation, a title: line breaks and tabs become spaces
  kParagraphs  // an answer or a description: line breaks kept (as "\n")
};

// Valid UTF-8 (malformed, overlong and surrogate sequences become U+FFFD) without what can
// hide or reorder text: C0 and C1 controls other than tab and newline, DEL, the bidi
// embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), the byte order
// mark, interlinear annotation marks and noncharacters. "\r\n", "\r", U+2028 and U+2029 become
// "\n". Marks that only nudge neutral characters (LRM, RLM, ALM) and joiners stay: Arabic and
// Persian text needs them. Leading and trailing white space is trimmed.
std::string CleanText(std::string_view text, TextShape shape);

// HTML text and attribute values: & < > " ' as character references.
std::string HtmlEscape(std::string_view clean);

// Wraps text in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (U+2068, U+2069), so a piece
// of right-to-left text cannot reorder what stands around it in a plain-text format.
std::string Isolate(std::string_view clean);

// One line of contributor text as Markdown that renders as exactly that text, in CommonMark
// (GitHub, pandoc) and in Python-Markdown: no element, link, image, raw HTML, heading, list,
// quote, code, table cell break or attribute list can start from it. Backslash escapes where
// both dialects honour them; character references for the rest (< > & | ~ $ and a leading =).
std::string MarkdownEscapeLine(std::string_view clean_line);

// Contributor text (TextShape::kParagraphs) as Markdown paragraphs: blank lines between
// paragraphs, hard breaks ("  " + newline) between lines, every line escaped and isolated.
std::string MarkdownParagraphs(std::string_view clean);

// One CSV cell (RFC 4180, always quoted). A cell starting with = + - @, a tab or a carriage
// return (OWASP's list), or their full-width forms, is prefixed with ' so that spreadsheets
// show it as text instead of running it.
std::string CsvCell(std::string_view clean);

// A relative path for a link: unreserved characters and '/' as they are, the rest
// percent-encoded (a folder the secretariat named "my files (2)" still links).
std::string UrlPath(std::string_view path);

// A short label for a long prompt: the whole text if it has at most `max_chars` code points,
// else its first clause (up to a ':', '?' or the Arabic question mark) if that fits, else
// the text cut at the last space before `max_chars` followed by "…". Never cuts a word or a
// UTF-8 sequence.
std::string ShortLabel(std::string_view clean, std::size_t max_chars);

}  // namespace staccs::core::publication
