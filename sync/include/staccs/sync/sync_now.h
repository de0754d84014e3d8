// One sync attempt as staccs-cli's `sync` and the desktop client's "Sync now" and background
// sync all run it: the data budget checked, the campaigns' relays tried (relay_sync.h), the
// attempt recorded for the backoff and the day's byte counters (sync_schedule.h), saved.
#pragma once

#include <cstdint>
#include <optional>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"
#include "staccs/sync/relay_sync.h"
#include "staccs/sync/sync_schedule.h"

namespace staccs::sync {

enum class SyncTrigger {
  kManual,     // "Sync now": the backoff is for automatic attempts, the budget still holds
  kScheduled,  // background: only when due (backoff elapsed) and there is something to send
};

struct SyncAttempt {
  bool ran = false;               // false: not due, nothing to send, or the budget is used up
  Result<SyncReport> report = SyncReport{};  // an Unreachable error if no relay answered
  SyncState state;                // after the attempt was recorded
};

// A budget used up is a Usage error for kManual (the user asked) and `ran = false` for
// kScheduled. Errors of the attempt itself (no relay reached) are in `report`, with the next
// automatic attempt added to their message; Local errors (the store) come back directly.
Result<SyncAttempt> RunSync(core::Kit& kit, SyncOptions options, SyncTrigger trigger, std::int64_t now_unix);

// True if the kit holds bundles no received-log lists yet (something for sync to do).
bool HasSomethingToSend(core::Kit& kit);

}  // namespace staccs::sync
