// Answers written outside the kit (`draft new|edit --answers FILE`): Markdown with one `#`
// heading per question, in the campaign's order, or JSON. Both may carry author details and
// consent. The one parser for such files; it never throws.
//
// Markdown:                              JSON:
//   ---                                    {"answers": {"challenges": "…", …},
//   name: Amina                             "author": {"name": "…", "organisation": "…",
//   consent: anonymous                                 "stakeholder_group": "…", "country": "…"},
//   ---                                     "consent": "anonymous", "language": "ar"}
//   # Feedback on the problem statement
//   text…
#pragma once

#include <string_view>

#include "staccs/base/result.h"
#include "staccs/core/campaign.h"
#include "staccs/core/draft.h"

namespace staccs::core {

Result<DraftContent> ParseAnswersFile(std::string_view text, const Campaign& campaign);

}  // namespace staccs::core
