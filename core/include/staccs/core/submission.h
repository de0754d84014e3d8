// Submitting (sealing) a draft or practice, as one flow for staccs-cli and the desktop client:
// first what could still identify the author once it is sealed for good, then the seal.
// The preview is structured so each program words it in its own language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/draft.h"
#include "staccs/core/kit.h"
#include "staccs/core/outbox.h"

namespace staccs::core {

// One thing that could identify the author after sealing.
struct IdentifyingItem {
  enum class Kind {
    kAuthorDetail,        // a field the participant filled in: `field` is name|organisation|stakeholder_group|country
    kAttachmentMetadata,  // an attachment keeps metadata the kit could not strip: `field` is the file name
    kOwnWords,            // always present: what one writes can name people and places
  } kind = Kind::kOwnWords;
  std::string field;
  std::string value;    // the detail as given, or the attachment's warning
  bool published = false;  // true if the publication will show it (attributed consent)
};

struct SubmissionPreview {
  std::string source_id;
  std::string campaign_id;
  BundleType type = BundleType::kSubmission;
  std::uint32_t next_revision = 1;
  Consent consent = Consent::kPublishAnonymously;  // drafts only
  DraftWordCounts words;                            // drafts only: limits warn, never block
  std::vector<AnswerNote> notes;                    // drafts only: missing, empty, over-long answers
  std::vector<IdentifyingItem> identifying;
};

// What sealing `id_or_prefix` (a draft or practice) would carry; changes nothing.
Result<SubmissionPreview> PreviewSubmission(Kit& kit, std::string_view id_or_prefix);

// One line of English for a preview item (staccs-cli; the GUI translates from the fields).
std::string DescribeIdentifying(const IdentifyingItem& item);

// Seals it (Outbox::Submit): a new revision of the same submission if it was sealed before.
Result<OutboxEntry> SubmitForSecretariat(Kit& kit, std::string_view id_or_prefix);

}  // namespace staccs::core
