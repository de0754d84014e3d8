// The HTML publication: one page, or, past `page_size` contributions or practice records, an
// index page (counts, tables, page list) with pages beside it, so a browser can open a
// campaign of 10^5 contributions. Well-formed HTML5 (html5lib reports no error), a
// Content-Security-Policy that allows no script and no remote load, every piece of
// contributor text escaped and isolated (<bdi>, dir="auto").
#include <string>

#include "publication_markdown_html.h"
#include "publication_renderer.h"
#include "publication_text.h"
#include "publication_vocabulary.h"

namespace staccs::core::publication {

namespace {

constexpr const char* kStyle =
    "body{font-family:'Noto Sans','Noto Sans Arabic',sans-serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.5}\n"
    "h1{font-size:1.6em}h2{border-bottom:1px solid #999;margin-top:2em}h3{font-size:1.05em;margin-bottom:.2em}\n"
    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .6em;text-align:start}td{text-align:end}\n"
    ".meta{color:#444;font-size:.9em}section{break-inside:avoid-page}\n"
    ".answer{border-inline-start:3px solid #ccc;padding-inline-start:.8em}pre{white-space:pre-wrap}\n"
    "nav{margin:1em 0}nav a{margin-inline-end:1em}\n"
    "@media print{body{margin:0;max-width:none}a{color:inherit}nav{display:none}}\n";

std::string Text(std::string_view contributor_text) { return HtmlEscape(CleanText(contributor_text, TextShape::kLine)); }
std::string Bdi(std::string_view contributor_text) { return "<bdi>" + Text(contributor_text) + "</bdi>"; }

std::string Cell(const CountCell& c) {
  switch (c.shown) {
    case CountCell::Shown::kNumber: return std::to_string(c.n);
    case CountCell::Shown::kSmall: return "&lt;5";
    case CountCell::Shown::kComplement: return "withheld";
  }
  return "";
}

std::string PageStart(const PublicationHead& h, const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"" + HtmlEscape(h.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n<title>" + title + "</title>\n<style>\n" + kStyle +
         "</style>\n</head>\n<body>\n";
}

std::string CountsTable(const HeadlineCounts& c) {
  const std::pair<const char*, const CountCell*> rows[] = {
      {"contributions received", &c.received},
      {"published with attribution", &c.attributed},
      {"published anonymously", &c.anonymous},
      {"not published (at the contributor's request)", &c.not_published},
      {"of which withdrawn after an earlier consent", &c.withdrawn},
      {"practice records", &c.practices}};
  std::string t = "<table class=\"counts\">\n";
  for (const auto& [label, cell] : rows) t += std::string("<tr><th>") + label + "</th><td>" + Cell(*cell) + "</td></tr>\n";
  return t + "</table>\n<p class=\"meta\">" + HtmlEscape(kSmallCountNote) + "</p>\n";
}

std::string BreakdownTables(const Breakdowns& b, std::size_t contributions, std::size_t practices) {
  std::string t;
  auto table = [&](const char* title, const char* head, const std::vector<CountRow>& rows) {
    t += std::string("<h3>") + title + "</h3>\n<table>\n<tr><th>" + head + "</th><th>count</th></tr>\n";
    for (const auto& r : rows)
      t += "<tr><th dir=\"auto\">" + HtmlEscape(r.label) + "</th><td>" + Cell(r.count) + "</td></tr>\n";
    t += "</table>\n";
  };
  t += "<h2 id=\"tables\">Tables</h2>\n";
  if (contributions > 0) {
    table("Answers per question", "question", b.by_question);
    table("Attributed contributions by stakeholder group", "stakeholder group", b.by_group);
    table("Attributed contributions by country", "country", b.by_country);
  }
  if (practices > 0) {
    table("Practice records by phase", "phase", b.by_phase);
    table("Practice records by kind", "kind", b.by_kind);
  }
  if (contributions == 0 && practices == 0) t += "<p>Nothing has been published yet.</p>\n";
  return t;
}

std::string AttributionLine(const PublishedContribution& c) {
  if (!c.attributed) return "Anonymous";
  std::string who;
  for (const auto* f : {&c.author.name, &c.author.organisation, &c.author.stakeholder_group, &c.author.country}) {
    if (CleanText(*f, TextShape::kLine).empty()) continue;
    who += (who.empty() ? "" : " · ") + Bdi(*f);
  }
  return who.empty() ? "Attributed (no details given)" : who;
}

std::string ContributionSection(const PublicationHead& h, const PublishedContribution& c) {
  std::string s = "<section class=\"contribution\" id=\"contribution-" + std::to_string(c.number) + "\">\n<h3>Contribution " +
                  std::to_string(c.number) + "</h3>\n<p class=\"meta\" dir=\"auto\">" + AttributionLine(c) + "</p>\n";
  if (!c.attachments.empty()) {
    s += "<ul class=\"meta\">\n";
    for (const auto& a : c.attachments) {
      const std::string label = "Attachment: " + Bdi(a.descriptor.name) + " (" + AttachmentSize(a.descriptor.size) + ")";
      s += a.file.empty() ? "<li>" + label + "</li>\n"
                          : "<li><a href=\"" + HtmlEscape(UrlPath(h.attachments_folder + "/" + a.file)) + "\">" + label + "</a></li>\n";
    }
    s += "</ul>\n";
  }
  const std::string lang = c.language.empty() ? "" : " lang=\"" + HtmlEscape(c.language) + "\"";
  for (const auto& q : h.campaign->questions) {
    for (const auto& a : c.answers) {
      if (a.question_id != q.id) continue;
      const std::string text = CleanText(a.text, TextShape::kParagraphs);
      if (text.empty()) continue;
      s += "<h4 dir=\"auto\">" + Text(q.prompt.Get(h.lang)) + "</h4>\n<div class=\"answer\" dir=\"auto\"" + lang + ">\n" +
           MarkdownToSafeHtml(text) + "</div>\n";
    }
  }
  return s + "</section>\n";
}

// A source is linked only when it is nothing but an http(s) address.
std::string SourceItem(const std::string& source) {
  const std::string clean = CleanText(source, TextShape::kLine);
  const bool url = (clean.rfind("https://", 0) == 0 || clean.rfind("http://", 0) == 0) && clean.find(' ') == std::string::npos;
  if (!url) return "<li dir=\"auto\">" + HtmlEscape(clean) + "</li>\n";
  return "<li dir=\"auto\"><a href=\"" + HtmlEscape(clean) + "\" rel=\"nofollow noopener noreferrer\">" + HtmlEscape(clean) + "</a></li>\n";
}

std::string PracticeSection(const PublishedPractice& p) {
  const PracticeContent& c = p.content;
  std::string s = "<section class=\"practice\" id=\"practice-" + std::to_string(p.number) + "\">\n<h3 dir=\"auto\">" +
                  std::to_string(p.number) + ". " + Bdi(c.title) + "</h3>\n<p class=\"meta\">" +
                  HtmlEscape(PracticeKindLabel(c.kind)) + " · " + HtmlEscape(PhaseLabel(c.phase)) + "</p>\n";
  const std::string description = CleanText(c.description, TextShape::kParagraphs);
  if (!description.empty()) s += "<div class=\"answer\" dir=\"auto\">\n" + MarkdownToSafeHtml(description) + "</div>\n";
  auto list = [&](const char* label, const std::vector<std::string>& items) {
    std::string joined;
    for (const auto& i : items)
      if (!CleanText(i, TextShape::kLine).empty()) joined += (joined.empty() ? "" : ", ") + Bdi(i);
    if (!joined.empty()) s += std::string("<p class=\"meta\" dir=\"auto\">") + label + ": " + joined + "</p>\n";
  };
  list("Actors", c.actors);
  list("Countries and regions", c.countries);
  std::string sources;
  for (const auto& src : c.sources)
    if (!CleanText(src, TextShape::kLine).empty()) sources += SourceItem(src);
  if (!sources.empty()) s += "<p class=\"meta\">Sources:</p>\n<ul class=\"meta\">\n" + sources + "</ul>\n";
  return s + "</section>\n";
}

class HtmlRenderer : public PublicationRenderer {
 public:
  HtmlRenderer(PublicationFiles& files, std::size_t page_size) : files_(files), page_size_(page_size) {}

  Status Begin(const PublicationHead& head) override {
    head_ = head;
    title_ = Text(head.campaign->title.Get(head.lang));
    paged_ = page_size_ > 0 && (head.contributions > page_size_ || head.practices > page_size_);
    if (paged_) return {};
    STACCS_ASSIGN(out_, files_.Open(""));
    STACCS_TRY(out_->Write(PageStart(head_, title_) + Heading() + CountsTable(head_.counts)));
    return out_->Write(head_.contributions > 0 ? "<h2 id=\"contributions\">Contributions</h2>\n" : "");
  }

  Status Contribution(const PublishedContribution& c) override {
    if (paged_) STACCS_TRY(TurnTo("-p", (c.number - 1) / page_size_ + 1, head_.contributions, "Contributions"));
    return out_->Write(ContributionSection(head_, c));
  }

  Status Practice(const PublishedPractice& p) override {
    if (paged_) {
      STACCS_TRY(TurnTo("-practices-p", (p.number - 1) / page_size_ + 1, head_.practices, "Practice records"));
    } else if (p.number == 1) {
      STACCS_TRY(out_->Write("<h2 id=\"practices\">Practice records</h2>\n"));
    }
    return out_->Write(PracticeSection(p));
  }

  Status End(const Breakdowns& b) override {
    if (!paged_) {
      STACCS_TRY(out_->Write(BreakdownTables(b, head_.contributions, head_.practices) + "</body>\n</html>\n"));
      STACCS_TRY(out_->Commit());
      STACCS_TRY(RemovePagesFrom("-p", 1));
      return RemovePagesFrom("-practices-p", 1);
    }
    STACCS_TRY(ClosePage());
    // The index last: once it is there, every page it links to is too.
    STACCS_ASSIGN(auto index, files_.Open(""));
    std::string h = PageStart(head_, title_) + Heading() + CountsTable(head_.counts);
    h += PageList("Contributions", "-p", head_.contributions);
    h += PageList("Practice records", "-practices-p", head_.practices);
    h += BreakdownTables(b, head_.contributions, head_.practices) + "</body>\n</html>\n";
    STACCS_TRY(index->Write(h));
    STACCS_TRY(index->Commit());
    STACCS_TRY(RemovePagesFrom("-p", Pages(head_.contributions) + 1));
    return RemovePagesFrom("-practices-p", Pages(head_.practices) + 1);
  }

 private:
  std::string Heading() const {
    return "<h1 dir=\"auto\">" + title_ + "</h1>\n<p class=\"meta\">Campaign " + head_.campaign->id_hex().substr(0, 16) +
           "… · compiled " + head_.compiled_date + "</p>\n<h2>Counts</h2>\n";
  }
  std::size_t Pages(std::size_t n) const { return n == 0 ? 0 : (n + page_size_ - 1) / page_size_; }
  std::string PageName(const std::string& prefix, std::size_t page) const {
    return files_.LinkName(prefix + std::to_string(page) + ".html");
  }

  std::string PageList(const char* what, const std::string& prefix, std::size_t total) const {
    if (total == 0) return "";
    std::string s = std::string("<h2>") + what + "</h2>\n<ul>\n";
    for (std::size_t p = 1; p <= Pages(total); ++p) {
      const std::size_t first = (p - 1) * page_size_ + 1, last = std::min(total, p * page_size_);
      s += "<li><a href=\"" + HtmlEscape(PageName(prefix, p)) + "\">" + what + " " + std::to_string(first) + "–" +
           std::to_string(last) + "</a></li>\n";
    }
    return s + "</ul>\n";
  }

  std::string Nav(const std::string& prefix, std::size_t page, std::size_t pages) const {
    std::string n = "<nav><a href=\"" + HtmlEscape(files_.LinkName("")) + "\">Index and counts</a>";
    if (page > 1) n += "<a href=\"" + HtmlEscape(PageName(prefix, page - 1)) + "\" rel=\"prev\">Previous page</a>";
    if (page < pages) n += "<a href=\"" + HtmlEscape(PageName(prefix, page + 1)) + "\" rel=\"next\">Next page</a>";
    return n + "<span class=\"meta\">page " + std::to_string(page) + " of " + std::to_string(pages) + "</span></nav>\n";
  }

  Status TurnTo(const std::string& prefix, std::size_t page, std::size_t total, const char* what) {
    if (out_ && prefix == prefix_ && page == page_) return {};
    STACCS_TRY(ClosePage());
    STACCS_ASSIGN(out_, files_.Open(prefix + std::to_string(page) + ".html"));
    prefix_ = prefix;
    page_ = page;
    const std::size_t first = (page - 1) * page_size_ + 1, last = std::min(total, page * page_size_);
    const std::string range = std::string(what) + " " + std::to_string(first) + "–" + std::to_string(last);
    return out_->Write(PageStart(head_, title_ + " · " + range) + "<p class=\"meta\" dir=\"auto\">" + title_ + "</p>\n" +
                       Nav(prefix, page, Pages(total)) + "<h2>" + range + "</h2>\n");
  }

  Status ClosePage() {
    if (!out_) return {};
    const std::size_t total = prefix_ == "-p" ? head_.contributions : head_.practices;
    STACCS_TRY(out_->Write(Nav(prefix_, page_, Pages(total)) + "</body>\n</html>\n"));
    STACCS_TRY(out_->Commit());
    out_.reset();
    return {};
  }

  // Pages of an earlier, longer publication would still hold contributions since withdrawn.
  Status RemovePagesFrom(const std::string& prefix, std::size_t first) {
    for (std::size_t p = first;; ++p) {
      STACCS_ASSIGN(bool removed, files_.Remove(prefix + std::to_string(p) + ".html"));
      if (!removed) return {};
    }
  }

  PublicationFiles& files_;
  std::size_t page_size_;
  PublicationHead head_;
  std::string title_;
  bool paged_ = false;
  std::unique_ptr<TextOut> out_;
  std::string prefix_;
  std::size_t page_ = 0;
};

}  // namespace

std::unique_ptr<PublicationRenderer> MakeHtmlRenderer(PublicationFiles& files, std::size_t page_size) {
  return std::make_unique<HtmlRenderer>(files, page_size);
}

}  // namespace staccs::core::publication
