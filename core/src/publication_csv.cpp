// The CSV publication: one row per published contribution (one column per question, in the
// campaign's order), and the practice records in a second file beside it. UTF-8 with a byte
// order mark (spreadsheets then read UTF-8), RFC 4180 quoting, CRLF between rows, every cell
// neutralised against formulas (publication_text.h). Cells hold the contributor's text as
// written (cleaned of controls), not isolated: a spreadsheet lays each cell out on its own.
#include <string>

#include "publication_renderer.h"
#include "publication_text.h"

namespace staccs::core::publication {

namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

std::string Line(std::string_view s) { return CsvCell(CleanText(s, TextShape::kLine)); }
std::string Multi(std::string_view s) { return CsvCell(CleanText(s, TextShape::kParagraphs)); }

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) {
    const std::string clean = CleanText(i, TextShape::kLine);
    if (!clean.empty()) out += (out.empty() ? "" : "; ") + clean;
  }
  return CsvCell(out);
}

class CsvRenderer : public PublicationRenderer {
 public:
  CsvRenderer(PublicationFiles& files, bool practices_file) : files_(files), practices_file_(practices_file) {}

  Status Begin(const PublicationHead& head) override {
    head_ = head;
    STACCS_ASSIGN(out_, files_.Open(""));
    std::string header = std::string(kBom) + "contribution,attribution,name,organisation,stakeholder_group,country,language";
    for (const auto& q : head.campaign->questions) header += "," + Line(q.id);
    STACCS_TRY(out_->Write(header + ",attachments\r\n"));
    if (!practices_file_) return {};
    STACCS_ASSIGN(practices_, files_.Open("-practices.csv"));
    return practices_->Write(std::string(kBom) + "practice,title,description,phase,kind,actors,countries,sources\r\n");
  }

  Status Contribution(const PublishedContribution& c) override {
    std::string row = std::to_string(c.number) + "," + (c.attributed ? "attributed" : "anonymous") + "," +
                      Line(c.author.name) + "," + Line(c.author.organisation) + "," + Line(c.author.stakeholder_group) +
                      "," + Line(c.author.country) + "," + Line(c.language);
    for (const auto& q : head_.campaign->questions) {
      std::string text;
      for (const auto& a : c.answers)
        if (a.question_id == q.id) text = a.text;
      row += "," + Multi(text);
    }
    std::vector<std::string> files;
    for (const auto& a : c.attachments) files.push_back(a.file.empty() ? a.descriptor.name : a.file);
    return out_->Write(row + "," + Joined(files) + "\r\n");
  }

  Status Practice(const PublishedPractice& p) override {
    if (!practices_) return {};
    const PracticeContent& c = p.content;
    return practices_->Write(std::to_string(p.number) + "," + Line(c.title) + "," + Multi(c.description) + "," +
                             CsvCell(std::string(PhaseId(c.phase))) + "," + CsvCell(std::string(KindId(c.kind))) + "," +
                             Joined(c.actors) + "," + Joined(c.countries) + "," + Joined(c.sources) + "\r\n");
  }

  Status End(const Breakdowns&) override {
    if (practices_) STACCS_TRY(practices_->Commit());
    return out_->Commit();
  }

 private:
  PublicationFiles& files_;
  bool practices_file_;
  PublicationHead head_;
  std::unique_ptr<TextOut> out_, practices_;
};

}  // namespace

std::unique_ptr<PublicationRenderer> MakeCsvRenderer(PublicationFiles& files, bool practices_file) {
  return std::make_unique<CsvRenderer>(files, practices_file);
}

}  // namespace staccs::core::publication
