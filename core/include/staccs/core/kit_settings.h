// Per-kit settings (language, sync budget and state, …): small text values, sealed at rest
// like every user field, in the `settings` table.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"

namespace staccs::core {

Result<std::optional<std::string>> GetSetting(Kit& kit, std::string_view key);
Status PutSetting(Kit& kit, std::string_view key, std::string_view value);

}  // namespace staccs::core
