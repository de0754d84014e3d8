// What the screens draw: an immutable picture of the unlocked kit, built on the Session's
// worker thread and handed to the UI thread whole (std::shared_ptr<const Snapshot>). Plain
// data, no ImGui: the screens read it, never change it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "staccs/core/attachment_store.h"
#include "staccs/core/campaign.h"
#include "staccs/core/draft.h"
#include "staccs/core/outbox.h"
#include "staccs/core/practice.h"
#include "staccs/sync/sync_schedule.h"

namespace staccs::gui::model {

enum class Stage {
  kFirstRun,  // no kit in the home folder
  kLocked,    // a kit, not unlocked
  kUnlocked,
};

struct CampaignView {
  core::Campaign campaign;
  std::vector<std::string> fingerprint_groups;  // "80412", "33017", … to read aloud
  std::optional<std::int64_t> days_left;        // none without a deadline; negative once past
};

struct DraftView {
  core::Draft draft;
  std::string campaign_title;  // in the draft's language
  core::DraftWordCounts words;
  std::vector<core::AttachmentInfo> attachments;
  bool sealed_before = false;  // a submit makes a new revision
};

// Where one sealed bundle is, as the participant reads it (SPEC §1).
enum class BundleState { kSealed, kOnStick, kAsFile, kAtRelay, kReceived };

struct OutboxRow {
  core::OutboxEntry entry;
  BundleState state = BundleState::kSealed;
  std::string title;  // the draft's campaign title or the practice's title
};

struct Snapshot {
  std::uint64_t version = 0;  // grows with each snapshot
  Stage stage = Stage::kFirstRun;
  std::string home;
  std::int64_t unlock_allowed_at_unix = 0;  // throttling: the countdown ends here
  std::uint32_t failed_unlocks = 0;
  bool demo = false;  // the demo kit: the unlock screen may show its passphrase

  std::string kit_name;
  std::vector<CampaignView> campaigns;
  std::vector<DraftView> drafts;
  std::vector<core::Practice> practices;  // newest first
  std::vector<OutboxRow> outbox;          // newest first
  sync::SyncState sync;
  bool sync_has_work = false;  // bundles no received-log lists yet
};

const CampaignView* FindCampaign(const Snapshot& s, const std::string& campaign_id);
const DraftView* FindDraft(const Snapshot& s, const std::string& draft_id);

}  // namespace staccs::gui::model
