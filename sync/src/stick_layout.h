// What stick export and import share: the names of the kit folder's parts, and which bundles
// the held received-logs list (no longer carried).
#pragma once

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include "staccs/core/campaign_store.h"
#include "staccs/core/received_log_store.h"

namespace staccs::sync::stick {

inline constexpr const char* kCampaigns = "c";  // <campaign id>.stc
inline constexpr const char* kLogs = "r";       // <campaign id>.srl
inline constexpr const char* kBundles = "b";    // <2 hex>/<bundle id>.stb

inline bool IsHexName(std::string_view stem, std::size_t len) {
  return stem.size() == len &&
         std::all_of(stem.begin(), stem.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// "<64 hex><ext>" → the hex; "" if the name is not of that form.
inline std::string HexStem(std::string_view name, std::string_view ext, std::size_t len = 64) {
  if (name.size() != len + ext.size() || name.substr(len) != ext || !IsHexName(name.substr(0, len), len)) return {};
  return std::string(name.substr(0, len));
}

inline std::set<std::string> ListedInHeldLogs(core::Kit& kit) {
  std::set<std::string> listed;
  core::CampaignStore campaigns(kit);
  auto files = core::ReceivedLogStore(kit).Files();
  if (!files) return listed;
  for (const auto& [campaign_id, bytes] : *files) {
    auto campaign = campaigns.Get(campaign_id);
    if (!campaign) continue;
    if (auto log = core::ParseReceivedLog(bytes, *campaign))
      for (const auto& e : log->entries) listed.insert(ToHex(e.bundle_id));
  }
  return listed;
}

}  // namespace staccs::sync::stick
