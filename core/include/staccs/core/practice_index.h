// Full-text search over practice records, held only in memory: built from the decrypted
// records at unlock, never written anywhere (SPEC §3.4: no plaintext index on disk).
// Matching is by word prefix, every query word must match (AND), case- and accent-insensitive
// for Latin script, and for Arabic insensitive to diacritics, tatweel and alef/yeh/teh marbuta
// variants. Not thread-safe; rebuild or Add after each change.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/core/practice.h"

namespace staccs::core {

struct PracticeFilter {
  std::optional<Phase> phase;
  std::optional<PracticeKind> kind;
  std::string actor;    // case-insensitive substring of any actor
  std::string country;  // case-insensitive substring of any country
  bool Matches(const PracticeContent& p) const;
};

class PracticeIndex {
 public:
  void Clear();
  void Add(Practice practice);
  std::size_t size() const { return docs_.size(); }

  // Records matching every word of `query` (empty query: all) and the filter, newest first.
  std::vector<const Practice*> Search(std::string_view query, const PracticeFilter& filter = {}) const;

  static std::vector<std::string> Tokenize(std::string_view text);
  // Every searchable token of a record, sorted and unique.
  static std::vector<std::string> RecordTokens(const PracticeContent& p);
  // Whether a record's tokens match every word of a tokenized query, as Search does: lets a
  // one-shot search (the CLI) scan the records without building an index.
  static bool MatchesWords(const std::vector<std::string>& record_tokens, const std::vector<std::string>& words);

 private:
  std::vector<Practice> docs_;
  std::map<std::string, std::vector<std::uint32_t>, std::less<>> postings_;
};

}  // namespace staccs::core
