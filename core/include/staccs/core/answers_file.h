// Answers written outside the kit (`draft new|edit --answers FILE`, `draft template`,
// `draft export`): Markdown with one `# ` heading per question, or JSON. Both may carry author
// details and consent. The one parser for such files; it never throws.
//
// Markdown:                                     JSON:
//   ---                                           {"answers": {"challenges": "…", …},
//   name: Amina                                    "author": {"name": "…", "organisation": "…",
//   consent: anonymous   # a comment                          "stakeholder_group": "…", "country": "…"},
//   ---                                            "consent": "anonymous", "language": "ar"}
//   # Feedback on the problem statement
//   <!-- a note for the author: not saved -->
//   text…
//
// A heading names its question by the question's id ("# challenges") or by its prompt in any
// of the campaign's languages, whole or its beginning up to a word boundary ("# Feedback on
// the problem statement"), ignoring case, spacing and end punctuation; headings may come in
// any order. A heading that names no question is taken for the question at its place (or the
// first one still unanswered) and reported, so no text is lost silently. In the header, a
// value may be "quoted" (with \" \\ \n escapes), and ` #` starts a comment. In an answer, a
// line that must begin with "# " is written "\# " (draft export does so).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/campaign.h"
#include "staccs/core/draft.h"

namespace staccs::core {

struct AnswersFile {
  DraftContent content;            // answers in the campaign's question order
  std::vector<AnswerNote> notes;   // unmatched headings, then CheckAnswers(content)
};

// Errors (kBadInput) name the line and the reason: a malformed header, text before the first
// heading, two headings for one question, more headings than questions, not UTF-8.
Result<AnswersFile> ReadAnswersFile(std::string_view text, const Campaign& campaign);
// The same, without the notes.
Result<DraftContent> ParseAnswersFile(std::string_view text, const Campaign& campaign);

// The Markdown form of `content`, with every question of the campaign as a heading (its
// prompt in `language`, else English) and its id and limits as a comment, so the file reads
// back through ReadAnswersFile to the same content. With empty content: the blank template.
std::string WriteAnswersFile(const DraftContent& content, const Campaign& campaign, const std::string& language);

}  // namespace staccs::core
