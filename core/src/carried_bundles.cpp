#include "staccs/core/carried_bundles.h"

namespace staccs::core {

Result<std::vector<CarriedBundle>> CarriedBundles(Kit& kit, bool include_dropped) {
  STACCS_ASSIGN(Statement st, kit.db().Prepare(
      std::string("SELECT id, campaign_id, size, stored_at, dropped_at FROM bundles WHERE own = 0") +
      (include_dropped ? "" : " AND dropped_at IS NULL") + " ORDER BY campaign_id, stored_at, id"));
  std::vector<CarriedBundle> out;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    CarriedBundle b;
    b.id = st.ColumnText(0);
    b.campaign_id = st.ColumnText(1);
    b.size = static_cast<std::size_t>(st.ColumnInt(2));
    b.arrived_unix = st.ColumnInt(3);
    if (!st.ColumnIsNull(4)) b.dropped_unix = st.ColumnInt(4);
    out.push_back(std::move(b));
  }
  STACCS_ASSIGN(Statement paths, kit.db().Prepare("SELECT path, state, at FROM bundle_paths WHERE bundle_id = ? ORDER BY at"));
  for (CarriedBundle& b : out) {
    paths.Reset();
    paths.Bind(1, b.id);
    for (;;) {
      STACCS_ASSIGN(bool row, paths.Step());
      if (!row) break;
      b.passed_on.push_back({paths.ColumnText(0), paths.ColumnText(1), paths.ColumnInt(2)});
    }
  }
  return out;
}

}  // namespace staccs::core
