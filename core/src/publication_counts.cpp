#include "publication_counts.h"

#include <algorithm>

#include "publication_text.h"
#include "publication_vocabulary.h"

namespace staccs::core::publication {

namespace {
constexpr std::size_t kSmallCountThreshold = 5;
constexpr Phase kPhases[] = {Phase::kPreparing, Phase::kPrevention, Phase::kResilience, Phase::kMitigation,
                             Phase::kRecovery};
constexpr PracticeKind kKinds[] = {PracticeKind::kGoodPractice, PracticeKind::kGap, PracticeKind::kLiterature};
}  // namespace

CountCell Suppressed(std::size_t n) {
  return {n, n > 0 && n < kSmallCountThreshold ? CountCell::Shown::kSmall : CountCell::Shown::kNumber};
}

HeadlineCounts MakeHeadline(std::size_t attributed, std::size_t anonymous, std::size_t not_published,
                            std::size_t withdrawn, std::size_t practices) {
  HeadlineCounts h;
  h.attributed = Suppressed(attributed);
  h.anonymous = Suppressed(anonymous);
  h.not_published = Suppressed(not_published);
  h.withdrawn = Suppressed(withdrawn);
  h.practices = Suppressed(practices);
  h.received = Suppressed(attributed + anonymous + not_published);
  // received − (the contributions anyone can count in the listing) = not published.
  if (h.not_published.suppressed() && !h.received.suppressed()) h.received.shown = CountCell::Shown::kComplement;
  return h;
}

BreakdownTally::BreakdownTally(const Campaign& campaign)
    : campaign_(campaign),
      questions_(campaign.questions.size()),
      groups_(StakeholderGroups().size()),
      countries_(Countries().size()),
      phases_(std::size(kPhases)),
      kinds_(std::size(kKinds)) {}

void BreakdownTally::AddContribution(bool attributed, const AuthorDetails& author, const std::vector<Answer>& answers) {
  for (std::size_t q = 0; q < campaign_.questions.size(); ++q) {
    const bool answered = std::any_of(answers.begin(), answers.end(), [&](const Answer& a) {
      return a.question_id == campaign_.questions[q].id && !CleanText(a.text, TextShape::kParagraphs).empty();
    });
    if (answered) ++questions_[q];
  }
  if (!attributed) return;  // an anonymous contributor's group and country are nobody's to count
  ++groups_[StakeholderGroupOf(author.stakeholder_group)];
  if (auto c = CountryOf(author.country)) ++countries_[*c];
  else ++other_country_;
}

void BreakdownTally::AddPractice(const PracticeContent& p) {
  for (std::size_t i = 0; i < std::size(kPhases); ++i)
    if (kPhases[i] == p.phase) ++phases_[i];
  for (std::size_t i = 0; i < std::size(kKinds); ++i)
    if (kKinds[i] == p.kind) ++kinds_[i];
}

Breakdowns BreakdownTally::Finish(const std::string& lang) const {
  Breakdowns b;
  for (std::size_t q = 0; q < campaign_.questions.size(); ++q) {
    const Question& question = campaign_.questions[q];
    b.by_question.push_back({question.id, ShortLabel(CleanText(question.prompt.Get(lang), TextShape::kLine), 80),
                             Suppressed(questions_[q])});
  }
  const auto groups = StakeholderGroups();
  for (std::size_t g = 0; g < groups.size(); ++g)
    b.by_group.push_back({std::string(groups[g].id), std::string(groups[g].label), Suppressed(groups_[g])});
  const auto countries = Countries();
  for (std::size_t c = 0; c < countries.size(); ++c)
    if (countries_[c] > 0)
      b.by_country.push_back({std::string(countries[c].alpha2), std::string(countries[c].name), Suppressed(countries_[c])});
  std::sort(b.by_country.begin(), b.by_country.end(), [](const CountRow& x, const CountRow& y) { return x.label < y.label; });
  if (other_country_ > 0) b.by_country.push_back({"other", std::string(kOtherOrNotGiven), Suppressed(other_country_)});
  for (std::size_t i = 0; i < std::size(kPhases); ++i)
    b.by_phase.push_back({std::string(PhaseId(kPhases[i])), std::string(PhaseLabel(kPhases[i])), Suppressed(phases_[i])});
  for (std::size_t i = 0; i < std::size(kKinds); ++i)
    b.by_kind.push_back({std::string(KindId(kKinds[i])), std::string(PracticeKindLabel(kKinds[i])), Suppressed(kinds_[i])});
  return b;
}

}  // namespace staccs::core::publication
