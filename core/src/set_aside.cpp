#include "staccs/core/set_aside.h"

#include <nlohmann/json.hpp>

#include "staccs/core/bundle_store.h"
#include "staccs/core/id_prefix.h"

namespace staccs::core {

namespace {

// The full id of a set-aside bundle named by a prefix.
Result<std::string> ResolveSetAside(Kit& kit, std::string_view prefix) {
  STACCS_ASSIGN(std::string id, ResolveIdPrefix(kit.db(), "bundles", prefix, "bundle"));
  STACCS_ASSIGN(Statement st, kit.db().Prepare("SELECT 1 FROM received WHERE bundle_id = ? AND rejected IS NOT NULL"));
  st.Bind(1, id);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row) return Error::Usage("bundle " + id.substr(0, 12) + "… is not set aside (see 'staccs-cli set-aside list')");
  return id;
}

Status ForgetEntry(Kit& kit, const std::string& id) {
  for (const char* sql : {"DELETE FROM received_attachment_chunks WHERE bundle_id = ?",
                          "DELETE FROM received_attachments WHERE bundle_id = ?",
                          "DELETE FROM received WHERE bundle_id = ? AND rejected IS NOT NULL"}) {
    STACCS_ASSIGN(Statement st, kit.db().Prepare(sql));
    st.Bind(1, id);
    STACCS_TRY(st.Run());
  }
  return {};
}

}  // namespace

Result<std::vector<SetAsideBundle>> ListSetAside(Kit& kit) {
  STACCS_ASSIGN(Statement st, kit.db().Prepare(
      "SELECT r.bundle_id, r.campaign_id, r.received_at, r.rejected, r.sealed, COALESCE(b.size, 0), b.bytes IS NULL "
      "FROM received r LEFT JOIN bundles b ON b.id = r.bundle_id WHERE r.rejected IS NOT NULL "
      "ORDER BY r.received_at, r.rowid"));
  std::vector<SetAsideBundle> out;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    SetAsideBundle s;
    s.bundle_id = st.ColumnText(0);
    s.campaign_id = st.ColumnText(1);
    s.set_aside_unix = st.ColumnInt(2);
    const std::string category = st.ColumnText(3);
    s.size = st.ColumnInt(6) ? 0 : static_cast<std::size_t>(st.ColumnInt(5));
    if (category == kSetAsideNotOpened || category == kSetAsideNotRecorded) {
      s.not_opened = category == kSetAsideNotOpened;
      STACCS_ASSIGN(crypto::WipedBytes plain, kit.OpenRow("received", s.bundle_id, st.ColumnBlob(4)));
      auto j = nlohmann::json::parse(plain.begin(), plain.end(), nullptr, false);
      s.reason = j.is_object() && j.contains("reason") && j["reason"].is_string() ? j["reason"].get<std::string>()
                                                                                  : std::string("(reason unreadable)");
    } else {
      s.reason = category;  // kits before set-aside kept the reason itself in the column
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::string> DiscardSetAside(Kit& kit, std::string_view prefix) {
  STACCS_ASSIGN(auto tx, Transaction::Begin(kit.db()));
  STACCS_ASSIGN(std::string id, ResolveSetAside(kit, prefix));
  STACCS_TRY(ForgetEntry(kit, id));
  STACCS_TRY(BundleStore(kit).Drop(id));
  STACCS_TRY(tx.Commit());
  return id;
}

Result<std::string> RetrySetAside(Kit& kit, std::string_view prefix) {
  STACCS_ASSIGN(auto tx, Transaction::Begin(kit.db()));
  STACCS_ASSIGN(std::string id, ResolveSetAside(kit, prefix));
  STACCS_ASSIGN(Statement held, kit.db().Prepare("SELECT 1 FROM bundles WHERE id = ? AND bytes IS NOT NULL"));
  held.Bind(1, id);
  STACCS_ASSIGN(bool row, held.Step());
  if (!row) return Error::Usage("bundle " + id.substr(0, 12) + "…: its bytes are no longer held; nothing to try again");
  STACCS_TRY(ForgetEntry(kit, id));
  STACCS_TRY(tx.Commit());
  return id;
}

}  // namespace staccs::core
