#include "staccs/core/bundle_store.h"

#include <algorithm>
#include <limits>

#include "staccs/core/campaign_store.h"
#include "staccs/core/id_prefix.h"
#include "staccs/core/platform.h"

namespace staccs::core {

Result<PutOutcome> BundleStore::Put(ByteView bundle, bool own, BundleEnvelope* out_envelope,
                                    const crypto::Hash32* known_id) {
  STACCS_ASSIGN(BundleEnvelope env, ParseBundleEnvelope(bundle, known_id));
  if (out_envelope) *out_envelope = env;
  const std::string id = env.id_hex();
  const std::string campaign = ToHex(env.campaign_id);
  {
    STACCS_ASSIGN(Statement known, kit_.db().Prepare("SELECT 1 FROM campaigns WHERE id = ?"));
    known.Bind(1, campaign);
    STACCS_ASSIGN(bool row, known.Step());
    if (!row)
      return Error::BadInput("bundle " + id.substr(0, 12) + "…: for campaign " + campaign.substr(0, 12) +
                             "…, which this kit does not hold (import the campaign file first)");
  }
  STACCS_ASSIGN(Statement put, kit_.db().Prepare(
      "INSERT INTO bundles(id, campaign_id, size, stored_at, own, bytes) VALUES(?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO NOTHING"));
  put.Bind(1, id).Bind(2, campaign).Bind(3, static_cast<std::int64_t>(env.size)).Bind(4, platform::UnixTimeNow())
      .Bind(5, std::int64_t{own ? 1 : 0}).Bind(6, bundle);
  STACCS_TRY(put.Run());
  STACCS_ASSIGN(Statement changes, kit_.db().Prepare("SELECT changes()"));
  STACCS_ASSIGN(bool row, changes.Step());
  return row && changes.ColumnInt(0) == 1 ? PutOutcome::kNew : PutOutcome::kDuplicate;
}

Result<PutOutcome> BundleStore::PutStreamed(const crypto::Hash32& id, std::uint64_t size,
                                            const std::function<Status(std::span<std::uint8_t>)>& fill, bool own) {
  const std::string id_hex = ToHex(id);
  const std::string who = "bundle " + id_hex.substr(0, 12) + "…: ";
  if (size > kBundleMaxSize)
    return Error::BadInput(who + "larger than a bundle may be (" + std::to_string(size) + " bytes)").With(ErrorCode::kTooLarge);
  {
    STACCS_ASSIGN(Statement held, kit_.db().Prepare("SELECT 1 FROM bundles WHERE id = ?"));
    held.Bind(1, id_hex);
    STACCS_ASSIGN(bool row, held.Step());
    if (row) return PutOutcome::kDuplicate;
  }
  const auto n = static_cast<std::size_t>(size);
  Bytes chunk(std::min(n, kBundleChunk));
  const std::size_t head_size = std::min(n, kBundleEnvelopeSize);
  STACCS_TRY(fill(std::span<std::uint8_t>(chunk.data(), head_size)));
  STACCS_ASSIGN(BundleEnvelope env, ParseBundleHeader(ByteView(chunk.data(), head_size), n));
  const std::string campaign = ToHex(env.campaign_id);
  {
    STACCS_ASSIGN(Statement known, kit_.db().Prepare("SELECT 1 FROM campaigns WHERE id = ?"));
    known.Bind(1, campaign);
    STACCS_ASSIGN(bool row, known.Step());
    if (!row)
      return Error::BadInput(who + "for campaign " + campaign.substr(0, 12) +
                             "…, which this kit does not hold (import the campaign file first)");
  }
  // No RETURNING clause: with one, SQLite fills the zeroblob for real in its heap, and the
  // bundle would be held whole in memory after all.
  {
    STACCS_ASSIGN(Statement put, kit_.db().Prepare(
        "INSERT INTO bundles(id, campaign_id, size, stored_at, own, bytes) VALUES(?, ?, ?, ?, ?, zeroblob(?))"));
    put.Bind(1, id_hex).Bind(2, campaign).Bind(3, static_cast<std::int64_t>(n)).Bind(4, platform::UnixTimeNow())
        .Bind(5, std::int64_t{own ? 1 : 0}).Bind(6, static_cast<std::int64_t>(n));
    STACCS_TRY(put.Run());
  }
  STACCS_ASSIGN(Statement where, kit_.db().Prepare("SELECT rowid FROM bundles WHERE id = ?"));
  where.Bind(1, id_hex);
  STACCS_ASSIGN(bool inserted, where.Step());
  if (!inserted) return Error::Local(who + "could not be stored");
  const std::int64_t rowid = where.ColumnInt(0);
  where.Reset();
  auto copied = [&]() -> Status {
    STACCS_ASSIGN(Blob blob, kit_.db().OpenBlob("bundles", "bytes", rowid, /*writable=*/true));
    crypto::Hasher hash;
    hash.Update(ByteView(chunk.data(), head_size));
    STACCS_TRY(blob.Write(0, ByteView(chunk.data(), head_size)));
    for (std::size_t at = head_size; at < n;) {
      const std::size_t len = std::min(chunk.size(), n - at);
      STACCS_TRY(fill(std::span<std::uint8_t>(chunk.data(), len)));
      hash.Update(ByteView(chunk.data(), len));
      STACCS_TRY(blob.Write(at, ByteView(chunk.data(), len)));
      at += len;
    }
    if (hash.Finish() != id) return Error::BadInput(who + "content does not match its name (damaged or altered)");
    return {};
  }();
  if (!copied) {
    STACCS_ASSIGN(Statement undo, kit_.db().Prepare("DELETE FROM bundles WHERE rowid = ?"));
    undo.Bind(1, rowid);
    STACCS_TRY(undo.Run());
    return std::move(copied).error();
  }
  return PutOutcome::kNew;
}

Result<Bytes> BundleStore::Read(std::string_view id_or_prefix) {
  STACCS_ASSIGN(std::string id, ResolveIdPrefix(kit_.db(), "bundles", id_or_prefix, "bundle"));
  STACCS_ASSIGN(Statement st, kit_.db().Prepare("SELECT bytes FROM bundles WHERE id = ?"));
  st.Bind(1, id);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row || st.ColumnIsNull(0))
    return Error::Usage("bundle " + id.substr(0, 12) + "… was dropped: the secretariat has received it");
  return st.ColumnBlob(0);
}

static Result<std::vector<StoredBundle>> Query(Kit& kit, const std::string& where) {
  STACCS_ASSIGN(Statement st, kit.db().Prepare(
      "SELECT id, campaign_id, size, own, dropped_at IS NOT NULL FROM bundles " + where + " ORDER BY stored_at, id"));
  std::vector<StoredBundle> out;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    out.push_back({st.ColumnText(0), st.ColumnText(1), static_cast<std::size_t>(st.ColumnInt(2)),
                   st.ColumnInt(3) != 0, st.ColumnInt(4) != 0});
  }
  return out;
}

Result<std::vector<StoredBundle>> BundleStore::List() { return Query(kit_, ""); }

constexpr const char* kToCarry =
    "dropped_at IS NULL AND id NOT IN (SELECT bundle_id FROM outbox WHERE received_at IS NOT NULL)";

Result<std::vector<StoredBundle>> BundleStore::ToCarry() { return Query(kit_, std::string("WHERE ") + kToCarry); }

Status BundleStore::ForEachToCarry(const std::function<Status(const StoredBundle&)>& visit) {
  // Keyset pages on the (stored_at, id) index: each page is a fresh statement, so no read is
  // held open while `visit` writes, and nothing is sorted.
  constexpr int kPage = 256;
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      std::string("SELECT id, campaign_id, size, own, stored_at FROM bundles WHERE ") + kToCarry +
      " AND (stored_at, id) > (?, ?) ORDER BY stored_at, id LIMIT " + std::to_string(kPage)));
  std::int64_t after_at = std::numeric_limits<std::int64_t>::min();
  std::string after_id;
  std::vector<StoredBundle> page;
  page.reserve(kPage);
  for (;;) {
    page.clear();
    st.Bind(1, after_at).Bind(2, after_id);
    for (;;) {
      STACCS_ASSIGN(bool row, st.Step());
      if (!row) break;
      page.push_back({st.ColumnText(0), st.ColumnText(1), static_cast<std::size_t>(st.ColumnInt(2)),
                      st.ColumnInt(3) != 0, false});
      after_at = st.ColumnInt(4);
    }
    st.Reset();
    if (page.empty()) return {};
    after_id = page.back().id;
    for (const auto& b : page) STACCS_TRY(visit(b));
    if (page.size() < static_cast<std::size_t>(kPage)) return {};
  }
}

Result<std::size_t> BundleStore::CountToCarry() {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(std::string("SELECT count(*) FROM bundles WHERE ") + kToCarry));
  STACCS_ASSIGN(bool row, st.Step());
  return row ? static_cast<std::size_t>(st.ColumnInt(0)) : std::size_t{0};
}

Result<std::vector<std::pair<std::int64_t, StoredBundle>>> BundleStore::ToCarryPage(const std::string& campaign_id,
                                                                                    std::int64_t after_row,
                                                                                    std::size_t limit) {
  // A range seek on bundles_by_campaign, whose entries end with the rowid: nothing is sorted,
  // and each page starts where the last one stopped.
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      std::string("SELECT rowid, id, campaign_id, size, own FROM bundles WHERE campaign_id = ? AND rowid > ? AND ") +
      kToCarry + " ORDER BY rowid LIMIT ?"));
  st.Bind(1, campaign_id).Bind(2, after_row).Bind(3, static_cast<std::int64_t>(limit));
  std::vector<std::pair<std::int64_t, StoredBundle>> out;
  out.reserve(std::min<std::size_t>(limit, 4096));
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    out.emplace_back(st.ColumnInt(0), StoredBundle{st.ColumnText(1), st.ColumnText(2),
                                                   static_cast<std::size_t>(st.ColumnInt(3)), st.ColumnInt(4) != 0, false});
  }
  return out;
}

Result<std::vector<std::string>> BundleStore::CampaignsToCarry() {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(std::string("SELECT DISTINCT campaign_id FROM bundles WHERE ") + kToCarry));
  std::vector<std::string> out;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    out.push_back(st.ColumnText(0));
  }
  return out;
}

Result<std::size_t> BundleStore::CountToCarry(const std::string& campaign_id) {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(std::string("SELECT count(*) FROM bundles WHERE campaign_id = ? AND ") +
                                                kToCarry));
  st.Bind(1, campaign_id);
  STACCS_ASSIGN(bool row, st.Step());
  return row ? static_cast<std::size_t>(st.ColumnInt(0)) : std::size_t{0};
}

Status BundleStore::Drop(const std::string& id) { return Drop(std::vector<std::string>{id}); }

Status BundleStore::Drop(const std::vector<std::string>& ids) {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "UPDATE bundles SET bytes = NULL, dropped_at = ? WHERE id = ? AND dropped_at IS NULL"));
  const std::int64_t now = platform::UnixTimeNow();
  for (const auto& id : ids) {
    st.Bind(1, now).Bind(2, id);
    STACCS_TRY(st.Run());
  }
  return {};
}

Status BundleStore::RecordPath(const std::string& id, const std::string& path, const std::string& state) {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "INSERT INTO bundle_paths(bundle_id, path, state, at) VALUES(?, ?, ?, ?) "
      "ON CONFLICT(bundle_id, path) DO UPDATE SET state = excluded.state, at = excluded.at"));
  st.Bind(1, id).Bind(2, path).Bind(3, state).Bind(4, platform::UnixTimeNow());
  return st.Run();
}

}  // namespace staccs::core
