#include "staccs/core/draft.h"

#include "staccs/core/text.h"

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

std::size_t CountWords(std::string_view text) {
  std::size_t words = 0, i = 0;
  bool in_word = false;
  while (i < text.size()) {
    bool sep = IsWordSeparator(DecodeUtf8(text, i));
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
