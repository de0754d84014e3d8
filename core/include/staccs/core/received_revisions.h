// What the secretariat holds after `collect`: every revision of every submission and practice
// record received for a campaign, read back from the kit's sealed `received` rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/kit.h"

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

// Every revision received for a campaign, and the current one per submission (latest
// revision wins; ties: later creation time, then the larger bundle id).
Result<std::vector<ReceivedSubmission>> ReceivedRevisions(Kit& kit, const std::string& campaign_id);
std::vector<ReceivedSubmission> CurrentRevisions(std::vector<ReceivedSubmission> all);

}  // namespace staccs::core
