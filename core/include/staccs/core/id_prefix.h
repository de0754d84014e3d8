// Ids are lowercase hex; people and scripts may give any unique prefix of 8 or more
// characters (SPEC §5). One resolver for every table keyed by such ids.
#pragma once

#include <string>
#include <string_view>

#include "staccs/base/result.h"
#include "staccs/core/database.h"

namespace staccs::core {

inline constexpr std::size_t kMinIdPrefix = 8;

// `table` is one of ours (never user input). `what` names the thing in errors ("draft").
Result<std::string> ResolveIdPrefix(Database& db, std::string_view table, std::string_view prefix,
                                    std::string_view what);

}  // namespace staccs::core
