// A contributor's Markdown as safe HTML, for the HTML publication (issue 11).
//
// libcmark (Debian 12: 0.30.2) parses; we render its tree ourselves into a fixed set of
// elements instead of calling cmark_render_html. In 0.30 "safe" is cmark's default
// (CMARK_OPT_SAFE is a no-op kept for old callers; CMARK_OPT_UNSAFE turns it off), and safe
// mode still lets through images that load from anywhere, headings that would pose as ours,
// and fence info as a class attribute. Ours:
// - raw HTML (blocks and inline) is shown as text, escaped;
// - links keep only http:, https: and mailto: targets, with rel="nofollow noopener noreferrer";
//   other links keep their text only;
// - images load nothing: their alt text is shown in brackets (as a link if the target is safe);
// - headings become bold paragraphs, so no contributor can make a "Contribution 99" heading;
// - every block carries dir="auto", so a paragraph in Arabic lays out right to left next to
//   one in French;
// - code keeps no language class.
// Text longer than kMaxMarkdownBytes is shown as plain paragraphs without parsing it:
// Debian's cmark predates the fixes for CVE-2023-22486 (quadratic time on nested inline
// brackets), so a hostile answer must not reach it at any length.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace staccs::core::publication {

inline constexpr std::size_t kMaxMarkdownBytes = 64 * 1024;

// `clean` is CleanText(…, TextShape::kParagraphs) output. Returns block elements.
std::string MarkdownToSafeHtml(std::string_view clean);

// Plain text as paragraphs (blank lines) with line breaks, each <p dir="auto">.
std::string PlainParagraphsHtml(std::string_view clean);

}  // namespace staccs::core::publication
