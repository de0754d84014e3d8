#include "staccs/sync/relay_store.h"

#include <atomic>
#include <condition_variable>
#include <set>
#include <shared_mutex>
#include <deque>
#include <mutex>
#include <thread>

#include "staccs/core/bundle_file.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/database.h"
#include "staccs/core/platform.h"
#include "staccs/core/received_log.h"
#include "staccs/crypto/hash.h"

namespace staccs::sync {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxBatch = 256;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS bundles(
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  offset INTEGER NOT NULL,
  size INTEGER NOT NULL,
  stored_at INTEGER NOT NULL);
-- A campaign's bundles in rowid order (an index's entries end with the rowid), so a pull's page
-- "after cursor" is a range seek, not a sort of the whole campaign. It replaces an index on
-- (campaign_id, stored_at) that no query could use that way.
DROP INDEX IF EXISTS bundles_by_campaign;
CREATE INDEX IF NOT EXISTS bundles_by_campaign_rowid ON bundles(campaign_id);
CREATE INDEX IF NOT EXISTS bundles_by_time ON bundles(stored_at);
CREATE TABLE IF NOT EXISTS nonces(nonce TEXT PRIMARY KEY, seen_at INTEGER NOT NULL);
-- Every pull forgets old nonces; without this the DELETE scanned every nonce of the last ten
-- minutes, and a collect of 10^5 bundles (10^5 nonces) was quadratic.
CREATE INDEX IF NOT EXISTS nonces_by_time ON nonces(seen_at);
CREATE TABLE IF NOT EXISTS received_logs(campaign_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL, bytes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS campaign_files(campaign_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL, bytes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS forwarded(bundle_id TEXT NOT NULL, upstream TEXT NOT NULL, at INTEGER NOT NULL,
                                     PRIMARY KEY(bundle_id, upstream));
)sql";

// A bundle waiting for its group commit. The caller waits until `done`, so the bytes are
// not copied.
struct Pending {
  ByteView bytes;
  core::BundleEnvelope envelope;
  bool done = false;
  bool inserted = false;  // false: an upload of the same bundle got its row in first
  Result<std::int64_t> result = Error::Local("not committed");  // the stored time, once durable
  std::condition_variable cv;
};

}  // namespace

struct RelayStore::Impl {
  fs::path dir;
  std::vector<core::Campaign> campaigns;
  RelayLimits limits;
  crypto::SigningKeyPair key = crypto::SigningKeyPair::Generate();
  // The segment file bundles are appended to. Compaction swaps it for a new one: appends and
  // reads hold segment_mutex (shared for reads), compaction holds it exclusively for the swap.
  // Lock order: segment_mutex, then db_mutex.
  std::shared_mutex segment_mutex;
  std::unique_ptr<platform::AppendOnlyFile> segment;
  std::string segment_name = "log.seg";
  std::mutex compaction_mutex;  // one compaction at a time
  std::vector<std::string> startup_notes;  // what Open found and repaired; read-only after Open

  std::mutex log_offer_mutex;  // one received-log offer at a time (before db_mutex)
  std::mutex db_mutex;  // the index connection: the leading writer writes, readers look up
  core::Database db;

  // Group commit without a committer thread (as LevelDB's writers do): callers queue up, and
  // the one at the front writes the whole queue as one batch — append, one segment flush, one
  // index transaction — then wakes the others with its result and hands the front on. Those
  // that queued meanwhile form the next batch. No thread switch for the writer that leads.
  std::mutex queue_mutex;
  std::deque<Pending*> writers;
  std::atomic<std::uint64_t> batches{0};

  bool Serves(const crypto::Hash32& campaign) const {
    for (const auto& c : campaigns)
      if (c.id == campaign) return true;
    return false;
  }

  // Looks up a stored bundle's time; nullopt if not held.
  Result<std::optional<std::int64_t>> StoredAt(const std::string& id) {
    std::lock_guard lock(db_mutex);
    STACCS_ASSIGN(core::Statement st, db.Prepare("SELECT stored_at FROM bundles WHERE id = ?"));
    st.Bind(1, id);
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(st.ColumnInt(0));
  }

  // Index rows whose bytes are not in the segment (past its end, or the segment is missing
  // and was started afresh): after a power cut that kept the index but not the segment's
  // tail. They are dropped, each noted, so /v1/lacks asks for those bundles again instead
  // of claiming them. One pass over the index at start; the bytes are not read.
  Status DropRowsPastSegmentEnd() {
    const auto end = static_cast<std::int64_t>(segment->size());
    STACCS_ASSIGN(core::Statement st, db.Prepare(
        "SELECT id, offset, size FROM bundles WHERE offset < 0 OR size < 0 OR offset + size > ? ORDER BY offset"));
    st.Bind(1, end);
    std::vector<std::string> lost;
    for (;;) {
      STACCS_ASSIGN(bool row, st.Step());
      if (!row) break;
      lost.push_back(st.ColumnText(0));
      startup_notes.push_back("bundle " + lost.back().substr(0, 12) + "…: the index points at bytes " +
                              std::to_string(st.ColumnInt(1)) + "+" + std::to_string(st.ColumnInt(2)) + " of segments/" +
                              segment_name + " (" + std::to_string(end) +
                              " bytes long): dropped from the index, so it is asked for again");
    }
    if (lost.empty()) return {};
    STACCS_ASSIGN(auto tx, core::Transaction::Begin(db));
    STACCS_ASSIGN(core::Statement drop, db.Prepare("DELETE FROM bundles WHERE id = ?"));
    for (const auto& id : lost) {
      drop.Bind(1, id);
      STACCS_TRY(drop.Run());
    }
    return tx.Commit();
  }

  // Drops one index row whose stored bytes turned out damaged (they do not hash to the id).
  void DropDamaged(const std::string& id) {
    std::lock_guard lock(db_mutex);
    auto drop = db.Prepare("DELETE FROM bundles WHERE id = ?");
    if (!drop) return;
    drop->Bind(1, id);
    (void)drop->Run();
  }

  Result<std::int64_t> Commit(Pending& w) {
    std::unique_lock lock(queue_mutex);
    writers.push_back(&w);
    while (!w.done && &w != writers.front()) w.cv.wait(lock);
    if (w.done) return w.result;
    std::vector<Pending*> batch(writers.begin(),
                                writers.begin() + static_cast<std::ptrdiff_t>(std::min(writers.size(), kMaxBatch)));
    lock.unlock();
    Result<std::int64_t> result = WriteBatch(batch);
    lock.lock();
    for (Pending* p : batch) {
      writers.pop_front();
      if (p == &w) continue;
      p->result = result;
      p->done = true;
      p->cv.notify_one();
    }
    if (!writers.empty()) writers.front()->cv.notify_one();  // the next batch's leader
    return result;
  }

  Result<std::int64_t> WriteBatch(const std::vector<Pending*>& batch) {
    const std::int64_t now = platform::UnixTimeNow();
    std::shared_lock seg(segment_mutex);  // shared: only the leading writer appends
    std::vector<std::uint64_t> offsets;
    for (const Pending* p : batch) {
      STACCS_ASSIGN(std::uint64_t at, segment->Append(p->bytes));
      offsets.push_back(at);
    }
    // The bundles first, then the index that points at them: a crash in between leaves bytes
    // nobody was promised, never a receipt for bytes that are not there.
    STACCS_TRY(segment->Sync());
    std::lock_guard lock(db_mutex);
    STACCS_ASSIGN(auto tx, core::Transaction::Begin(db));
    STACCS_ASSIGN(core::Statement put, db.Prepare(
        "INSERT INTO bundles(id, campaign_id, offset, size, stored_at) VALUES(?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING"));
    for (std::size_t i = 0; i < batch.size(); ++i) {
      put.Bind(1, batch[i]->envelope.id_hex()).Bind(2, ToHex(batch[i]->envelope.campaign_id))
          .Bind(3, static_cast<std::int64_t>(offsets[i])).Bind(4, static_cast<std::int64_t>(batch[i]->bytes.size()))
          .Bind(5, now);
      STACCS_TRY(put.Run());
      batch[i]->inserted = db.Changes() == 1;
    }
    STACCS_TRY(tx.Commit());
    ++batches;
    return now;
  }
};

Result<crypto::SigningPublicKey> RelayStore::LoadOrCreateKey(const fs::path& dir) {
  std::error_code ec;
  STACCS_TRY(platform::CreateDirectoriesDurably(dir, platform::FolderAccess::kPrivate));
  const fs::path file = dir / "relay_key.bin";
  if (!fs::exists(file, ec)) {
    auto fresh = crypto::SigningKeyPair::Generate();
    STACCS_TRY(platform::WriteFileAtomically(file, fresh.secret_key().view()));
  }
  STACCS_ASSIGN(Bytes raw, platform::ReadFile(file, 64));
  crypto::WipeOnExit wipe_raw(raw);
  auto key = crypto::SigningKeyPair::FromSecretKey(crypto::SecretBytes::Copy(raw));
  if (!key) return std::move(key).error().Within(file.string());
  return key->public_key();
}

Result<std::unique_ptr<RelayStore>> RelayStore::Open(const fs::path& dir, std::vector<core::Campaign> campaigns,
                                                     RelayLimits limits) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->campaigns = std::move(campaigns);
  impl->limits = limits;
  STACCS_TRY(LoadOrCreateKey(dir));
  STACCS_ASSIGN(Bytes raw, platform::ReadFile(dir / "relay_key.bin", 64));
  crypto::WipeOnExit wipe_raw(raw);  // the failure return below included
  STACCS_ASSIGN(impl->key, crypto::SigningKeyPair::FromSecretKey(crypto::SecretBytes::Copy(raw)));
  std::error_code ec;
  // Every name made durably (its folder flushed): a segment file the index points into must
  // not vanish in a power cut while the index survives (Database::Open does the same for
  // relay.db, AppendOnlyFile::Open for the segment).
  STACCS_TRY(platform::CreateDirectoriesDurably(dir / "segments", platform::FolderAccess::kPrivate));
  STACCS_ASSIGN(impl->db, core::Database::Open(dir / "relay.db", core::Durability::kFull));
  // Only this process uses the index: holding its lock for good spares SQLite a pair of
  // fcntl() locks per statement (and the WAL's shared-memory file).
  STACCS_TRY(impl->db.Exec("PRAGMA locking_mode=EXCLUSIVE"));
  STACCS_TRY(impl->db.Exec(kSchema));
  {
    STACCS_ASSIGN(core::Statement st, impl->db.Prepare("SELECT value FROM meta WHERE key = 'segment'"));
    STACCS_ASSIGN(bool row, st.Step());
    if (row) impl->segment_name = st.ColumnText(0);
  }
  if (impl->segment_name.find('/') != std::string::npos) return Error::Local("relay.db: damaged segment name");
  // A compaction cut short leaves a segment the index never pointed at; one that finished
  // leaves the old one: either is dropped.
  for (const auto& entry : fs::directory_iterator(dir / "segments", ec))
    if (entry.path().filename() != impl->segment_name) fs::remove(entry.path(), ec);
  const fs::path segment_path = dir / "segments" / impl->segment_name;
  if (!fs::exists(segment_path, ec)) {
    STACCS_ASSIGN(auto st, impl->db.Prepare("SELECT count(*) FROM bundles"));
    STACCS_ASSIGN(bool row, st.Step());
    if (row && st.ColumnInt(0) > 0)
      impl->startup_notes.push_back("segments/" + impl->segment_name + " is missing: starting it afresh");
  }
  STACCS_ASSIGN(impl->segment, platform::AppendOnlyFile::Open(segment_path));
  STACCS_TRY(impl->DropRowsPastSegmentEnd());
  return std::unique_ptr<RelayStore>(new RelayStore(std::move(impl)));
}

const std::vector<std::string>& RelayStore::startup_notes() const { return impl_->startup_notes; }

RelayStore::RelayStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RelayStore::~RelayStore() = default;

const crypto::SigningPublicKey& RelayStore::receipt_key() const { return impl_->key.public_key(); }

crypto::SecretBytes RelayStore::UploadKey() const {
  crypto::Hash32 k = crypto::Blake2b256Keyed(impl_->key.secret_key().view().first(32), AsBytes("staccs relay upload token key v1"));
  crypto::WipeOnExit wipe_k(k);
  return crypto::SecretBytes::Copy(k);
}

std::uint64_t RelayStore::commit_batches() const { return impl_->batches.load(); }

std::uint64_t RelayStore::bytes_stored() const {
  std::shared_lock seg(impl_->segment_mutex);
  return impl_->segment->size();
}

Result<Bytes> RelayStore::Store(ByteView bundle, const crypto::Hash32* known_id) {
  if (bundle.size() > impl_->limits.max_bundle_bytes)
    return Error::BadInput("bundle is larger than this relay accepts (" + std::to_string(impl_->limits.max_bundle_bytes) +
                           " bytes)");
  STACCS_ASSIGN(core::BundleEnvelope env, core::ParseBundleEnvelope(bundle, known_id));
  if (!impl_->Serves(env.campaign_id))
    return Error::BadInput("bundle " + env.id_hex().substr(0, 12) + "…: campaign " +
                           ToHex(env.campaign_id).substr(0, 12) + "… is not served by this relay");
  RelayReceipt receipt{impl_->key.public_key(), env.id, env.campaign_id, 0};
  STACCS_ASSIGN(auto held, impl_->StoredAt(env.id_hex()));
  if (held) {
    receipt.stored_unix = *held;
    return WriteReceipt(receipt, impl_->key);
  }
  if (bytes_stored() + bundle.size() > impl_->limits.disk_quota_bytes)
    return Error::Local("relay storage quota is full");
  Pending pending;
  pending.bytes = bundle;
  pending.envelope = env;
  STACCS_ASSIGN(std::int64_t stored, impl_->Commit(pending));
  receipt.stored_unix = stored;
  if (!pending.inserted) {
    // Another upload of the same bundle got its row in first: the receipt names that time.
    STACCS_ASSIGN(auto kept, impl_->StoredAt(env.id_hex()));
    if (kept) receipt.stored_unix = *kept;
  }
  return WriteReceipt(receipt, impl_->key);
}

Result<std::vector<std::string>> RelayStore::Lacks(const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids) {
    STACCS_ASSIGN(auto held, impl_->StoredAt(id));
    if (!held) out.push_back(id);
  }
  return out;
}

Result<Bytes> RelayStore::Read(const std::string& id) {
  std::int64_t offset = 0, size = 0;
  std::shared_lock seg(impl_->segment_mutex);  // the offset and the file it points into agree
  {
    std::lock_guard lock(impl_->db_mutex);
    STACCS_ASSIGN(core::Statement st, impl_->db.Prepare("SELECT offset, size FROM bundles WHERE id = ?"));
    st.Bind(1, id);
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) return Error::Usage("bundle " + id.substr(0, 12) + "… is not held by this relay");
    offset = st.ColumnInt(0);
    size = st.ColumnInt(1);
  }
  STACCS_ASSIGN(Bytes bytes, impl_->segment->ReadAt(static_cast<std::uint64_t>(offset), static_cast<std::size_t>(size)));
  // A bundle's id is the hash of its bytes: what a disk (or a lying stick-sized cache) gave
  // back wrong is never served, and is dropped from the index so it is asked for again.
  if (ToHex(crypto::Blake2b256(bytes)) != id) {
    seg.unlock();
    impl_->DropDamaged(id);
    return Error::Local("bundle " + id.substr(0, 12) + "…: its stored bytes are damaged; dropped, so it is asked for again");
  }
  return bytes;
}

const core::Campaign* RelayStore::Served(const std::string& campaign_id) const {
  for (const auto& c : impl_->campaigns)
    if (c.id_hex() == campaign_id) return &c;
  return nullptr;
}

namespace {

// The (rowid, id) rows of a page query: ListForCampaign's and ToForward's answers.
Result<std::vector<std::pair<std::int64_t, std::string>>> RowidsAndIds(core::Statement& st) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    out.emplace_back(st.ColumnInt(0), st.ColumnText(1));
  }
  return out;
}

}  // namespace

Result<std::vector<std::pair<std::int64_t, std::string>>> RelayStore::ListForCampaign(const std::string& campaign_id,
                                                                                      std::int64_t after,
                                                                                      std::size_t limit) {
  std::lock_guard lock(impl_->db_mutex);
  STACCS_ASSIGN(core::Statement st, impl_->db.Prepare(
      "SELECT rowid, id FROM bundles WHERE campaign_id = ? AND rowid > ? ORDER BY rowid LIMIT ?"));
  st.Bind(1, campaign_id).Bind(2, after).Bind(3, static_cast<std::int64_t>(limit));
  return RowidsAndIds(st);
}

Result<bool> RelayStore::UseNonce(ByteView nonce, std::int64_t time_unix) {
  std::lock_guard lock(impl_->db_mutex);
  // Nonces older than twice the proof window can never be accepted again: forget them.
  STACCS_ASSIGN(core::Statement old, impl_->db.Prepare("DELETE FROM nonces WHERE seen_at < ?"));
  old.Bind(1, platform::UnixTimeNow() - 2 * 300);
  STACCS_TRY(old.Run());
  STACCS_ASSIGN(core::Statement st, impl_->db.Prepare("INSERT INTO nonces(nonce, seen_at) VALUES(?, ?) ON CONFLICT DO NOTHING"));
  st.Bind(1, ToHex(nonce)).Bind(2, time_unix);
  STACCS_TRY(st.Run());
  return impl_->db.Changes() == 1;
}

Status RelayStore::OfferReceivedLog(ByteView file) {
  STACCS_ASSIGN(const core::ReceivedLogHeader header, core::ParseReceivedLogHeader(file));
  const std::string campaign_id = ToHex(header.campaign_id);
  const core::Campaign* campaign = Served(campaign_id);
  if (campaign == nullptr) return Error::BadInput("received-log: for a campaign this relay does not serve");
  STACCS_ASSIGN(core::ReceivedLog log, core::ParseReceivedLog(file, *campaign));
  // Offers are taken one at a time from the check of the held log to the commit: two PUTs
  // racing (sequences 2 and 3) could otherwise both pass the check and leave the older stored.
  // Uploads wait on db_mutex only, not on this.
  std::lock_guard offering(impl_->log_offer_mutex);
  STACCS_ASSIGN(auto held_bytes, ReceivedLogFile(campaign_id));
  if (held_bytes) {
    STACCS_ASSIGN(core::ReceivedLog held, core::ParseReceivedLog(*held_bytes, *campaign));
    if (log.sequence <= held.sequence) return {};  // not newer: nothing to do
    if (log.entries.size() < held.entries.size() || !std::equal(held.entries.begin(), held.entries.end(), log.entries.begin()))
      return Error::BadInput("received-log: does not extend the one held");
  }
  std::lock_guard lock(impl_->db_mutex);
  STACCS_ASSIGN(auto tx, core::Transaction::Begin(impl_->db));
  STACCS_ASSIGN(core::Statement st, impl_->db.Prepare(
      "INSERT INTO received_logs(campaign_id, sequence, bytes) VALUES(?, ?, ?) "
      "ON CONFLICT(campaign_id) DO UPDATE SET sequence = excluded.sequence, bytes = excluded.bytes"));
  st.Bind(1, campaign_id).Bind(2, static_cast<std::int64_t>(log.sequence)).Bind(3, file);
  STACCS_TRY(st.Run());
  // What the secretariat has received is no longer carried: it expires from the index (its
  // bytes stay in the segment log until the next compaction).
  STACCS_ASSIGN(core::Statement drop, impl_->db.Prepare("DELETE FROM bundles WHERE id = ?"));
  for (const auto& e : log.entries) {
    drop.Bind(1, ToHex(e.bundle_id));
    STACCS_TRY(drop.Run());
  }
  return tx.Commit();
}

const std::vector<core::Campaign>& RelayStore::campaigns() const { return impl_->campaigns; }

Result<CompactionReport> RelayStore::Compact(std::uint64_t min_dead_bytes) {
  std::lock_guard one(impl_->compaction_mutex);
  CompactionReport report;
  // What is live now. The segment only grows and its bytes never change, so they can be
  // copied without stopping the writers; what arrives meanwhile is copied under the lock.
  struct Live {
    std::string id;
    std::int64_t offset, size;
  };
  auto live_from = [&](std::int64_t from, std::int64_t to) -> Result<std::vector<Live>> {
    std::lock_guard lock(impl_->db_mutex);
    STACCS_ASSIGN(core::Statement st, impl_->db.Prepare(
        "SELECT id, offset, size FROM bundles WHERE offset >= ? AND offset < ? ORDER BY offset"));
    st.Bind(1, from).Bind(2, to);
    std::vector<Live> out;
    for (;;) {
      STACCS_ASSIGN(bool row, st.Step());
      if (!row) break;
      out.push_back({st.ColumnText(0), st.ColumnInt(1), st.ColumnInt(2)});
    }
    return out;
  };
  const auto snapshot_end = static_cast<std::int64_t>(bytes_stored());
  STACCS_ASSIGN(auto live, live_from(0, snapshot_end));
  std::uint64_t live_bytes = 0;
  for (const auto& l : live) live_bytes += static_cast<std::uint64_t>(l.size);
  report.bytes_before = static_cast<std::uint64_t>(snapshot_end);
  if (report.bytes_before - live_bytes < std::max<std::uint64_t>(min_dead_bytes, 1)) {
    report.bytes_after = report.bytes_before;
    return report;
  }

  std::string next_name;
  {
    const auto dash = impl_->segment_name.find('-'), dot = impl_->segment_name.rfind('.');
    const std::uint64_t generation =
        dash == std::string::npos ? 0 : std::stoull(impl_->segment_name.substr(dash + 1, dot - dash - 1));
    next_name = "log-" + std::to_string(generation + 1) + ".seg";
  }
  const fs::path next_path = impl_->dir / "segments" / next_name;
  std::error_code ec;
  fs::remove(next_path, ec);
  STACCS_ASSIGN(auto next, platform::AppendOnlyFile::Open(next_path));
  std::vector<std::pair<std::string, std::uint64_t>> moved;
  auto copy = [&](platform::AppendOnlyFile& from, const std::vector<Live>& rows) -> Status {
    for (const auto& l : rows) {
      STACCS_ASSIGN(Bytes bytes, from.ReadAt(static_cast<std::uint64_t>(l.offset), static_cast<std::size_t>(l.size)));
      STACCS_ASSIGN(std::uint64_t at, next->Append(bytes));
      moved.emplace_back(l.id, at);
    }
    return {};
  };
  {
    std::shared_lock seg(impl_->segment_mutex);
    STACCS_TRY(copy(*impl_->segment, live));
  }
  std::unique_lock seg(impl_->segment_mutex);  // appends and reads wait from here to the swap
  // Whatever was committed since the snapshot (a batch may have been appended but not yet
  // indexed when the snapshot was taken, so look by id, not by offset).
  std::set<std::string> copied;
  for (const auto& [id, at] : moved) copied.insert(id);
  STACCS_ASSIGN(auto now_live, live_from(0, INT64_MAX));
  std::vector<Live> arrived;
  for (auto& l : now_live)
    if (!copied.count(l.id)) arrived.push_back(std::move(l));
  STACCS_TRY(copy(*impl_->segment, arrived));
  // The new segment is on disk before the index points at it; the index switches to it in one
  // transaction (offsets and the segment's name), so a crash leaves one consistent pair.
  STACCS_TRY(next->Sync());
  STACCS_TRY(platform::SyncDirectory(impl_->dir / "segments"));
  {
    std::lock_guard lock(impl_->db_mutex);
    STACCS_ASSIGN(auto tx, core::Transaction::Begin(impl_->db));
    STACCS_ASSIGN(core::Statement move, impl_->db.Prepare("UPDATE bundles SET offset = ? WHERE id = ?"));
    for (const auto& [id, at] : moved) {
      move.Bind(1, static_cast<std::int64_t>(at)).Bind(2, id);
      STACCS_TRY(move.Run());
    }
    STACCS_ASSIGN(core::Statement name, impl_->db.Prepare(
        "INSERT INTO meta(key, value) VALUES('segment', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    name.Bind(1, next_name);
    STACCS_TRY(name.Run());
    STACCS_TRY(tx.Commit());
  }
  const fs::path old_path = impl_->dir / "segments" / impl_->segment_name;
  impl_->segment = std::move(next);
  impl_->segment_name = next_name;
  fs::remove(old_path, ec);  // if this fails, the next Open drops it
  report.bytes_after = impl_->segment->size();
  report.bundles_kept = moved.size();
  return report;
}

Result<std::size_t> RelayStore::ExpireOld(std::int64_t now_unix) {
  std::lock_guard lock(impl_->db_mutex);
  STACCS_ASSIGN(auto tx, core::Transaction::Begin(impl_->db));
  STACCS_ASSIGN(core::Statement drop, impl_->db.Prepare("DELETE FROM bundles WHERE stored_at < ?"));
  drop.Bind(1, now_unix - impl_->limits.retention_seconds);
  STACCS_TRY(drop.Run());
  const auto dropped = static_cast<std::size_t>(impl_->db.Changes());
  STACCS_ASSIGN(core::Statement forgotten, impl_->db.Prepare(
      "DELETE FROM forwarded WHERE bundle_id NOT IN (SELECT id FROM bundles)"));
  STACCS_TRY(forgotten.Run());
  STACCS_TRY(tx.Commit());
  return dropped;
}

namespace {
constexpr const char* kNotForwarded =
    "NOT EXISTS (SELECT 1 FROM forwarded WHERE forwarded.bundle_id = bundles.id AND forwarded.upstream = ?)";
}  // namespace

Result<std::vector<std::pair<std::int64_t, std::string>>> RelayStore::ToForward(const std::string& upstream,
                                                                                const std::string& campaign_id,
                                                                                std::int64_t after_row,
                                                                                std::size_t limit) {
  std::lock_guard lock(impl_->db_mutex);
  STACCS_ASSIGN(core::Statement st, impl_->db.Prepare(
      std::string("SELECT rowid, id FROM bundles WHERE campaign_id = ? AND rowid > ? AND ") + kNotForwarded +
      " ORDER BY rowid LIMIT ?"));
  st.Bind(1, campaign_id).Bind(2, after_row).Bind(3, upstream).Bind(4, static_cast<std::int64_t>(limit));
  return RowidsAndIds(st);
}

Result<std::vector<std::string>> RelayStore::CampaignsToForward(const std::string& upstream) {
  std::lock_guard lock(impl_->db_mutex);
  STACCS_ASSIGN(core::Statement st, impl_->db.Prepare(
      std::string("SELECT DISTINCT campaign_id FROM bundles WHERE ") + kNotForwarded));
  st.Bind(1, upstream);
  std::vector<std::string> out;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    out.push_back(st.ColumnText(0));
  }
  return out;
}

Result<std::size_t> RelayStore::CountToForward(const std::string& upstream, const std::string& campaign_id) {
  std::lock_guard lock(impl_->db_mutex);
  STACCS_ASSIGN(core::Statement st, impl_->db.Prepare(
      std::string("SELECT count(*) FROM bundles WHERE campaign_id = ? AND ") + kNotForwarded));
  st.Bind(1, campaign_id).Bind(2, upstream);
  STACCS_ASSIGN(bool row, st.Step());
  return row ? static_cast<std::size_t>(st.ColumnInt(0)) : std::size_t{0};
}

Status RelayStore::MarkForwarded(const std::string& id, const std::string& upstream) {
  std::lock_guard lock(impl_->db_mutex);
  STACCS_ASSIGN(core::Statement st, impl_->db.Prepare(
      "INSERT INTO forwarded(bundle_id, upstream, at) VALUES(?, ?, ?) ON CONFLICT DO NOTHING"));
  st.Bind(1, id).Bind(2, upstream).Bind(3, platform::UnixTimeNow());
  return st.Run();
}

Result<RelayStore::CampaignOffer> RelayStore::OfferCampaignFile(ByteView file) {
  if (file.size() > core::kCampaignFileMaxSize)
    return Error::BadInput("campaign file: larger than a campaign file may be").With(ErrorCode::kTooLarge);
  STACCS_ASSIGN(const core::Campaign offered, core::ParseCampaignFile(file));
  const std::string campaign_id = offered.id_hex();
  const core::Campaign* served = Served(campaign_id);
  if (served == nullptr)
    return Error::BadInput("campaign " + campaign_id.substr(0, 12) + "…: not served by this relay").With(ErrorCode::kNotFound);
  // The id already binds the signing key; the keys bundles and pull proofs are checked
  // against must stay what this relay serves, as every update made by CampaignStore keeps them.
  if (offered.encryption_key != served->encryption_key || offered.pull_key != served->pull_key)
    return Error::BadInput("campaign " + campaign_id.substr(0, 12) + "…: the update changes the campaign's keys")
        .With(ErrorCode::kRejected);
  std::lock_guard lock(impl_->db_mutex);
  STACCS_ASSIGN(auto tx, core::Transaction::Begin(impl_->db));
  STACCS_ASSIGN(core::Statement held, impl_->db.Prepare("SELECT sequence, bytes FROM campaign_files WHERE campaign_id = ?"));
  held.Bind(1, campaign_id);
  STACCS_ASSIGN(bool has, held.Step());
  if (has) {
    const auto held_sequence = static_cast<std::uint64_t>(held.ColumnInt(0));
    if (offered.sequence < held_sequence) return CampaignOffer::kOlder;
    if (offered.sequence == held_sequence) {
      const Bytes held_bytes = held.ColumnBlob(1);
      if (std::equal(held_bytes.begin(), held_bytes.end(), file.begin(), file.end())) return CampaignOffer::kUnchanged;
      return Error::BadInput("campaign " + campaign_id.substr(0, 12) + "…: sequence " + std::to_string(held_sequence) +
                             " is held here with other content").With(ErrorCode::kConflict);
    }
  }
  held.Reset();
  STACCS_ASSIGN(core::Statement put, impl_->db.Prepare(
      "INSERT INTO campaign_files(campaign_id, sequence, bytes) VALUES(?, ?, ?) "
      "ON CONFLICT(campaign_id) DO UPDATE SET sequence = excluded.sequence, bytes = excluded.bytes"));
  put.Bind(1, campaign_id).Bind(2, static_cast<std::int64_t>(offered.sequence)).Bind(3, file);
  STACCS_TRY(put.Run());
  STACCS_TRY(tx.Commit());
  return CampaignOffer::kStored;
}

Result<std::optional<Bytes>> RelayStore::CampaignFile(const std::string& campaign_id) {
  std::lock_guard lock(impl_->db_mutex);
  STACCS_ASSIGN(core::Statement st, impl_->db.Prepare("SELECT bytes FROM campaign_files WHERE campaign_id = ?"));
  st.Bind(1, campaign_id);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row) return std::optional<Bytes>();
  return std::optional<Bytes>(st.ColumnBlob(0));
}

Result<std::uint64_t> RelayStore::CampaignFileSequence(const std::string& campaign_id) {
  std::lock_guard lock(impl_->db_mutex);
  STACCS_ASSIGN(core::Statement st, impl_->db.Prepare("SELECT sequence FROM campaign_files WHERE campaign_id = ?"));
  st.Bind(1, campaign_id);
  STACCS_ASSIGN(bool row, st.Step());
  return row ? static_cast<std::uint64_t>(st.ColumnInt(0)) : std::uint64_t{0};
}

Result<std::optional<Bytes>> RelayStore::ReceivedLogFile(const std::string& campaign_id) {
  std::lock_guard lock(impl_->db_mutex);
  // Through a blob handle: a 10^5-entry log (6.4 MB) is read once, into its buffer, not first
  // into one of SQLite's (Database::ReadBlob).
  STACCS_ASSIGN(core::Statement st, impl_->db.Prepare("SELECT rowid FROM received_logs WHERE campaign_id = ?"));
  st.Bind(1, campaign_id);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row) return std::optional<Bytes>();
  const std::int64_t rowid = st.ColumnInt(0);
  st.Reset();
  STACCS_ASSIGN(Bytes bytes, impl_->db.ReadBlob("received_logs", "bytes", rowid));
  return std::optional<Bytes>(std::move(bytes));
}

}  // namespace staccs::sync
