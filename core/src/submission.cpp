#include "staccs/core/submission.h"

#include "staccs/core/attachment_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/practice_store.h"

namespace staccs::core {

Result<SubmissionPreview> PreviewSubmission(Kit& kit, std::string_view prefix) {
  SubmissionPreview p;
  auto draft = DraftStore(kit).Get(prefix);
  if (draft) {
    p.source_id = draft->id;
    p.campaign_id = draft->campaign_id;
    p.type = BundleType::kSubmission;
    p.consent = draft->content.consent;
    STACCS_ASSIGN(Campaign campaign, CampaignStore(kit).Get(draft->campaign_id));
    p.words = CountDraftWords(draft->content, campaign);
    p.notes = CheckAnswers(draft->content, campaign);
    const bool published = draft->content.consent == Consent::kPublishWithAttribution;
    const AuthorDetails& a = draft->content.author;
    for (const auto& [field, value] : {std::pair<const char*, const std::string*>{"name", &a.name},
                                       {"organisation", &a.organisation},
                                       {"stakeholder_group", &a.stakeholder_group},
                                       {"country", &a.country}})
      if (!value->empty())
        p.identifying.push_back({IdentifyingItem::Kind::kAuthorDetail, field, *value, published});
    STACCS_ASSIGN(auto attachments, AttachmentStore(kit).ForDraft(draft->id));
    for (const auto& att : attachments)
      for (const auto& w : att.warnings)
        p.identifying.push_back({IdentifyingItem::Kind::kAttachmentMetadata, att.descriptor.name, w,
                                 draft->content.consent != Consent::kDoNotPublish});
  } else if (draft.error().kind == ErrorKind::kUsage) {
    STACCS_ASSIGN(Practice practice, PracticeStore(kit).Get(prefix));
    p.source_id = practice.id;
    p.campaign_id = practice.campaign_id;
    p.type = BundleType::kPractice;
  } else {
    return std::move(draft).error();
  }
  p.identifying.push_back({IdentifyingItem::Kind::kOwnWords, "", "", p.consent != Consent::kDoNotPublish});
  STACCS_ASSIGN(auto index, Outbox(kit).SubmissionIndex());
  for (const auto& e : index)
    if (e.source_id == p.source_id) p.next_revision = e.revision + 1;
  return p;
}

std::string DescribeIdentifying(const IdentifyingItem& item) {
  switch (item.kind) {
    case IdentifyingItem::Kind::kAuthorDetail:
      return "your " + std::string(item.field == "stakeholder_group" ? "stakeholder group" : item.field) + " (" +
             item.value + ") " + (item.published ? "will be published with your answers" : "reaches the secretariat");
    case IdentifyingItem::Kind::kAttachmentMetadata:
      return item.field + ": " + item.value;
    case IdentifyingItem::Kind::kOwnWords:
      break;
  }
  return "what you wrote can itself identify you (names of people, places, your organisation)";
}

Result<OutboxEntry> SubmitForSecretariat(Kit& kit, std::string_view prefix) { return Outbox(kit).Submit(prefix); }

}  // namespace staccs::core
