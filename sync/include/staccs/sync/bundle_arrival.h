// A single bundle file arriving by any channel (email, a messaging app), taken in the way
// the kit's role asks: a carrier holds it for others; a secretariat's kit also opens what it
// can at once, so a bundle imported on a restored kit reaches the publication without a
// separate `collect` (issue 11). The CLI's `bundle import` and the desktop client call this.
#pragma once

#include <filesystem>
#include <optional>

#include "staccs/base/result.h"
#include "staccs/core/collection.h"
#include "staccs/core/kit.h"
#include "staccs/sync/stick_transfer.h"

namespace staccs::sync {

struct BundleArrival {
  ImportReport imported;
  // Set when this kit holds some campaign's keys: what the collection after the import
  // opened and set aside (every pending bundle of the kit's campaigns, not only this one).
  std::optional<core::CollectReport> opened;
};

// Imports the file (stick_transfer.h's ImportBundleFile), then, at a secretariat's kit,
// opens the held bundles (collection.h's CollectHeldBundles). A bundle that cannot be opened
// is set aside with its reason; an error comes back only for the file or the kit itself.
Result<BundleArrival> ReceiveBundleFile(core::Kit& kit, const std::filesystem::path& file);

}  // namespace staccs::sync
