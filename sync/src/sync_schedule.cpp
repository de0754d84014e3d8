#include "staccs/sync/sync_schedule.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "staccs/core/kit_settings.h"

namespace staccs::sync {

namespace {
constexpr const char* kKey = "sync_state";
std::int64_t DayOf(std::int64_t unix_time) { return unix_time >= 0 ? unix_time / 86400 : (unix_time - 86399) / 86400; }

void RollOver(SyncState& s, std::int64_t now) {
  if (DayOf(now) != s.day) {
    s.day = DayOf(now);
    s.bytes_sent_today = s.bytes_received_today = 0;
  }
}
}  // namespace

Result<SyncState> LoadSyncState(core::Kit& kit) {
  STACCS_ASSIGN(auto text, core::GetSetting(kit, kKey));
  SyncState s;
  if (!text) return s;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return s;  // unreadable state only costs a fresh start
  s.failures = j.value("failures", 0u);
  s.next_attempt_unix = j.value("next_attempt", std::int64_t{0});
  s.last_success_unix = j.value("last_success", std::int64_t{0});
  s.day = j.value("day", std::int64_t{0});
  s.bytes_sent_today = j.value("sent_today", std::uint64_t{0});
  s.bytes_received_today = j.value("received_today", std::uint64_t{0});
  s.daily_budget_bytes = j.value("daily_budget", std::uint64_t{0});
  return s;
}

Status SaveSyncState(core::Kit& kit, const SyncState& s) {
  nlohmann::json j = {{"failures", s.failures},         {"next_attempt", s.next_attempt_unix},
                      {"last_success", s.last_success_unix}, {"day", s.day},
                      {"sent_today", s.bytes_sent_today},  {"received_today", s.bytes_received_today},
                      {"daily_budget", s.daily_budget_bytes}};
  return core::PutSetting(kit, kKey, j.dump());
}

void RecordAttempt(SyncState& s, bool reached, std::uint64_t sent, std::uint64_t received, std::int64_t now,
                   double random_unit) {
  RollOver(s, now);
  s.bytes_sent_today += sent;
  s.bytes_received_today += received;
  if (reached) {
    s.failures = 0;
    s.next_attempt_unix = 0;
    s.last_success_unix = now;
    return;
  }
  s.failures = std::min<std::uint32_t>(s.failures + 1, 64);
  const double base = std::min<double>(static_cast<double>(kMaxRetrySeconds),
                                       static_cast<double>(kFirstRetrySeconds) * std::pow(2.0, s.failures - 1));
  const double jittered = base * (0.8 + 0.4 * std::clamp(random_unit, 0.0, 1.0));
  s.next_attempt_unix = now + static_cast<std::int64_t>(std::llround(jittered));
}

std::uint64_t BytesAllowedToday(const SyncState& s, std::int64_t now) {
  if (s.daily_budget_bytes == 0) return std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t used = DayOf(now) == s.day ? s.bytes_sent_today + s.bytes_received_today : 0;
  return used >= s.daily_budget_bytes ? 0 : s.daily_budget_bytes - used;
}

bool DueNow(const SyncState& s, std::int64_t now) { return s.next_attempt_unix <= now && BytesAllowedToday(s, now) > 0; }

SyncStatus ToStatus(const SyncState& s, std::int64_t now) {
  SyncStatus st;
  st.next_attempt_unix = s.next_attempt_unix;
  const bool today = DayOf(now) == s.day;
  st.bytes_sent_today = today ? s.bytes_sent_today : 0;
  st.bytes_received_today = today ? s.bytes_received_today : 0;
  if (s.failures) st.last_error = std::to_string(s.failures) + " attempts in a row reached no relay";
  return st;
}

}  // namespace staccs::sync
