// A participant's draft answers to one campaign (SPEC §2, Submission), and word counting
// against the campaign's limits. Limits warn; they never block.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "staccs/core/campaign.h"

namespace staccs::core {

enum class Consent { kPublishWithAttribution, kPublishAnonymously, kDoNotPublish };
std::string_view ConsentName(Consent c);  // "attributed", "anonymous", "do-not-publish"
bool ParseConsent(std::string_view s, Consent& out);

struct AuthorDetails {  // every field optional: the participant chooses what to give
  std::string name;
  std::string organisation;
  std::string stakeholder_group;
  std::string country;
  bool operator==(const AuthorDetails&) const = default;
};

struct Answer {
  std::string question_id;
  std::string text;  // Markdown
  bool operator==(const Answer&) const = default;
};

// What the participant writes; sealed at rest as one record.
struct DraftContent {
  std::vector<Answer> answers;
  AuthorDetails author;
  Consent consent = Consent::kPublishAnonymously;
  std::string language = "en";
  bool operator==(const DraftContent&) const = default;
  const std::string* AnswerTo(const std::string& question_id) const;
};

struct Draft {
  std::string id;
  std::string campaign_id;
  std::int64_t created_unix = 0;
  std::int64_t updated_unix = 0;
  std::string state = "draft";
  std::int64_t save_count = 0;
  DraftContent content;
};

// Words: runs of letters and digits in any script, split by spaces and punctuation.
std::size_t CountWords(std::string_view text);

struct WordCount {
  std::string question_id;
  std::size_t words = 0;
  std::uint32_t limit = 0;  // 0: none
  bool over() const { return limit != 0 && words > limit; }
};

struct DraftWordCounts {
  std::vector<WordCount> per_question;  // in the campaign's order
  std::size_t total = 0;
  std::uint32_t total_limit = 0;
  bool total_over() const { return total_limit != 0 && total > total_limit; }
  bool any_over() const;
};

DraftWordCounts CountDraftWords(const DraftContent& content, const Campaign& campaign);

// Something about a draft's answers its author should know before sealing it. Each warns;
// none blocks a save or a seal (SPEC §2). Structured, so each program words it in its own
// language; DescribeAnswerNote gives staccs-cli's English.
struct AnswerNote {
  enum class Kind {
    kMissing,           // no answer to `question_id`
    kEmpty,             // `question_id` has a heading or key with nothing in it
    kOverLimit,         // the answer to `question_id` has `words`, over its `limit`
    kTotalOverLimit,    // `words` in all, over the campaign's `limit`
    kUnmatchedHeading,  // answers file: `heading` (at `line`) names no question by id or prompt;
                        // its text was taken as the answer to `question_id`, by its place
  } kind = Kind::kMissing;
  std::string question_id;
  std::string heading;
  std::size_t line = 0;
  std::size_t words = 0;
  std::uint32_t limit = 0;
};

// Missing and empty answers and limits passed, in the campaign's question order.
std::vector<AnswerNote> CheckAnswers(const DraftContent& content, const Campaign& campaign);

// One line of English, naming the question by number and id.
std::string DescribeAnswerNote(const AnswerNote& note, const Campaign& campaign);

}  // namespace staccs::core
