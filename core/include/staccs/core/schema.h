// The store's schema and its migrations. Each migration moves the store one version up inside
// one transaction; PRAGMA user_version records where a store is.
#pragma once

#include "staccs/core/database.h"

namespace staccs::core {

inline constexpr int kSchemaVersion = 5;

// Brings a store of any older version up to kSchemaVersion. A newer store is refused: an old
// kit must not write into a format it does not understand.
Status MigrateSchema(Database& db);

}  // namespace staccs::core
