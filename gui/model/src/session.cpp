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
  impl_->progress.cancel = true;
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

TransferKind Session::transfer() const { return impl_->transfer_kind.load(); }
const sync::TransferProgress& Session::progress() const { return impl_->progress; }
void Session::CancelTransfer() { impl_->progress.cancel = true; }
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
    if (transfer_kind == TransferKind::kNone) JoinTransfer();
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

void Session::Impl::JoinTransfer() {
  if (transfer_thread.joinable()) transfer_thread.join();
}

void Session::Impl::StartTransfer(TransferKind kind, std::function<Event(core::Kit&)> work) {
  if (transfer_kind != TransferKind::kNone) {
    Emit(event::Failed{kind == TransferKind::kSync ? Topic::kSync : Topic::kUsb,
                       "another transfer is running: wait for it or cancel it"});
    return;
  }
  JoinTransfer();
  auto second = kit->OpenSecondConnection();
  if (!second) {
    Emit(event::Failed{Topic::kUsb, second.error().message});
    return;
  }
  progress.Reset();
  transfer_kind = kind;
  transfer_thread = std::thread([this, work = std::move(work), k = std::make_shared<core::Kit>(std::move(*second))] {
    Event result = work(*k);
    transfer_kind = TransferKind::kNone;
    Emit(std::move(result));
    {
      std::lock_guard lock(jobs_mutex);
      jobs.push_back(RefreshJob{});
    }
    jobs_cv.notify_all();
  });
}

void Session::Impl::CloseKit() {
  progress.cancel = true;
  JoinTransfer();
  transfer_kind = TransferKind::kNone;
  TickAutosave(/*force=*/true);
  autosavers.clear();
  drafts.reset();
  index.Clear();
  kit.reset();
}

}  // namespace staccs::gui::model
