// What comes back from the Session to the UI thread, through one queue drained at the start
// of each frame: new snapshots, and the results and errors of intents.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "staccs/core/outbox.h"
#include "staccs/core/submission.h"
#include "staccs/gui/model/snapshot.h"
#include "staccs/sync/stick_transfer.h"

namespace staccs::gui::model {

// What an event or error is about, so the screen concerned shows it.
enum class Topic { kKit, kUnlock, kCampaigns, kDraft, kSubmit, kPractices, kUsb, kSync, kSettings };

namespace event {
struct SnapshotReady { std::shared_ptr<const Snapshot> snapshot; };
// The recovery code, shown once on the first-run screen; the UI wipes it when done.
struct KitCreated { std::string recovery_code; };
struct UnlockRefused { std::string reason; std::int64_t retry_at_unix = 0; };
struct Saved { std::string draft_id; std::int64_t at_unix = 0; std::size_t commits = 0; };
struct DraftCreated { std::string draft_id; };
struct CampaignImported { std::string campaign_id; bool updated = false; bool unchanged = false; };
struct PreviewReady { core::SubmissionPreview preview; };
struct Submitted { core::OutboxEntry entry; };
struct PracticeSaved { std::string practice_id; };
struct SearchResults { std::string query; std::vector<std::string> practice_ids; };
struct Exported { sync::ExportReport report; std::string stick; };
struct Imported { sync::ImportReport report; std::string stick; };
struct Synced {
  bool ran = false;
  bool reached = false;
  std::size_t uploaded = 0, already_there = 0, marked_received = 0;
  std::vector<std::string> problems;
};
struct Wiped {};
struct Failed { Topic topic = Topic::kKit; std::string message; };
}  // namespace event

using Event = std::variant<event::SnapshotReady, event::KitCreated, event::UnlockRefused, event::Saved,
                           event::DraftCreated, event::CampaignImported, event::PreviewReady, event::Submitted,
                           event::PracticeSaved, event::SearchResults, event::Exported, event::Imported,
                           event::Synced, event::Wiped, event::Failed>;

}  // namespace staccs::gui::model
