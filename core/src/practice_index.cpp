#include "staccs/core/practice_index.h"

#include <algorithm>

#include "staccs/core/text.h"

namespace staccs::core {

namespace {

// Folds a code point for matching: 0 drops it (Arabic diacritics), a separator returns ' '.
std::uint32_t Fold(std::uint32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) return cp;
    return ' ';  // unlike word counting, search also splits "l'accès" at the apostrophe
  }
  // Latin-1 letters to their base letter, so "securite" finds "sécurité".
  static constexpr char kLatin1[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts" "aaaaaaaceeeeiiiidnooooo ouuuuyty";
  if (cp >= 0xc0 && cp <= 0xff) {
    char b = kLatin1[cp - 0xc0];
    return b == ' ' ? ' ' : static_cast<std::uint32_t>(b);
  }
  if (cp == 0x0153 || cp == 0x0152) return 'o';  // œ: close enough for matching
  if ((cp >= 0x064b && cp <= 0x065f) || cp == 0x0670 || cp == 0x0640) return 0;  // harakat, tatweel
  if (cp == 0x0622 || cp == 0x0623 || cp == 0x0625 || cp == 0x0671) return 0x0627;  // alef forms
  if (cp == 0x0629) return 0x0647;  // teh marbuta -> heh
  if (cp == 0x0649) return 0x064a;  // alef maksura -> yeh
  return IsWordSeparator(cp) ? ' ' : cp;
}

std::string Lower(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = Fold(DecodeUtf8(s, i));
    if (cp != 0) AppendUtf8(out, cp);
  }
  return out;
}

}  // namespace

std::vector<std::string> PracticeIndex::Tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = Fold(DecodeUtf8(text, i));
    if (cp == 0) continue;
    if (cp == ' ') {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
    } else {
      AppendUtf8(current, cp);
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

bool PracticeFilter::Matches(const PracticeContent& p) const {
  if (phase && p.phase != *phase) return false;
  if (kind && p.kind != *kind) return false;
  auto any_contains = [](const std::vector<std::string>& values, const std::string& needle) {
    if (needle.empty()) return true;
    std::string n = Lower(needle);
    return std::any_of(values.begin(), values.end(),
                       [&](const std::string& v) { return Lower(v).find(n) != std::string::npos; });
  };
  return any_contains(p.actors, actor) && any_contains(p.countries, country);
}

void PracticeIndex::Clear() {
  docs_.clear();
  postings_.clear();
}

std::vector<std::string> PracticeIndex::RecordTokens(const PracticeContent& p) {
  std::vector<std::string> tokens = Tokenize(p.title);
  auto add = [&](std::string_view text) {
    for (auto& t : Tokenize(text)) tokens.push_back(std::move(t));
  };
  add(p.description);
  add(PhaseId(p.phase));
  add(PhaseLabel(p.phase));
  add(KindId(p.kind));
  for (const auto& v : p.actors) add(v);
  for (const auto& v : p.countries) add(v);
  for (const auto& v : p.sources) add(v);
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  return tokens;
}

bool PracticeIndex::MatchesWords(const std::vector<std::string>& record_tokens, const std::vector<std::string>& words) {
  return std::all_of(words.begin(), words.end(), [&](const std::string& w) {
    auto it = std::lower_bound(record_tokens.begin(), record_tokens.end(), w);
    return it != record_tokens.end() && it->compare(0, w.size(), w) == 0;
  });
}

void PracticeIndex::Add(Practice practice) {
  const auto doc = static_cast<std::uint32_t>(docs_.size());
  for (auto& t : RecordTokens(practice.content)) postings_[std::move(t)].push_back(doc);
  docs_.push_back(std::move(practice));
}

std::vector<const Practice*> PracticeIndex::Search(std::string_view query, const PracticeFilter& filter) const {
  std::vector<std::string> words = Tokenize(query);
  std::vector<std::uint32_t> hits;
  if (words.empty()) {
    hits.resize(docs_.size());
    for (std::uint32_t i = 0; i < hits.size(); ++i) hits[i] = i;
  }
  for (std::size_t w = 0; w < words.size(); ++w) {
    // Every token that starts with the word: a contiguous range of the sorted map.
    std::vector<std::uint32_t> matches;
    for (auto it = postings_.lower_bound(words[w]);
         it != postings_.end() && it->first.compare(0, words[w].size(), words[w]) == 0; ++it)
      matches.insert(matches.end(), it->second.begin(), it->second.end());
    std::sort(matches.begin(), matches.end());
    matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
    if (w == 0) {
      hits = std::move(matches);
    } else {
      std::vector<std::uint32_t> both;
      std::set_intersection(hits.begin(), hits.end(), matches.begin(), matches.end(), std::back_inserter(both));
      hits = std::move(both);
    }
    if (hits.empty()) break;
  }
  std::vector<const Practice*> out;
  for (std::uint32_t i : hits)
    if (filter.Matches(docs_[i].content)) out.push_back(&docs_[i]);
  std::stable_sort(out.begin(), out.end(), [](const Practice* a, const Practice* b) {
    return a->updated_unix > b->updated_unix;
  });
  return out;
}

}  // namespace staccs::core
