// Bundles a secretariat could not open or record (SPEC §5, collect): kept aside with their
// reason so that one hostile or broken bundle never blocks the rest. They can be listed,
// tried again (after a campaign update, or once the disk has room) or discarded for good.
// A set-aside bundle is a `received` row whose `rejected` column holds one of the two
// categories below, with the reason sealed in its `sealed` column (the reason may quote the
// bundle, an attachment's name say, so it is user content).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"

namespace staccs::core {

inline constexpr std::string_view kSetAsideNotOpened = "not opened";      // the bundle's fault
inline constexpr std::string_view kSetAsideNotRecorded = "not recorded";  // the kit's (a disk error)

struct SetAsideBundle {
  std::string bundle_id;
  std::string campaign_id;
  std::int64_t set_aside_unix = 0;
  std::size_t size = 0;     // bytes held (0 if the bytes are gone)
  bool not_opened = true;   // it does not decrypt, verify or parse; false: it could not be recorded
  std::string reason;       // "bundle 3f2a…: author signature does not verify …" (outside text: print escaped)
};

// Every set-aside bundle, oldest first.
Result<std::vector<SetAsideBundle>> ListSetAside(Kit& kit);

// Forgets a set-aside bundle (any unique id prefix): its bytes and entry go, and a copy that
// arrives again stays dropped. Returns its full id.
Result<std::string> DiscardSetAside(Kit& kit, std::string_view id_prefix);

// Puts a set-aside bundle back among the pending ones: the next collect tries it again.
// Returns its full id.
Result<std::string> RetrySetAside(Kit& kit, std::string_view id_prefix);

}  // namespace staccs::core
