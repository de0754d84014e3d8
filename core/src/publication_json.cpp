// The JSON publication (docs/PUBLICATION_FORMAT.md): stable snake_case keys, counts as
// numbers and suppressed counts as {"suppressed": "small"} or {"suppressed": "complement"},
// one contribution or practice record per line so the file streams out (and can be read)
// one entry at a time. Text is the contributor's, cleaned of controls, not isolated or
// escaped beyond JSON: consumers render it, and must escape it for where they put it.
#include <nlohmann/json.hpp>

#include "publication_renderer.h"
#include "publication_text.h"

namespace staccs::core::publication {

namespace {

using nlohmann::ordered_json;

std::string Dump(const ordered_json& j) { return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace); }
std::string Line(std::string_view s) { return CleanText(s, TextShape::kLine); }

ordered_json Count(const CountCell& c) {
  switch (c.shown) {
    case CountCell::Shown::kNumber: return c.n;
    case CountCell::Shown::kSmall: return {{"suppressed", "small"}};
    case CountCell::Shown::kComplement: return {{"suppressed", "complement"}};
  }
  return nullptr;
}

ordered_json Localized(const LocalizedText& t, TextShape shape) {
  ordered_json j = ordered_json::object();
  for (const auto& [lang, text] : t.by_language) j[Line(lang)] = CleanText(text, shape);
  return j;
}

ordered_json Lines(const std::vector<std::string>& items) {
  ordered_json j = ordered_json::array();
  for (const auto& i : items)
    if (auto clean = Line(i); !clean.empty()) j.push_back(clean);
  return j;
}

ordered_json Rows(const std::vector<CountRow>& rows) {
  ordered_json j = ordered_json::array();
  for (const auto& r : rows) j.push_back({{"key", r.key}, {"label", r.label}, {"count", Count(r.count)}});
  return j;
}

class JsonRenderer : public PublicationRenderer {
 public:
  explicit JsonRenderer(PublicationFiles& files) : files_(files) {}

  Status Begin(const PublicationHead& head) override {
    head_ = head;
    STACCS_ASSIGN(out_, files_.Open(""));
    const Campaign& c = *head.campaign;
    ordered_json questions = ordered_json::array();
    for (const auto& q : c.questions)
      questions.push_back({{"id", Line(q.id)}, {"prompt", Localized(q.prompt, TextShape::kParagraphs)}});
    ordered_json languages = ordered_json::array();
    for (const auto& l : c.languages) languages.push_back(Line(l));
    const ordered_json campaign = {{"id", c.id_hex()}, {"title", Localized(c.title, TextShape::kLine)},
                                   {"languages", languages}, {"questions", questions}};
    const HeadlineCounts& n = head.counts;
    const ordered_json counts = {{"contributions_received", Count(n.received)},
                                 {"published_with_attribution", Count(n.attributed)},
                                 {"published_anonymously", Count(n.anonymous)},
                                 {"not_published", Count(n.not_published)},
                                 {"withdrawn", Count(n.withdrawn)},
                                 {"practice_records", Count(n.practices)}};
    return out_->Write("{\n\"format\": \"staccs-publication\",\n\"version\": 2,\n\"campaign\": " + Dump(campaign) +
                       ",\n\"compiled\": \"" + head.compiled_date + "\",\n\"small_count_threshold\": 5,\n\"counts\": " +
                       Dump(counts) + ",\n\"contributions\": [");
  }

  Status Contribution(const PublishedContribution& c) override {
    ordered_json answers = ordered_json::array();
    for (const auto& q : head_.campaign->questions)
      for (const auto& a : c.answers)
        if (a.question_id == q.id)
          if (auto text = CleanText(a.text, TextShape::kParagraphs); !text.empty())
            answers.push_back({{"question", q.id}, {"text", text}});
    ordered_json attachments = ordered_json::array();
    for (const auto& a : c.attachments)
      attachments.push_back({{"name", Line(a.descriptor.name)}, {"media_type", Line(a.descriptor.media_type)},
                             {"size", a.descriptor.size},
                             {"file", a.file.empty() ? ordered_json(nullptr) : ordered_json(head_.attachments_folder + "/" + a.file)}});
    ordered_json entry = {{"number", c.number}};
    entry["attribution"] = c.attributed ? ordered_json{{"name", Line(c.author.name)},
                                                       {"organisation", Line(c.author.organisation)},
                                                       {"stakeholder_group", Line(c.author.stakeholder_group)},
                                                       {"country", Line(c.author.country)}}
                                        : ordered_json(nullptr);
    entry["language"] = c.language.empty() ? ordered_json(nullptr) : ordered_json(c.language);
    entry["answers"] = answers;
    entry["attachments"] = attachments;
    const std::string sep = first_contribution_ ? "\n" : ",\n";
    first_contribution_ = false;
    return out_->Write(sep + Dump(entry));
  }

  Status Practice(const PublishedPractice& p) override {
    std::string sep = first_practice_ ? "\n],\n\"practices\": [\n" : ",\n";
    first_practice_ = false;
    const PracticeContent& c = p.content;
    const ordered_json entry = {{"number", p.number},
                                {"title", Line(c.title)},
                                {"description", CleanText(c.description, TextShape::kParagraphs)},
                                {"phase", std::string(PhaseId(c.phase))},
                                {"kind", std::string(KindId(c.kind))},
                                {"actors", Lines(c.actors)},
                                {"countries", Lines(c.countries)},
                                {"sources", Lines(c.sources)}};
    return out_->Write(sep + Dump(entry));
  }

  Status End(const Breakdowns& b) override {
    const ordered_json tables = {{"answers_per_question", Rows(b.by_question)},
                                 {"attributed_by_stakeholder_group", Rows(b.by_group)},
                                 {"attributed_by_country", Rows(b.by_country)},
                                 {"practices_by_phase", Rows(b.by_phase)},
                                 {"practices_by_kind", Rows(b.by_kind)}};
    std::string tail = first_practice_ ? "\n],\n\"practices\": [" : "";
    tail += "\n],\n\"tables\": " + Dump(tables) + "\n}\n";
    STACCS_TRY(out_->Write(tail));
    return out_->Commit();
  }

 private:
  PublicationFiles& files_;
  PublicationHead head_;
  std::unique_ptr<TextOut> out_;
  bool first_contribution_ = true, first_practice_ = true;
};

}  // namespace

std::unique_ptr<PublicationRenderer> MakeJsonRenderer(PublicationFiles& files) {
  return std::make_unique<JsonRenderer>(files);
}

}  // namespace staccs::core::publication
