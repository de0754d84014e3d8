// Where each submission stands, in one line (SPEC §1: sealed → on a stick → at relay X →
// received by the secretariat): the latest revision of every submission in the outbox, and the
// furthest its bundle has gone. For `staccs-cli outbox`, `draft list` and the desktop client's
// outbox screen. Pure: computed from Outbox::List().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/core/outbox.h"

namespace staccs::core {

// In the order a bundle travels; a later one wins.
enum class SubmissionPlace { kSealed, kAsFile, kOnStick, kAtRelay, kReceived };
// "sealed", "as a file", "on a stick", "at a relay", "received"
std::string_view SubmissionPlaceName(SubmissionPlace place);

struct SubmissionState {
  std::string submission_id;
  std::string campaign_id;
  std::string source_id;  // the draft or practice its latest revision was sealed from
  BundleType type = BundleType::kSubmission;
  std::uint32_t revision = 0;  // the latest sealed
  std::string bundle_id;       // that revision's bundle
  SubmissionPlace place = SubmissionPlace::kSealed;
  std::string where;           // the stick's label, the relay's URL or the file's path; empty otherwise
  std::int64_t since_unix = 0;
  bool receipt_unverified = false;  // at a relay whose key the campaign does not list
  std::size_t revisions = 0;        // bundles sealed for this submission
  const OutboxEntry* latest = nullptr;  // into the list given
};

// One state per submission, in the order their first revision was sealed.
std::vector<SubmissionState> SubmissionStates(const std::vector<OutboxEntry>& outbox);

}  // namespace staccs::core
