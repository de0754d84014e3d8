// Sending what a kit carries to the campaigns' relays (SPEC §4, opportunistic sync): for each
// campaign, the relays in the campaign's order (or one given by hand); ask which bundles the
// relay lacks, upload those with tus (creation-with-upload: one request on a link that holds,
// resumed from the relay's offset when it does not), and keep each receipt, checked against
// the relay key the campaign lists.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"
#include "staccs/sync/http_client.h"

namespace staccs::sync {

struct SyncReport {
  std::size_t uploaded = 0;
  std::size_t already_there = 0;
  std::size_t receipts_verified = 0;
  std::size_t receipts_unverified = 0;  // the campaign lists no key for that relay
  std::vector<std::string> relays_reached;
  std::vector<std::string> problems;  // one line each: relay or bundle, and the reason
  std::uint64_t bytes_sent = 0, bytes_received = 0;
};

struct SyncOptions {
  std::optional<std::string> relay;  // instead of the campaigns' own relay lists
  HttpOptions http;
  int resume_attempts = 8;
};

// Returns an Unreachable error only if there was something to send and no relay answered.
Result<SyncReport> SendToRelays(core::Kit& kit, const SyncOptions& options);

}  // namespace staccs::sync
