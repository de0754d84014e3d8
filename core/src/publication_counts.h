// The counts a publication shows, and the rule that keeps small groups from being singled
// out (SPEC §3.9):
// - a count from 1 to 4 is suppressed ("<5"); 0 is shown;
// - every breakdown table counts only what the publication already lists (the by-group and
//   by-country tables only contributions published with attribution, whose details are in
//   their attribution lines), so no subtraction of listed entries reveals anything new;
// - the only counts of what is not listed are "not published" and "withdrawn"; since
//   received = attributed + anonymous + not published and the first two can be counted in the
//   listing, "received" is withheld whenever "not published" is suppressed.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "staccs/core/campaign.h"
#include "staccs/core/draft.h"
#include "staccs/core/practice.h"

namespace staccs::core::publication {

struct CountCell {
  enum class Shown { kNumber, kSmall, kComplement };
  std::size_t n = 0;  // the true number: never written out unless `shown` is kNumber
  Shown shown = Shown::kNumber;
  bool suppressed() const { return shown != Shown::kNumber; }
};

CountCell Suppressed(std::size_t n);  // kSmall for 1..4, else the number

struct HeadlineCounts {
  CountCell received, attributed, anonymous, not_published, withdrawn, practices;
};
HeadlineCounts MakeHeadline(std::size_t attributed, std::size_t anonymous, std::size_t not_published,
                            std::size_t withdrawn, std::size_t practices);

struct CountRow {
  std::string key;    // stable: question id, group id, ISO alpha-2, phase or kind id; "other"
  std::string label;  // English (or the campaign's language for questions), clean text
  CountCell count;
};

struct Breakdowns {
  std::vector<CountRow> by_question;  // published contributions answering it, campaign order
  std::vector<CountRow> by_group;     // attributed contributions, vocabulary order, none left out
  std::vector<CountRow> by_country;   // attributed contributions, by name, "other" last; rows of 0 left out
  std::vector<CountRow> by_phase;     // practice records, in the forum's order
  std::vector<CountRow> by_kind;
};

// Adds up the breakdowns while the contributions stream past; fixed size whatever their number.
class BreakdownTally {
 public:
  explicit BreakdownTally(const Campaign& campaign);
  void AddContribution(bool attributed, const AuthorDetails& author, const std::vector<Answer>& answers);
  void AddPractice(const PracticeContent& p);
  Breakdowns Finish(const std::string& lang) const;

 private:
  const Campaign& campaign_;
  std::vector<std::size_t> questions_, groups_, countries_, phases_, kinds_;
  std::size_t other_country_ = 0;
};

}  // namespace staccs::core::publication
