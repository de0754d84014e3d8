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

std::vector<AnswerNote> CheckAnswers(const DraftContent& content, const Campaign& campaign) {
  std::vector<AnswerNote> notes;
  const DraftWordCounts counts = CountDraftWords(content, campaign);
  for (std::size_t i = 0; i < campaign.questions.size(); ++i) {
    const Question& q = campaign.questions[i];
    const WordCount& wc = counts.per_question[i];
    const std::string* text = content.AnswerTo(q.id);
    AnswerNote note;
    note.question_id = q.id;
    if (!text) note.kind = AnswerNote::Kind::kMissing;
    else if (Trim(*text).empty()) note.kind = AnswerNote::Kind::kEmpty;
    else if (wc.over()) {
      note.kind = AnswerNote::Kind::kOverLimit;
      note.words = wc.words;
      note.limit = wc.limit;
    } else {
      continue;
    }
    notes.push_back(std::move(note));
  }
  if (counts.total_over()) {
    AnswerNote total;
    total.kind = AnswerNote::Kind::kTotalOverLimit;
    total.words = counts.total;
    total.limit = counts.total_limit;
    notes.push_back(std::move(total));
  }
  return notes;
}

std::string DescribeAnswerNote(const AnswerNote& note, const Campaign& campaign) {
  std::string question = "'" + note.question_id + "'";
  for (std::size_t i = 0; i < campaign.questions.size(); ++i)
    if (campaign.questions[i].id == note.question_id) question = "question " + std::to_string(i + 1) + " (" + note.question_id + ")";
  switch (note.kind) {
    case AnswerNote::Kind::kMissing: return question + " has no answer";
    case AnswerNote::Kind::kEmpty: return "the answer to " + question + " is empty";
    case AnswerNote::Kind::kOverLimit:
      return "the answer to " + question + " has " + std::to_string(note.words) + " words, over its limit of " +
             std::to_string(note.limit);
    case AnswerNote::Kind::kTotalOverLimit:
      return std::to_string(note.words) + " words in all, over the campaign's limit of " + std::to_string(note.limit);
    case AnswerNote::Kind::kUnmatchedHeading:
      return "the heading '" + note.heading + "' (line " + std::to_string(note.line) +
             ") names no question by its id or prompt: its text was taken as the answer to " + question +
             " by its place (headings from 'staccs-cli draft template' always match)";
  }
  return {};
}

}  // namespace staccs::core
