#include "staccs/core/draft.h"

namespace staccs::core {

std::string_view ConsentName(Consent c) {
  switch (c) {
    case Consent::kPublishWithAttribution: return "attributed";
    case Consent::kPublishAnonymously: return "anonymous";
    case Consent::kDoNotPublish: return "do-not-publish";
  }
  return "anonymous";
}

bool ParseConsent(std::string_view s, Consent& out) {
  if (s == "attributed" || s == "publish-with-attribution") out = Consent::kPublishWithAttribution;
  else if (s == "anonymous" || s == "publish-anonymously") out = Consent::kPublishAnonymously;
  else if (s == "do-not-publish" || s == "none") out = Consent::kDoNotPublish;
  else return false;
  return true;
}

const std::string* DraftContent::AnswerTo(const std::string& question_id) const {
  for (const Answer& a : answers)
    if (a.question_id == question_id) return &a.text;
  return nullptr;
}

// Decodes one UTF-8 code point; malformed bytes count as one letter each.
static std::uint32_t NextCodePoint(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 0;
  std::uint32_t cp = n == 0 ? c : n == 1 ? (c & 0x1f) : n == 2 ? (c & 0x0f) : (c & 0x07);
  if (n != 0 && i + n >= s.size()) { ++i; return 0xfffd; }
  for (std::size_t k = 1; k <= n; ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  i += n + 1;
  return cp;
}

static bool IsSeparator(std::uint32_t cp) {
  if (cp < 0x80) {
    return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
             cp == '\'' || cp == '_');
  }
  // Unicode spaces, general punctuation, and the Arabic comma, semicolon, question mark and
  // full stop: everything else outside ASCII is taken as part of a word.
  return cp == 0xa0 || (cp >= 0x2000 && cp <= 0x206f) || cp == 0x3000 || cp == 0x060c ||
         cp == 0x061b || cp == 0x061f || cp == 0x06d4 || cp == 0xab || cp == 0xbb || cp == 0xfeff;
}

std::size_t CountWords(std::string_view text) {
  std::size_t words = 0, i = 0;
  bool in_word = false;
  while (i < text.size()) {
    bool sep = IsSeparator(NextCodePoint(text, i));
    if (!sep && !in_word) ++words;
    in_word = !sep;
  }
  return words;
}

bool DraftWordCounts::any_over() const {
  if (total_over()) return true;
  for (const auto& q : per_question)
    if (q.over()) return true;
  return false;
}

DraftWordCounts CountDraftWords(const DraftContent& content, const Campaign& campaign) {
  DraftWordCounts counts;
  counts.total_limit = campaign.total_word_limit;
  for (const Question& q : campaign.questions) {
    const std::string* text = content.AnswerTo(q.id);
    WordCount wc{q.id, text ? CountWords(*text) : 0, q.word_limit};
    counts.total += wc.words;
    counts.per_question.push_back(wc);
  }
  return counts;
}

}  // namespace staccs::core
