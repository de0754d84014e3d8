#include "staccs/sync/sync_status.h"

namespace staccs::sync {

std::string SyncStatus::Summary() const {
  if (running) return "syncing";
  if (!last_error.empty()) return "last attempt failed: " + last_error;
  if (next_attempt_unix == 0) return "nothing to send";
  return "next attempt scheduled";
}

}  // namespace staccs::sync
