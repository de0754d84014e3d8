#include "staccs/core/campaign.h"

#include <cstdio>

#include "staccs/core/civil_date.h"

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

Status RequireLanguage(const Campaign& campaign, std::string_view language) {
  std::string known;
  for (const auto& l : campaign.languages) {
    if (l == language) return {};
    known += (known.empty() ? "" : ", ") + l;
  }
  return Error::Usage("'" + std::string(language) + "' is not one of the campaign's languages (" + known + ")");
}

DeadlineState DeadlineAt(const Campaign& campaign, std::int64_t now) {
  DeadlineState s;
  if (campaign.deadline_unix == 0) return s;
  s.has_deadline = true;
  s.closed = now > campaign.deadline_unix;
  constexpr std::int64_t kDay = 86400;
  auto day = [](std::int64_t t) { return (t >= 0 ? t : t - kDay + 1) / kDay; };
  s.days_left = s.closed ? 0 : day(campaign.deadline_unix) - day(now);
  return s;
}

std::string DescribeDeadline(const Campaign& campaign, std::int64_t now) {
  const DeadlineState s = DeadlineAt(campaign, now);
  if (!s.has_deadline) return "no deadline";
  const std::string date = FormatUtcDate(campaign.deadline_unix);
  if (s.closed) return "closed on " + date;
  if (s.days_left == 0) return "closes today (" + date + ")";
  return "closes " + date + " (" + std::to_string(s.days_left) + (s.days_left == 1 ? " day" : " days") + " left)";
}

}  // namespace staccs::core
