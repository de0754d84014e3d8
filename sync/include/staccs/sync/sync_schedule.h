// When to sync next and how much it may cost (SPEC §4, opportunistic sync): exponential
// backoff with jitter after failures, a daily data budget, and the counters the outbox shows.
// Kept sealed in the kit's settings. Pure functions apart from Load/Save.
#pragma once

#include <cstdint>
#include <string>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"
#include "staccs/sync/sync_status.h"

namespace staccs::sync {

struct SyncState {
  std::uint32_t failures = 0;          // consecutive attempts that reached no relay
  std::int64_t next_attempt_unix = 0;  // 0: whenever there is something to send
  std::int64_t last_success_unix = 0;
  std::int64_t day = 0;                // the UTC day the counters below are for
  std::uint64_t bytes_sent_today = 0;
  std::uint64_t bytes_received_today = 0;
  std::uint64_t daily_budget_bytes = 0;  // 0: no budget
};

inline constexpr std::int64_t kFirstRetrySeconds = 30;
inline constexpr std::int64_t kMaxRetrySeconds = 6 * 3600;

Result<SyncState> LoadSyncState(core::Kit& kit);
Status SaveSyncState(core::Kit& kit, const SyncState& state);

// Records an attempt: counters (rolled over at UTC midnight), backoff after a failure (30 s,
// doubling, at most 6 h, each ±20% at random so many kits do not retry in step), reset after
// a success. `random_unit` is in [0, 1).
void RecordAttempt(SyncState& state, bool reached_a_relay, std::uint64_t bytes_sent, std::uint64_t bytes_received,
                   std::int64_t now_unix, double random_unit);
// Bytes still allowed today (UINT64_MAX without a budget).
std::uint64_t BytesAllowedToday(const SyncState& state, std::int64_t now_unix);
bool DueNow(const SyncState& state, std::int64_t now_unix);
SyncStatus ToStatus(const SyncState& state, std::int64_t now_unix);

}  // namespace staccs::sync
