#include "staccs/gui/model/session.h"

#include "session_impl.h"
#include "staccs/core/platform.h"

namespace staccs::gui::model {

std::int64_t Session::Impl::Now() const { return options.now_unix ? options.now_unix() : platform::UnixTimeNow(); }

void Session::Impl::Emit(Event e) {
  {
    std::lock_guard lock(events_mutex);
    events.push_back(std::move(e));
  }
  events_cv.notify_all();
  if (options.wake) options.wake();
}

Session::Session(SessionOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->next_sync_check = std::chrono::steady_clock::now() + impl_->options.background_sync_check;
  // The first snapshot (first run or locked) is built before any intent.
  impl_->jobs.push_back(RefreshJob{});
  impl_->worker = std::thread([impl = impl_.get()] { impl->WorkerLoop(); });
}

Session::~Session() {
  for (auto& lane : impl_->lanes) lane.progress.cancel = true;
  {
    std::lock_guard lock(impl_->jobs_mutex);
    impl_->stopping = true;
  }
  impl_->jobs_cv.notify_all();
  impl_->worker.join();
}

void Session::Post(Intent intent) {
  {
    std::lock_guard lock(impl_->jobs_mutex);
    impl_->jobs.push_back(std::move(intent));
  }
  impl_->jobs_cv.notify_all();
}

std::vector<Event> Session::Drain() {
  std::lock_guard lock(impl_->events_mutex);
  std::vector<Event> out(std::make_move_iterator(impl_->events.begin()), std::make_move_iterator(impl_->events.end()));
  impl_->events.clear();
  return out;
}

bool Session::WaitForEvent(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->events_mutex);
  return impl_->events_cv.wait_for(lock, timeout, [&] { return !impl_->events.empty(); });
}

TransferKind Session::transfer(Lane lane) const { return impl_->LaneOf(lane).kind.load(); }
const sync::TransferProgress& Session::progress(Lane lane) const { return impl_->LaneOf(lane).progress; }
void Session::CancelTransfer(Lane lane) { impl_->LaneOf(lane).progress.cancel = true; }
bool Session::any_transfer() const {
  return transfer(Lane::kStick) != TransferKind::kNone || transfer(Lane::kSync) != TransferKind::kNone;
}
bool Session::busy() const { return impl_->busy.load(); }
std::int64_t Session::next_timer_unix() const { return impl_->next_timer.load(); }

void Session::Impl::WorkerLoop() {
  for (;;) {
    std::optional<Job> job;
    {
      std::unique_lock lock(jobs_mutex);
      // Sleep until a job arrives, an autosave falls due, or it is time to look at sync.
      auto deadline = next_sync_check;
      const bool pending_save = std::any_of(autosavers.begin(), autosavers.end(),
                                            [](const auto& a) { return a.second->dirty(); });
      if (pending_save) deadline = std::min(deadline, std::chrono::steady_clock::now() + core::DraftAutosaver::kInterval / 4);
      jobs_cv.wait_until(lock, deadline, [&] { return stopping || !jobs.empty(); });
      if (stopping) break;
      if (!jobs.empty()) {
        job = std::move(jobs.front());
        jobs.pop_front();
      }
    }
    if (job) {
      busy = true;
      Handle(*job);
      busy = false;
    }
    TickAutosave(false);
    if (std::chrono::steady_clock::now() >= next_sync_check) {
      next_sync_check = std::chrono::steady_clock::now() + options.background_sync_check;
      MaybeBackgroundSync();
    }
  }
  CloseKit();
}

void Session::Impl::Handle(Job& job) {
  if (std::holds_alternative<RefreshJob>(job)) {
    // A transfer that finished leaves its thread to be joined here.
    JoinTransfers(/*finished_only=*/true);
    PublishSnapshot();
    return;
  }
  HandleIntent(std::get<Intent>(job));
}

void Session::Impl::PublishSnapshot() { Emit(event::SnapshotReady{BuildSnapshot()}); }

void Session::Impl::TickAutosave(bool force) {
  for (auto& [id, saver] : autosavers) {
    if (!saver->dirty()) continue;
    auto committed = force ? Result<bool>(saver->Close().ok()) : saver->Tick(core::DraftAutosaver::Clock::now());
    if (!committed) {
      Emit(event::Failed{Topic::kDraft, "draft " + id.substr(0, 8) + ": not saved: " + committed.error().message});
    } else if (*committed) {
      Emit(event::Saved{id, Now(), saver->commits()});
    }
  }
}

void Session::Impl::JoinTransfers(bool finished_only) {
  for (auto& lane : lanes)
    if (lane.thread.joinable() && (!finished_only || lane.kind == TransferKind::kNone)) lane.thread.join();
}

void Session::Impl::StartTransfer(Lane which, TransferKind kind, std::function<Event(core::Kit&)> work) {
  TransferLane& lane = LaneOf(which);
  const Topic topic = which == Lane::kSync ? Topic::kSync : Topic::kUsb;
  if (lane.kind != TransferKind::kNone) {
    Emit(event::Failed{topic, which == Lane::kSync ? "a sync is running already" : "a stick transfer is running: wait for it or cancel it"});
    return;
  }
  if (lane.thread.joinable()) lane.thread.join();
  auto second = kit->OpenSecondConnection();
  if (!second) {
    Emit(event::Failed{topic, second.error().message});
    return;
  }
  lane.progress.Reset();
  lane.kind = kind;
  lane.thread = std::thread([this, &lane, work = std::move(work), k = std::make_shared<core::Kit>(std::move(*second))] {
    Event result = work(*k);
    lane.kind = TransferKind::kNone;
    Emit(std::move(result));
    {
      std::lock_guard lock(jobs_mutex);
      jobs.push_back(RefreshJob{});
    }
    jobs_cv.notify_all();
  });
}

void Session::Impl::CloseKit() {
  for (auto& lane : lanes) lane.progress.cancel = true;
  JoinTransfers(/*finished_only=*/false);
  TickAutosave(/*force=*/true);
  autosavers.clear();
  drafts.reset();
  index.Clear();
  kit.reset();
}

}  // namespace staccs::gui::model
