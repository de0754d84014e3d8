// The secretariat's side of arrival: open every held bundle of the campaigns this kit owns,
// verify it, keep every revision, and publish a new received-log listing what arrived.
#pragma once

#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/kit.h"

namespace staccs::core {

struct CollectReport {
  std::size_t opened = 0;
  std::size_t rejected = 0;
  std::vector<std::string> rejections;  // "bundle 3f2a…: author signature does not verify …"
  std::vector<std::string> logs_updated;  // campaign ids whose received-log got a new version
};

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

Result<CollectReport> CollectHeldBundles(Kit& kit);

// Every revision received for a campaign, and the current one per submission (latest
// revision wins; ties: later creation time, then the larger bundle id).
Result<std::vector<ReceivedSubmission>> ReceivedRevisions(Kit& kit, const std::string& campaign_id);
std::vector<ReceivedSubmission> CurrentRevisions(std::vector<ReceivedSubmission> all);

}  // namespace staccs::core
