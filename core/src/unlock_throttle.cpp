#include "staccs/core/unlock_throttle.h"

#include <algorithm>
#include <cstring>

#include "staccs/core/platform.h"

namespace staccs::core {

static constexpr char kMagic[8] = {'S', 'T', 'A', 'C', 'C', 'S', 'L', 'S'};
static constexpr std::uint32_t kFreeAttempts = 3;
static constexpr std::int64_t kMaxWaitSeconds = 300;

std::int64_t UnlockThrottle::SecondsToWait(std::int64_t now) const {
  if (failures < kFreeAttempts) return 0;
  std::uint32_t doublings = std::min<std::uint32_t>(failures - kFreeAttempts + 1, 16);
  std::int64_t wait = std::min<std::int64_t>(std::int64_t{1} << doublings, kMaxWaitSeconds);
  // A clock set backwards must not lock a person out for good.
  if (now < last_failure_unix) return 0;
  return std::max<std::int64_t>(0, last_failure_unix + wait - now);
}

UnlockThrottle UnlockThrottle::Load(const std::filesystem::path& file) {
  UnlockThrottle t;
  auto bytes = platform::ReadFile(file, 64);
  if (!bytes || bytes->size() != 20 || std::memcmp(bytes->data(), kMagic, 8) != 0) return t;
  t.failures = GetU32(bytes->data() + 8);
  t.last_failure_unix = static_cast<std::int64_t>(GetU64(bytes->data() + 12));
  return t;
}

Status UnlockThrottle::Save(const std::filesystem::path& file) const {
  Bytes out(kMagic, kMagic + 8);
  PutU32(out, failures);
  PutU64(out, static_cast<std::uint64_t>(last_failure_unix));
  return platform::WriteFileAtomically(file, out);
}

}  // namespace staccs::core
