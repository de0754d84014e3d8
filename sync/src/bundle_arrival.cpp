#include "staccs/sync/bundle_arrival.h"

namespace staccs::sync {

Result<BundleArrival> ReceiveBundleFile(core::Kit& kit, const std::filesystem::path& file) {
  BundleArrival arrival;
  STACCS_ASSIGN(arrival.imported, ImportBundleFile(kit, file));
  STACCS_ASSIGN(bool secretariat, core::HoldsAnyCampaignSecrets(kit));
  if (!secretariat) return arrival;
  STACCS_ASSIGN(core::CollectReport report, core::CollectHeldBundles(kit));
  arrival.opened = std::move(report);
  return arrival;
}

}  // namespace staccs::sync
