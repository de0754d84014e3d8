// What the sync engine tells its users (the GUI's outbox screen, `staccs-cli outbox`): plain
// data, copied out under the engine's lock. The engine itself arrives with the relay issue.
#pragma once

#include <cstdint>
#include <string>

namespace staccs::sync {

struct SyncStatus {
  bool running = false;
  std::int64_t next_attempt_unix = 0;  // 0: nothing scheduled
  std::uint64_t bytes_sent_today = 0;
  std::uint64_t bytes_received_today = 0;
  std::string last_error;  // empty if the last attempt succeeded

  std::string Summary() const;
};

}  // namespace staccs::sync
