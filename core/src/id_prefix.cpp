#include "staccs/core/id_prefix.h"

#include <algorithm>

namespace staccs::core {

Result<std::string> ResolveIdPrefix(Database& db, std::string_view table, std::string_view prefix,
                                    std::string_view what) {
  std::string p(prefix);
  if (p.size() < kMinIdPrefix)
    return Error::Usage(std::string(what) + " id '" + p + "' is too short: give at least 8 characters");
  if (!std::all_of(p.begin(), p.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
    return Error::Usage(std::string(what) + " id '" + p + "' is not lowercase hex");
  // Ranged on the primary key: [prefix, prefix + 'g') holds exactly the ids starting with it.
  STACCS_ASSIGN(Statement st, db.Prepare("SELECT id FROM " + std::string(table) +
                                         " WHERE id >= ? AND id < ? ORDER BY id LIMIT 2"));
  st.Bind(1, p).Bind(2, p + "g");
  std::vector<std::string> found;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    found.push_back(st.ColumnText(0));
  }
  if (found.empty()) return Error::Usage("no " + std::string(what) + " with id " + p);
  if (found.size() > 1) return Error::Usage(std::string(what) + " id " + p + " is ambiguous: give more characters");
  return found.front();
}

}  // namespace staccs::core
