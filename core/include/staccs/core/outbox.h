// The participant's outbox: every bundle this kit sealed, and where each one is (SPEC §1:
// sealed → on a stick → at relay X → received by the secretariat).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/kit.h"
#include "staccs/core/received_log.h"

namespace staccs::core {

// The states a path records (bundle_paths.state): exact strings, stored in kits.
inline constexpr std::string_view kPathWritten = "written";                        // stick or file
inline constexpr std::string_view kPathReceipted = "receipted";                    // relay, receipt verified
inline constexpr std::string_view kPathReceiptUnverified = "receipted (unverified)";  // no key in the campaign

struct BundlePath {
  std::string path;   // "stick:/media/usb0", "file:/tmp/x.stb", "relay:https://…"
  std::string state;  // one of the kPath… states above
  std::int64_t at_unix = 0;
  // A relay's receipt that no key of the campaign verified: anyone could have sent it, so it
  // must be shown as unverified wherever receipts are shown.
  bool receipt_unverified() const { return state == kPathReceiptUnverified; }
};

struct OutboxEntry {
  std::string bundle_id;
  std::string campaign_id;
  std::string source_id;  // the draft or practice sealed
  BundleType type = BundleType::kSubmission;
  std::string submission_id;
  std::uint32_t revision = 0;
  std::int64_t sealed_unix = 0;
  std::optional<std::int64_t> received_unix;
  std::vector<BundlePath> paths;
  std::array<std::uint8_t, 32> ack_secret{};
};

// Which submission (id, last revision sealed) each draft or practice continues. Part of the
// key backup: a restored kit revises its old submissions under the same id and key.
struct SubmissionIndexEntry {
  std::string source_id;  // a draft or practice id of the kit that sealed it
  std::string campaign_id;
  std::string submission_id;
  std::uint32_t revision = 0;
};

class Outbox {
 public:
  explicit Outbox(Kit& kit) : kit_(kit) {}

  // Seals a draft or a practice record (any unique id prefix) into a bundle: a new revision
  // of the same submission if it was sealed before. One transaction.
  Result<OutboxEntry> Submit(std::string_view draft_or_practice_id);
  Result<std::vector<OutboxEntry>> List();
  // Each entry in List's order, one at a time: memory stays flat however many there are.
  Status ForEach(const std::function<Status(const OutboxEntry&)>& visit);
  Result<std::vector<SubmissionIndexEntry>> SubmissionIndex();
  Status RestoreSubmissionIndex(const std::vector<SubmissionIndexEntry>& entries);
  // Makes the draft or practice `source_id` the next revision of an earlier submission (any
  // unique prefix of its id), e.g. after a restore.
  Result<SubmissionIndexEntry> ContinueSubmission(const std::string& source_id, std::string_view submission_prefix);

  // Marks as received every entry whose bundle id and acknowledgement tag the log lists.
  Result<std::size_t> MarkReceived(const ReceivedLog& log);
  // The same, with the log already indexed: reads only the campaign's unacknowledged entries,
  // one lookup each.
  Result<std::size_t> MarkReceived(const crypto::Hash32& campaign_id, const ReceivedLogIndex& log);

 private:
  Kit& kit_;
};

}  // namespace staccs::core
