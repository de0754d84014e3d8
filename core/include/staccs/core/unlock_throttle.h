// Failed-unlock bookkeeping (SPEC §3.5), in its own small file lock.state so that a wrong
// passphrase changes nothing but this counter. After three failures each further attempt must
// wait twice as long as the last (2, 4, 8 … seconds, at most 5 minutes).
#pragma once

#include <cstdint>
#include <filesystem>

#include "staccs/base/result.h"

namespace staccs::core {

struct UnlockThrottle {
  std::uint32_t failures = 0;
  std::int64_t last_failure_unix = 0;

  // Seconds to wait before the next attempt is allowed (0: now).
  std::int64_t SecondsToWait(std::int64_t now_unix) const;

  static UnlockThrottle Load(const std::filesystem::path& file);  // missing/corrupt: zero
  Status Save(const std::filesystem::path& file) const;
};

}  // namespace staccs::core
