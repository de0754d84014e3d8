// The secretariat's side of arrival: open every held bundle of the campaigns this kit owns,
// verify it, keep every revision, and publish a new received-log listing what arrived.
#pragma once

#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/kit.h"
#include "staccs/core/received_revisions.h"  // what CollectHeldBundles keeps, read back

namespace staccs::core {

struct CollectReport {
  std::size_t opened = 0;
  std::size_t rejected = 0;             // set aside (set_aside.h): not opened or not recorded
  std::vector<std::string> rejections;  // "bundle 3f2a…: author signature does not verify …"
  std::vector<std::string> set_aside_ids;  // the bundles of `rejections`, in the same order
  std::vector<std::string> logs_updated;   // campaign ids whose received-log got a new version
};

// Opens every pending bundle of every campaign the kit holds the keys of, one at a time and
// streamed from the store (memory does not grow with their number or size), and records it.
// A bundle that cannot be opened or recorded is set aside with its reason and the rest go
// on; an error comes back only when the kit itself fails (what was collected before stays).
Result<CollectReport> CollectHeldBundles(Kit& kit);

// Whether the kit holds the secret keys of any campaign it knows: whether it is some
// campaign's secretariat, so collection could open anything at all. Nothing is decrypted.
Result<bool> HoldsAnyCampaignSecrets(Kit& kit);

// The content of a decrypted bundle checked against its schema (docs/BUNDLE_FORMAT.md, the
// content JSON): a submission's answers, author and consent, or a practice's fields.
Status CheckBundleContent(BundleType type, ByteView content);

// Records an opened bundle as received (checked with CheckBundleContent first): the part of
// collection that reads what an author wrote. The caller holds the transaction.
Status RecordOpenedBundle(Kit& kit, const std::string& bundle_id, const std::string& campaign_id,
                          const BundleContents& opened);

}  // namespace staccs::core
