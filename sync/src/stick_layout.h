// What stick export and import share: the names of the kit folder's parts, and which bundles
// the held received-logs list (no longer carried).
#pragma once

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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

// The bundle ids the held received-logs list, as a sorted array of 32-byte ids: at a forum-sized
// campaign (10^5 entries) that is 3.2 MB, where a set of hex strings took about 15.
class ListedIds {
 public:
  void Add(const crypto::Hash32& id) { ids_.push_back(id); }
  void Seal() {
    std::sort(ids_.begin(), ids_.end());
    ids_.erase(std::unique(ids_.begin(), ids_.end()), ids_.end());
  }
  bool empty() const { return ids_.empty(); }
  std::size_t count(const crypto::Hash32& id) const { return std::binary_search(ids_.begin(), ids_.end(), id) ? 1 : 0; }
  std::size_t count(std::string_view hex) const {
    const auto bytes = FromHex(hex);
    if (!bytes || bytes->size() != sizeof(crypto::Hash32)) return 0;
    crypto::Hash32 id{};
    std::copy(bytes->begin(), bytes->end(), id.begin());
    return count(id);
  }

 private:
  std::vector<crypto::Hash32> ids_;
};

inline ListedIds ListedInHeldLogs(core::Kit& kit) {
  ListedIds listed;
  core::CampaignStore campaigns(kit);
  auto files = core::ReceivedLogStore(kit).Files();
  if (!files) return listed;
  for (const auto& [campaign_id, bytes] : *files) {
    auto campaign = campaigns.Get(campaign_id);
    if (!campaign) continue;
    if (auto log = core::ParseReceivedLog(bytes, *campaign))
      for (const auto& e : log->entries) listed.Add(e.bundle_id);
  }
  listed.Seal();
  return listed;
}

}  // namespace staccs::sync::stick
