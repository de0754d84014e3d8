// Sealed bundles held by a kit: its own, and those it carries for others (an organiser cannot
// read them). Stored once per id whatever path they came by; dropped once the campaign's
// received-log lists them.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/kit.h"

namespace staccs::core {

struct StoredBundle {
  std::string id;
  std::string campaign_id;
  std::size_t size = 0;
  bool own = false;
  bool dropped = false;
};

enum class PutOutcome { kNew, kDuplicate };

class BundleStore {
 public:
  explicit BundleStore(Kit& kit) : kit_(kit) {}

  // Stores a bundle for a campaign the kit holds. The caller batches calls in a transaction
  // when it stores many (USB import). A bundle dropped earlier stays dropped.
  Result<PutOutcome> Put(ByteView bundle, bool own, BundleEnvelope* envelope = nullptr,
                         const crypto::Hash32* known_id = nullptr);
  // Put for a bundle read piece by piece (a file on a stick): `fill` supplies exactly
  // out.size() further bytes each call. The bytes go straight into the store, a chunk at a
  // time, and must hash to `id` (the name they came under); a bundle already held is not read.
  // On any failure nothing is kept. The caller holds a transaction.
  Result<PutOutcome> PutStreamed(const crypto::Hash32& id, std::uint64_t size,
                                 const std::function<Status(std::span<std::uint8_t>)>& fill, bool own);
  Result<Bytes> Read(std::string_view id_or_prefix);
  Result<std::vector<StoredBundle>> List();
  // Bundles to pass on: held (not dropped) and not yet listed in the campaign's received-log.
  Result<std::vector<StoredBundle>> ToCarry();
  // The same bundles one at a time, in the same order, read a page at a time: memory does not
  // grow with their number. `visit` may write to the store (RecordPath); a bundle stored
  // during the walk is visited if it sorts after the current one.
  Status ForEachToCarry(const std::function<Status(const StoredBundle&)>& visit);
  Result<std::size_t> CountToCarry();
  // The same bundles, by campaign, for a sync. A page holds up to `limit` of the campaign's
  // bundles whose row (rowid) is above `after_row`, in row order, each with its row to go on
  // from: a sync walks 10^5 carried bundles without listing them all (86 MiB when it did).
  Result<std::vector<std::pair<std::int64_t, StoredBundle>>> ToCarryPage(const std::string& campaign_id,
                                                                         std::int64_t after_row, std::size_t limit);
  Result<std::vector<std::string>> CampaignsToCarry();
  Result<std::size_t> CountToCarry(const std::string& campaign_id);
  Status Drop(const std::string& id);
  Status Drop(const std::vector<std::string>& ids);  // one prepared statement for them all
  // Where a bundle has been: "stick:/media/usb0", "relay:https://…", "file:/home/x.stb".
  Status RecordPath(const std::string& id, const std::string& path, const std::string& state);

 private:
  Kit& kit_;
};

}  // namespace staccs::core
