// The Session's private state, shared by session.cpp (threads and queues), worker.cpp
// (intents) and snapshot_builder.cpp.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "staccs/core/autosave.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/kit.h"
#include "staccs/core/practice_index.h"
#include "staccs/gui/model/session.h"

namespace staccs::gui::model {

// Internal jobs besides the screens' intents.
struct RefreshJob {};           // rebuild the snapshot (after a transfer)
using Job = std::variant<Intent, RefreshJob>;

struct Session::Impl {
  SessionOptions options;

  // Job queue: UI -> main worker.
  std::mutex jobs_mutex;
  std::condition_variable jobs_cv;
  std::deque<Job> jobs;
  bool stopping = false;

  // Event queue: workers -> UI.
  std::mutex events_mutex;
  std::condition_variable events_cv;
  std::deque<Event> events;

  std::atomic<bool> busy{false};
  std::atomic<std::int64_t> next_timer{0};
  struct TransferLane {
    std::atomic<TransferKind> kind{TransferKind::kNone};
    sync::TransferProgress progress;
    std::thread thread;  // joined by the main worker before the lane's next transfer
  };
  TransferLane lanes[2];
  TransferLane& LaneOf(Lane l) { return lanes[static_cast<int>(l)]; }

  // Main worker only.
  std::optional<core::Kit> kit;
  std::optional<core::DraftStore> drafts;
  std::map<std::string, std::unique_ptr<core::DraftAutosaver>> autosavers;
  core::PracticeIndex index;
  std::uint64_t snapshot_version = 0;
  std::chrono::steady_clock::time_point next_sync_check{};
  std::thread worker;

  std::int64_t Now() const;
  void Emit(Event e);
  void WorkerLoop();
  void Handle(Job& job);
  void HandleIntent(Intent& intent);
  void PublishSnapshot();
  std::shared_ptr<const Snapshot> BuildSnapshot();
  void TickAutosave(bool force);
  void CloseKit();
  void JoinTransfers(bool finished_only);
  void StartTransfer(Lane lane, TransferKind kind, std::function<Event(core::Kit&)> work);
  void MaybeBackgroundSync();
};

}  // namespace staccs::gui::model
