// The Markdown publication: our structure (headings, bold labels, tables) around contributor
// text that renders as exactly the text written, in CommonMark and in Python-Markdown: every
// line escaped (publication_text.h) and wrapped in FSI…PDI. Contributors' own Markdown is
// therefore shown, not applied; the HTML publication renders it.
#include <string>

#include "publication_renderer.h"
#include "publication_text.h"
#include "publication_vocabulary.h"

namespace staccs::core::publication {

namespace {

// A piece of contributor text on one line: cleaned, escaped, isolated.
std::string Inline(std::string_view contributor_text) {
  return Isolate(MarkdownEscapeLine(CleanText(contributor_text, TextShape::kLine)));
}

std::string Cell(const CountCell& c) {
  switch (c.shown) {
    case CountCell::Shown::kNumber: return std::to_string(c.n);
    case CountCell::Shown::kSmall: return "&lt;5";
    case CountCell::Shown::kComplement: return "withheld";
  }
  return "";
}

class MarkdownRenderer : public PublicationRenderer {
 public:
  explicit MarkdownRenderer(PublicationFiles& files) : files_(files) {}

  Status Begin(const PublicationHead& head) override {
    head_ = head;
    STACCS_ASSIGN(out_, files_.Open(""));
    const HeadlineCounts& c = head.counts;
    std::string md = "# " + Inline(head.campaign->title.Get(head.lang)) + "\n\nCampaign " +
                     head.campaign->id_hex().substr(0, 16) + "… · compiled " + head.compiled_date +
                     "\n\n## Counts\n\n| | |\n| --- | --- |\n";
    const std::pair<const char*, const CountCell*> rows[] = {
        {"contributions received", &c.received},
        {"published with attribution", &c.attributed},
        {"published anonymously", &c.anonymous},
        {"not published (at the contributor's request)", &c.not_published},
        {"of which withdrawn after an earlier consent", &c.withdrawn},
        {"practice records", &c.practices}};
    for (const auto& [label, cell] : rows) md += std::string("| ") + label + " | " + Cell(*cell) + " |\n";
    md += "\n" + MarkdownEscapeLine(kSmallCountNote) + "\n";
    if (head.contributions > 0) md += "\n## Contributions\n";
    return out_->Write(md);
  }

  Status Contribution(const PublishedContribution& c) override {
    std::string md = "\n### Contribution " + std::to_string(c.number) + "\n\n";
    if (!c.attributed) {
      md += "**Anonymous**\n";
    } else {
      std::string who;
      for (const auto* f : {&c.author.name, &c.author.organisation, &c.author.stakeholder_group, &c.author.country})
        if (!CleanText(*f, TextShape::kLine).empty()) who += (who.empty() ? "" : " · ") + Inline(*f);
      md += who.empty() ? "**Attributed** (no details given)\n" : "**Attributed to:** " + who + "\n";
    }
    for (const auto& a : c.attachments) {
      md += "\n**Attachment:** " + Inline(a.descriptor.name) + " (" + AttachmentSize(a.descriptor.size) + ")";
      // Our own file name (numbers and a plain extension), never the participant's text.
      if (!a.file.empty()) md += " [file](" + UrlPath(head_.attachments_folder + "/" + a.file) + ")";
      md += "\n";
    }
    for (const auto& q : head_.campaign->questions) {
      for (const auto& a : c.answers) {
        if (a.question_id != q.id) continue;
        const std::string text = CleanText(a.text, TextShape::kParagraphs);
        if (text.empty()) continue;
        md += "\n#### " + Inline(q.prompt.Get(head_.lang)) + "\n\n" + MarkdownParagraphs(text);
      }
    }
    return out_->Write(md);
  }

  Status Practice(const PublishedPractice& p) override {
    const PracticeContent& c = p.content;
    std::string md = p.number == 1 ? "\n## Practice records\n" : "";
    md += "\n### Practice " + std::to_string(p.number) + ": " + Inline(c.title) + "\n\n**" +
          std::string(PracticeKindLabel(c.kind)) + "** · " + std::string(PhaseLabel(c.phase)) + "\n";
    const std::string description = CleanText(c.description, TextShape::kParagraphs);
    if (!description.empty()) md += "\n" + MarkdownParagraphs(description);
    auto list = [&](const char* label, const std::vector<std::string>& items, const char* sep) {
      std::string joined;
      for (const auto& i : items)
        if (!CleanText(i, TextShape::kLine).empty()) joined += (joined.empty() ? "" : sep) + Inline(i);
      if (!joined.empty()) md += std::string("\n**") + label + ":** " + joined + "\n";
    };
    list("Actors", c.actors, ", ");
    list("Countries and regions", c.countries, ", ");
    list("Sources", c.sources, "; ");
    return out_->Write(md);
  }

  Status End(const Breakdowns& b) override {
    std::string md = "\n## Tables\n";
    auto table = [&](const char* title, const char* head, const std::vector<CountRow>& rows) {
      md += std::string("\n### ") + title + "\n\n| " + head + " | count |\n| --- | --- |\n";
      for (const auto& r : rows) md += "| " + MarkdownEscapeLine(r.label) + " | " + Cell(r.count) + " |\n";
    };
    if (head_.contributions > 0) {
      table("Answers per question", "question", b.by_question);
      table("Attributed contributions by stakeholder group", "stakeholder group", b.by_group);
      table("Attributed contributions by country", "country", b.by_country);
    }
    if (head_.practices > 0) {
      table("Practice records by phase", "phase", b.by_phase);
      table("Practice records by kind", "kind", b.by_kind);
    }
    if (head_.contributions == 0 && head_.practices == 0) md += "\nNothing has been published yet.\n";
    STACCS_TRY(out_->Write(md));
    return out_->Commit();
  }

 private:
  PublicationFiles& files_;
  PublicationHead head_;
  std::unique_ptr<TextOut> out_;
};

}  // namespace

std::unique_ptr<PublicationRenderer> MakeMarkdownRenderer(PublicationFiles& files) {
  return std::make_unique<MarkdownRenderer>(files);
}

}  // namespace staccs::core::publication
