#include "staccs/core/campaign.h"

#include <cstdio>

namespace staccs::core {

const std::string& LocalizedText::Get(const std::string& language) const {
  static const std::string kEmpty;
  if (auto it = by_language.find(language); it != by_language.end()) return it->second;
  if (auto it = by_language.find("en"); it != by_language.end()) return it->second;
  return by_language.empty() ? kEmpty : by_language.begin()->second;
}

crypto::Hash32 CampaignIdFor(const crypto::SigningPublicKey& signing_key) {
  static constexpr std::string_view kLabel = "staccs campaign id v1";
  Bytes input(kLabel.begin(), kLabel.end());
  Append(input, signing_key);
  return crypto::Blake2b256(input);
}

std::string Fingerprint(const crypto::Hash32& id) {
  // Five bytes per group, reduced to five decimal digits: ~100 bits over six groups.
  std::string out;
  for (int g = 0; g < 6; ++g) {
    std::uint64_t v = 0;
    for (int i = 0; i < 5; ++i) v = v << 8 | id[static_cast<std::size_t>(g * 5 + i)];
    char group[8];
    std::snprintf(group, sizeof group, "%05u", static_cast<unsigned>(v % 100000));
    if (g > 0) out.push_back(' ');
    out += group;
  }
  return out;
}

}  // namespace staccs::core
