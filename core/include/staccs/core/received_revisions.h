// What the secretariat holds after `collect`: every revision of every submission and practice
// record received for a campaign, read back from the kit's sealed `received` rows, and which
// revision of each is current. Built to stream: a campaign of 10^5 bundles is read one row at
// a time, and the current revisions are picked with a small fixed-size entry per revision.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/kit.h"
#include "staccs/crypto/hash.h"

namespace staccs::core {

// A submission revision as the secretariat holds it.
struct ReceivedSubmission {
  std::string bundle_id;
  std::string campaign_id;
  std::int64_t received_unix = 0;
  BundleType type = BundleType::kSubmission;
  std::string submission_id;
  std::uint32_t revision = 0;
  std::int64_t created_unix = 0;
  std::string author_key;  // hex, per-campaign participant key
  Bytes content;           // JSON of a DraftContent or PracticeContent
};

// Calls `visit` with every revision received for a campaign (not rejected at collection), one
// at a time and in no set order; memory does not grow with their number. A row that cannot be
// opened (its seal or its record is damaged) is passed to `unreadable` with the reason and
// skipped, so one bad row never hides the rest. An error from `visit` stops the walk.
Status ForEachReceivedRevision(Kit& kit, const std::string& campaign_id,
                               const std::function<Status(const ReceivedSubmission&)>& visit,
                               const std::function<void(const std::string& bundle_id, const Error&)>& unreadable);

// The one revision received in the bundle `bundle_id`.
Result<ReceivedSubmission> ReadReceivedRevision(Kit& kit, const std::string& bundle_id);

// Picks the current revision of each submission: the latest revision wins; ties go to the
// later creation time, then the larger bundle id. A submission id is trusted only together
// with the key that signed it, so another author reusing an id cannot replace someone's
// answers. Each revision costs one Entry (56 bytes) until TakeCurrent; nothing of it is
// written anywhere. Not thread-safe.
class CurrentRevisionIndex {
 public:
  struct Entry {
    crypto::Hash32 bundle_id{};
    std::int64_t created_unix = 0;
    std::uint64_t submission = 0;  // keyed hash of (author key, submission id), random key per index
    std::uint32_t revision = 0;
    BundleType type = BundleType::kSubmission;
    std::uint8_t flags = 0;          // the caller's, for this revision
    std::uint8_t earlier_flags = 0;  // after TakeCurrent: OR of the flags of the revisions it replaced
  };

  CurrentRevisionIndex();
  // `flags` is the caller's summary of the revision (the publication: its consent).
  void Add(const ReceivedSubmission& s, std::uint8_t flags);
  std::size_t size() const { return entries_.size(); }
  // The current revision of each submission, ordered by creation time then bundle id.
  // Leaves the index empty.
  std::vector<Entry> TakeCurrent();

 private:
  crypto::Hash32 key_{};
  std::vector<Entry> entries_;
};

}  // namespace staccs::core
