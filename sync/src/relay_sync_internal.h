// What the sending (relay_sync.cpp) and pulling (relay_pull.cpp) halves of relay sync share.
#pragma once

#include <string>
#include <vector>

#include "staccs/core/campaign.h"
#include "staccs/sync/relay_sync.h"

namespace staccs::sync {

inline std::string Trimmed(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// The relays to use for a campaign, with their keys (a pull proof must name the relay's key,
// a receipt is checked against it) and TLS pins: the campaign's list, or the one asked for.
inline std::vector<core::RelayEntry> RelaysFor(const core::Campaign& campaign, const SyncOptions& options) {
  if (!options.relay) return campaign.relays;
  core::RelayEntry manual{Trimmed(*options.relay), std::nullopt, std::nullopt};
  for (const auto& r : campaign.relays)
    if (Trimmed(r.url) == manual.url) manual = {manual.url, r.receipt_key, r.tls_pin};
  if (options.relay_key) manual.receipt_key = options.relay_key;
  return {manual};
}

}  // namespace staccs::sync
