#include "staccs/core/received_log_store.h"

#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/outbox.h"

namespace staccs::core {

Result<LogOffer> ReceivedLogStore::Offer(ByteView file) {
  STACCS_ASSIGN(const ReceivedLogHeader header, ParseReceivedLogHeader(file));
  const crypto::Hash32& campaign_id = header.campaign_id;
  auto campaign = CampaignStore(kit_).Get(ToHex(campaign_id));
  if (!campaign)
    return Error::BadInput("received-log: for campaign " + ToHex(campaign_id).substr(0, 12) +
                           "…, which this kit does not hold");
  STACCS_ASSIGN(ReceivedLog log, ParseReceivedLog(file, *campaign));
  const std::string id = campaign->id_hex();
  LogOffer offer;
  offer.sequence = log.sequence;
  {
    // The held log is needed only for the checks: freed before the index is built.
    STACCS_ASSIGN(auto held, Get(id));
    if (held) {
      if (log.sequence < held->sequence)
        return Error::BadInput("received-log: sequence " + std::to_string(log.sequence) +
                               " is older than the one held (" + std::to_string(held->sequence) + ")");
      if (log.sequence == held->sequence) {
        if (log.entries != held->entries)
          return Error::BadInput("received-log: differs from the held one with the same sequence");
        return offer;
      }
      // Append-only: a newer log must start with everything the held one listed.
      if (log.entries.size() < held->entries.size() ||
          !std::equal(held->entries.begin(), held->entries.end(), log.entries.begin()))
        return Error::BadInput("received-log: sequence " + std::to_string(log.sequence) +
                               " does not extend the held log; refused");
    }
  }
  return Store(file, std::move(log), id);
}

Result<LogOffer> ReceivedLogStore::OfferOwn(ByteView file, ReceivedLog log) {
  const std::string id = ToHex(log.campaign_id);
  return Store(file, std::move(log), id);
}

Result<LogOffer> ReceivedLogStore::Store(ByteView file, ReceivedLog log, const std::string& id) {
  LogOffer offer;
  offer.sequence = log.sequence;
  STACCS_ASSIGN(auto tx, Transaction::Begin(kit_.db()));
  // Room first, then the bytes written in place: bound as a value, a log of 10^5 entries
  // (6.4 MB) would be copied whole once more into the record SQLite builds. The statement has
  // no RETURNING clause: with one, SQLite fills the zeroblob for real in its heap (6.4 MB more
  // on every newer log, which took a 1-bundle collect at 10^5 past the memory target).
  {
    STACCS_ASSIGN(Statement put, kit_.db().Prepare(
        "INSERT INTO received_logs(campaign_id, sequence, bytes) VALUES(?, ?, zeroblob(?)) "
        "ON CONFLICT(campaign_id) DO UPDATE SET sequence = excluded.sequence, bytes = excluded.bytes"));
    put.Bind(1, id).Bind(2, static_cast<std::int64_t>(log.sequence)).Bind(3, static_cast<std::int64_t>(file.size()));
    STACCS_TRY(put.Run());
  }
  STACCS_ASSIGN(Statement where, kit_.db().Prepare("SELECT rowid FROM received_logs WHERE campaign_id = ?"));
  where.Bind(1, id);
  STACCS_ASSIGN(bool stored, where.Step());
  if (!stored) return Error::Local("the received-log could not be stored");
  const std::int64_t rowid = where.ColumnInt(0);
  where.Reset();
  {
    STACCS_ASSIGN(Blob blob, kit_.db().OpenBlob("received_logs", "bytes", rowid, /*writable=*/true));
    STACCS_TRY(blob.Write(0, file));
  }
  const ReceivedLogIndex index(std::move(log.entries));  // the log's entries are not used again
  STACCS_ASSIGN(offer.marked_received, Outbox(kit_).MarkReceived(log.campaign_id, index));
  // Every held bundle of the campaign is looked up once in the sorted log. The secretariat
  // keeps its sealed copies: once carriers drop theirs they are the only ones left, and its
  // backup (collected_backup.h) carries them.
  std::vector<std::string> listed;
  STACCS_ASSIGN(bool owner, CampaignStore(kit_).HoldsSecrets(id));
  if (!owner) {
    STACCS_ASSIGN(Statement st, kit_.db().Prepare(
        "SELECT id FROM bundles WHERE campaign_id = ? AND dropped_at IS NULL ORDER BY id"));
    st.Bind(1, id);
    for (;;) {
      STACCS_ASSIGN(bool row, st.Step());
      if (!row) break;
      std::string bundle_id = st.ColumnText(0);
      auto raw = FromHex(bundle_id);
      if (!raw || raw->size() != 32) return Error::Local("stored bundle " + bundle_id + " has a malformed id");
      crypto::Hash32 bid{};
      std::copy(raw->begin(), raw->end(), bid.begin());
      if (index.Lists(bid)) listed.push_back(std::move(bundle_id));
    }
  }
  STACCS_TRY(BundleStore(kit_).Drop(listed));
  offer.dropped = listed.size();
  STACCS_TRY(tx.Commit());
  offer.outcome = LogOffer::Outcome::kNewer;
  return offer;
}

Result<std::optional<ReceivedLog>> ReceivedLogStore::Get(const std::string& campaign_id) {
  STACCS_ASSIGN(auto file, File(campaign_id));
  if (!file) return std::optional<ReceivedLog>();
  STACCS_ASSIGN(Campaign campaign, CampaignStore(kit_).Get(campaign_id));
  STACCS_ASSIGN(ReceivedLog log, ParseReceivedLog(*file, campaign));
  return std::optional<ReceivedLog>(std::move(log));
}

// The logs are read through blob handles, each straight into its buffer (Database::ReadBlob).
Result<std::optional<Bytes>> ReceivedLogStore::File(const std::string& campaign_id) {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare("SELECT rowid FROM received_logs WHERE campaign_id = ?"));
  st.Bind(1, campaign_id);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row) return std::optional<Bytes>();
  const std::int64_t rowid = st.ColumnInt(0);
  st.Reset();
  STACCS_ASSIGN(Bytes bytes, kit_.db().ReadBlob("received_logs", "bytes", rowid));
  return std::optional<Bytes>(std::move(bytes));
}

Result<std::vector<std::pair<std::string, Bytes>>> ReceivedLogStore::Files() {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare("SELECT campaign_id, rowid FROM received_logs ORDER BY campaign_id"));
  std::vector<std::pair<std::string, std::int64_t>> rows;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    rows.emplace_back(st.ColumnText(0), st.ColumnInt(1));
  }
  st.Reset();
  std::vector<std::pair<std::string, Bytes>> out;
  for (auto& [campaign_id, rowid] : rows) {
    STACCS_ASSIGN(Bytes bytes, kit_.db().ReadBlob("received_logs", "bytes", rowid));
    out.emplace_back(std::move(campaign_id), std::move(bytes));
  }
  return out;
}

}  // namespace staccs::core
