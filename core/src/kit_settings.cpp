#include "staccs/core/kit_settings.h"

namespace staccs::core {

Result<std::optional<std::string>> GetSetting(Kit& kit, std::string_view key) {
  STACCS_ASSIGN(Statement st, kit.db().Prepare("SELECT sealed FROM settings WHERE key = ?"));
  st.Bind(1, key);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row) return std::optional<std::string>();
  STACCS_ASSIGN(crypto::WipedBytes plain, kit.OpenRow("settings", key, st.ColumnBlob(0)));
  return std::optional<std::string>(std::string(plain.begin(), plain.end()));
}

Status PutSetting(Kit& kit, std::string_view key, std::string_view value) {
  STACCS_ASSIGN(Statement st, kit.db().Prepare(
      "INSERT INTO settings(key, sealed) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET sealed = excluded.sealed"));
  st.Bind(1, key).Bind(2, kit.SealRow("settings", key, AsBytes(value)));
  return st.Run();
}

}  // namespace staccs::core
