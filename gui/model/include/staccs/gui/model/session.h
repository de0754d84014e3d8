// The desktop client's model: owns the unlocked kit on one worker thread. Screens post typed
// intents (intents.h) and draw immutable snapshots (snapshot.h); results and errors come back
// as events (events.h) through one queue the UI thread drains at the start of each frame.
// Long transfers (stick export and import, sync) run on threads of their own with their own
// connections to the kit, report progress through atomics and can be cancelled, so drafts are
// saved while bundles move. Includes no ImGui, GLFW or OpenGL: tests drive it with no window.
//
// Thread-safety: Post, Drain, progress(), CancelTransfer and the accessors may be called from
// one UI thread; `wake` is called from the worker threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "staccs/crypto/passphrase_kdf.h"
#include "staccs/gui/model/events.h"
#include "staccs/gui/model/intents.h"
#include "staccs/sync/http_client.h"
#include "staccs/sync/transfer_progress.h"

namespace staccs::gui::model {

enum class TransferKind { kNone, kExport, kImport, kSync };
// Two transfers may run at once, one per lane: a stick export or import, and a sync.
enum class Lane { kStick = 0, kSync = 1 };

struct SessionOptions {
  std::filesystem::path home;
  crypto::KdfProfile kdf_profile = crypto::KdfProfile::kStandard;  // for a kit made on first run
  bool demo = false;
  // Called from a worker after it queued an event: the app wakes its frame loop with it
  // (glfwPostEmptyEvent). May be empty.
  std::function<void()> wake;
  // Seconds since the epoch; tests may step it.
  std::function<std::int64_t()> now_unix;
  // How often the worker checks whether a background sync is due (it runs only when there is
  // something to send and the backoff and budget allow). Zero: no background sync.
  std::chrono::milliseconds background_sync_check{std::chrono::seconds(60)};
  sync::HttpOptions http;
  // Tests that drive the real window: the recovery code of a kit made on first run is also
  // written here. Honoured only with the insecure test KDF, so never for a real kit.
  std::filesystem::path test_recovery_code_file;
};

class Session {
 public:
  explicit Session(SessionOptions options);
  // Commits unsaved edits, cancels a running transfer and stops the threads.
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Post(Intent intent);
  // Every event queued since the last call, oldest first. Never blocks on the worker.
  std::vector<Event> Drain();
  // Tests: waits until at least one event is queued (or the timeout passes).
  bool WaitForEvent(std::chrono::milliseconds timeout);

  // The transfer running now in a lane (if any) and its counters.
  TransferKind transfer(Lane lane) const;
  const sync::TransferProgress& progress(Lane lane) const;
  void CancelTransfer(Lane lane);
  bool any_transfer() const;
  // True while the worker is on an intent (unlocking takes about a second of key derivation).
  bool busy() const;
  // When the worker next needs the UI to look (an autosave commit, a background sync): the
  // app's loop need not wait past it. Zero: nothing scheduled.
  std::int64_t next_timer_unix() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace staccs::gui::model
