// The secretariat's publication of a campaign (SPEC §1, §3.9), from the current revision of
// every received submission and practice:
// - "do not publish" and withdrawn contributions appear only in counts;
// - anonymous contributions carry no name, key, id or other author detail;
// - any count from 1 to 4 is shown as "<5", so that a small group cannot be singled out.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"

namespace staccs::core {

enum class PublicationFormat { kHtml, kMarkdown, kCsv, kJson };
std::optional<PublicationFormat> ParsePublicationFormat(std::string_view name);  // html|md|csv|json

inline constexpr std::size_t kSmallCountThreshold = 5;
std::string SuppressedCount(std::size_t n);  // "0", "<5", "12"

// With `attachments_dir`, the attachments of published contributions are written there
// ("contribution-3-1-photo.jpg") and the publication links to them; without, only listed.
Result<std::string> CompilePublication(Kit& kit, std::string_view campaign_id, PublicationFormat format,
                                       const std::filesystem::path* attachments_dir = nullptr);

}  // namespace staccs::core
