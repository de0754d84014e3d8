#include "publication_markdown_html.h"

#include <cmark.h>

#include <memory>
#include <vector>

#include "publication_text.h"

namespace staccs::core::publication {

namespace {

struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterFree {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

std::string_view Literal(cmark_node* n) {
  const char* s = cmark_node_get_literal(n);
  return s ? std::string_view(s) : std::string_view();
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// The link target as an href value, or empty if it is not http(s) or mailto.
std::string SafeHref(const char* url) {
  if (url == nullptr) return {};
  std::string_view u(url);
  const bool web = StartsWithNoCase(u, "https://") || StartsWithNoCase(u, "http://");
  if (!(web && u.size() > 8) && !(StartsWithNoCase(u, "mailto:") && u.size() > 7)) return {};
  std::string out;
  for (char c : u) {
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7f || c == '"' || c == '<' || c == '>' || c == '`' || c == '\\') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
    } else {
      out.push_back(c);
    }
  }
  return HtmlEscape(out);
}

// The text inside a node (an image's alt text), without any markup.
std::string PlainTextOf(cmark_node* node) {
  std::string out;
  std::unique_ptr<cmark_iter, IterFree> it(cmark_iter_new(node));
  for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it.get());
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_TEXT: case CMARK_NODE_CODE: case CMARK_NODE_HTML_INLINE: out += Literal(n); break;
      case CMARK_NODE_SOFTBREAK: case CMARK_NODE_LINEBREAK: out.push_back(' '); break;
      default: break;
    }
  }
  return out;
}

}  // namespace

std::string PlainParagraphsHtml(std::string_view text) {
  std::string out, para;
  auto flush = [&] {
    if (!para.empty()) out += "<p dir=\"auto\">" + para + "</p>\n";
    para.clear();
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.find_first_not_of(" \t") == std::string_view::npos) flush();
    else para += (para.empty() ? "" : "<br>\n") + HtmlEscape(line);
  }
  flush();
  return out;
}

std::string MarkdownToSafeHtml(std::string_view text) {
  if (text.size() > kMaxMarkdownBytes) return PlainParagraphsHtml(text);
  std::unique_ptr<cmark_node, NodeFree> doc(cmark_parse_document(text.data(), text.size(), CMARK_OPT_VALIDATE_UTF8));
  if (!doc) return PlainParagraphsHtml(text);
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  std::vector<bool> links;  // per open link node: whether an <a> was written for it
  std::unique_ptr<cmark_iter, IterFree> it(cmark_iter_new(doc.get()));
  for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(it.get());
    const bool enter = ev == CMARK_EVENT_ENTER;
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_DOCUMENT: break;
      case CMARK_NODE_PARAGRAPH: out += enter ? "<p dir=\"auto\">" : "</p>\n"; break;
      case CMARK_NODE_HEADING: out += enter ? "<p dir=\"auto\" class=\"heading\"><strong>" : "</strong></p>\n"; break;
      case CMARK_NODE_BLOCK_QUOTE: out += enter ? "<blockquote dir=\"auto\">\n" : "</blockquote>\n"; break;
      case CMARK_NODE_LIST: {
        const bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
        if (!enter) {
          out += ordered ? "</ol>\n" : "</ul>\n";
        } else if (ordered) {
          const int start = cmark_node_get_list_start(n);
          out += start == 1 ? "<ol dir=\"auto\">\n" : "<ol dir=\"auto\" start=\"" + std::to_string(start) + "\">\n";
        } else {
          out += "<ul dir=\"auto\">\n";
        }
        break;
      }
      case CMARK_NODE_ITEM: out += enter ? "<li>" : "</li>\n"; break;
      case CMARK_NODE_CODE_BLOCK: out += "<pre dir=\"auto\"><code>" + HtmlEscape(Literal(n)) + "</code></pre>\n"; break;
      case CMARK_NODE_HTML_BLOCK: out += "<pre dir=\"auto\" class=\"raw\">" + HtmlEscape(Literal(n)) + "</pre>\n"; break;
      case CMARK_NODE_THEMATIC_BREAK: out += "<hr>\n"; break;
      case CMARK_NODE_TEXT: case CMARK_NODE_HTML_INLINE: out += HtmlEscape(Literal(n)); break;
      case CMARK_NODE_CODE: out += "<code>" + HtmlEscape(Literal(n)) + "</code>"; break;
      case CMARK_NODE_SOFTBREAK: out += "\n"; break;
      case CMARK_NODE_LINEBREAK: out += "<br>\n"; break;
      case CMARK_NODE_EMPH: out += enter ? "<em>" : "</em>"; break;
      case CMARK_NODE_STRONG: out += enter ? "<strong>" : "</strong>"; break;
      case CMARK_NODE_LINK: {
        if (enter) {
          const std::string href = SafeHref(cmark_node_get_url(n));
          links.push_back(!href.empty());
          if (!href.empty()) out += "<a href=\"" + href + "\" rel=\"nofollow noopener noreferrer\">";
        } else if (!links.empty()) {
          if (links.back()) out += "</a>";
          links.pop_back();
        }
        break;
      }
      case CMARK_NODE_IMAGE: {
        // Alt text only; an image inside a link must not open a second <a>.
        const std::string alt = "[image: " + HtmlEscape(PlainTextOf(n)) + "]";
        const std::string href = SafeHref(cmark_node_get_url(n));
        const bool in_link = !links.empty() && links.back();
        out += href.empty() || in_link ? alt : "<a href=\"" + href + "\" rel=\"nofollow noopener noreferrer\">" + alt + "</a>";
        cmark_iter_reset(it.get(), n, CMARK_EVENT_EXIT);  // skip the alt text's own nodes
        break;
      }
      default:  // custom nodes: cmark's parser makes none; their text would still be escaped
        if (enter) out += HtmlEscape(Literal(n));
        break;
    }
  }
  return out;
}

}  // namespace staccs::core::publication
