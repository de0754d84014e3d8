#include "staccs/core/collection.h"

#include <algorithm>
#include <set>
#include <nlohmann/json.hpp>

#include "json_text.h"
#include "staccs/core/attachment_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/practice.h"
#include "staccs/core/received_log_store.h"
#include "staccs/core/set_aside.h"

namespace staccs::core {

namespace {
using nlohmann::json;

// Pending bundles are taken a page at a time (by rowid, which follows arrival), so the list
// of what is pending never sits in memory whatever its length.
constexpr int kPageSize = 64;
// A transaction holds at most this many bundles or bytes of them: one flush per batch, and
// the WAL stays small even when every bundle carries 64 MiB of attachments.
constexpr std::size_t kBatchBundles = 32;
constexpr std::size_t kBatchBytes = 64u << 20;

std::string Named(const std::string& id) { return "bundle " + id.substr(0, 12) + "…"; }

// A bundle held in the kit's store, read in place.
class StoredBundleSource : public BundleSource {
 public:
  explicit StoredBundleSource(Blob blob) : blob_(std::move(blob)) {}
  std::size_t size() const override { return blob_.size(); }
  Status Read(std::size_t offset, std::span<std::uint8_t> out) override { return blob_.Read(offset, out); }

 private:
  Blob blob_;
};

// A savepoint: what one bundle wrote is undone as a whole if it cannot be recorded.
class Savepoint {
 public:
  static Result<Savepoint> Begin(Database& db) {
    STACCS_TRY(db.Exec("SAVEPOINT collect_one"));
    return Savepoint(db);
  }
  Savepoint(Savepoint&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
  Savepoint& operator=(Savepoint&&) = delete;
  ~Savepoint() { (void)Undo(); }
  Status Undo() {
    Database* db = std::exchange(db_, nullptr);
    if (db == nullptr) return {};
    STACCS_TRY(db->Exec("ROLLBACK TO collect_one"));
    return db->Exec("RELEASE collect_one");
  }
  Status Keep() {
    Database* db = std::exchange(db_, nullptr);
    return db ? db->Exec("RELEASE collect_one") : Status{};
  }

 private:
  explicit Savepoint(Database& db) : db_(&db) {}
  Database* db_;
};

struct Pending {
  std::int64_t rowid = 0;
  std::string id;
  std::size_t size = 0;
};

Result<std::vector<Pending>> NextPage(Kit& kit, const std::string& campaign_id, std::int64_t after_rowid) {
  STACCS_ASSIGN(Statement st, kit.db().Prepare(
      "SELECT b.rowid, b.id, b.size FROM bundles b WHERE b.campaign_id = ? AND b.rowid > ? AND b.bytes IS NOT NULL "
      "AND NOT EXISTS (SELECT 1 FROM received r WHERE r.bundle_id = b.id) ORDER BY b.rowid LIMIT ?"));
  st.Bind(1, campaign_id).Bind(2, after_rowid).Bind(3, std::int64_t{kPageSize});
  std::vector<Pending> page;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    page.push_back({st.ColumnInt(0), st.ColumnText(1), static_cast<std::size_t>(st.ColumnInt(2))});
  }
  return page;
}

// Opens one pending bundle and records it, all inside `sp`. An error means the bundle could
// not be opened or recorded: the caller undoes what it wrote and sets it aside.
Status OpenAndRecord(Kit& kit, const Campaign& campaign, const CampaignSecrets& secrets, const Pending& p) {
  crypto::Hash32 id{};
  auto raw = FromHex(p.id);
  if (!raw || raw->size() != id.size()) return Error::Local("its id in the store is malformed");
  std::copy(raw->begin(), raw->end(), id.begin());
  ReceivedAttachmentSink attachments(kit, p.id);
  Result<BundleContents> opened = Error::Local("");
  {
    STACCS_ASSIGN(Blob blob, kit.db().OpenBlob("bundles", "bytes", p.rowid));
    StoredBundleSource source(std::move(blob));
    opened = OpenBundleFrom(source, id, campaign, secrets.encryption, &attachments);
  }
  if (!opened) return std::move(opened).error();
  return RecordOpenedBundle(kit, p.id, campaign.id_hex(), *opened);
}

// What a set-aside row keeps, sealed: the reason may quote the bundle (an attachment's name).
Bytes EncodeSetAside(const Error& why) {
  return DumpJsonBytes(json{{"reason", why.message}, {"kind", static_cast<int>(why.kind)}});
}

Status SetAside(Kit& kit, const Pending& p, const std::string& campaign_id, const Error& why) {
  STACCS_ASSIGN(Statement st, kit.db().Prepare(
      "INSERT INTO received(bundle_id, campaign_id, received_at, ack_tag, rejected, sealed) VALUES(?, ?, ?, NULL, ?, ?)"));
  st.Bind(1, p.id).Bind(2, campaign_id).Bind(3, platform::UnixTimeNow())
      .Bind(4, why.kind == ErrorKind::kBadInput ? kSetAsideNotOpened : kSetAsideNotRecorded)
      .Bind(5, kit.SealRow("received", p.id, EncodeSetAside(why)));
  return st.Run();
}

// The campaign's received-log extended by every opened bundle it does not list yet, in the
// order they were received. Built from the store rather than from this run alone, so a run
// cut off between its commits and the log still gets its bundles listed by the next one.
Result<bool> UpdateReceivedLog(Kit& kit, const Campaign& campaign, const CampaignSecrets& secrets) {
  const std::string cid = campaign.id_hex();
  // At a forum-sized campaign the log has 10^5 entries (6.4 MB): it is held once, the ids
  // already listed once more as a sorted array, and the rows are read in insertion order
  // (rowid: no sort), so the peak is a few copies of the log whatever the number of bundles.
  ReceivedLog next;
  {
    STACCS_ASSIGN(auto held, ReceivedLogStore(kit).Get(cid));
    next = held ? std::move(*held) : ReceivedLog{campaign.id, 0, {}};
    held.reset();
    // Room for the new rows up front: grown by doubling, the vector would hold the old and the
    // new buffer at once, up to 3 copies of the log, at its last step. The held entries are
    // received rows too (the log is built from them), so the new ones are the count beyond
    // them; room for every row again made a 1-bundle collect at 10^5 hold twice the log. Made
    // before the sorted ids below, so the old and new buffers never coexist with them.
    {
      STACCS_ASSIGN(Statement count, kit.db().Prepare(
          "SELECT COUNT(*) FROM received WHERE campaign_id = ? AND rejected IS NULL AND ack_tag IS NOT NULL"));
      count.Bind(1, cid);
      STACCS_ASSIGN(bool row, count.Step());
      const std::size_t rows = row ? static_cast<std::size_t>(count.ColumnInt(0)) : 0;
      next.entries.reserve(std::max(rows, next.entries.size()));
    }
    std::vector<crypto::Hash32> listed;
    listed.reserve(next.entries.size());
    for (const auto& e : next.entries) listed.push_back(e.bundle_id);
    std::sort(listed.begin(), listed.end());
    STACCS_ASSIGN(Statement st, kit.db().Prepare(
        "SELECT bundle_id, ack_tag FROM received WHERE campaign_id = ? AND rejected IS NULL AND ack_tag IS NOT NULL "
        "ORDER BY rowid"));
    st.Bind(1, cid);
    const std::size_t before = next.entries.size();
    for (;;) {
      STACCS_ASSIGN(bool row, st.Step());
      if (!row) break;
      auto bid = FromHex(st.ColumnText(0));
      auto tag = FromHex(st.ColumnText(1));
      if (!bid || !tag || bid->size() != 32 || tag->size() != 32) return Error::Local("received bundle row is malformed");
      ReceivedEntry e;
      std::copy(bid->begin(), bid->end(), e.bundle_id.begin());
      std::copy(tag->begin(), tag->end(), e.ack_tag.begin());
      // A received row is one bundle (its id is the key): only the old entries can repeat it.
      if (!std::binary_search(listed.begin(), listed.end(), e.bundle_id)) next.entries.push_back(e);
    }
    if (next.entries.size() == before) return false;
    next.sequence += 1;  // 0 for a first log
  }
  const Bytes file = WriteReceivedLog(next, secrets.pull);
  // Built here from the held log, so stored without parsing it again (OfferOwn).
  STACCS_TRY(ReceivedLogStore(kit).OfferOwn(file, std::move(next)));
  return true;
}

Status CollectCampaign(Kit& kit, const Campaign& campaign, const CampaignSecrets& secrets, CollectReport& report) {
  const std::string cid = campaign.id_hex();
  std::int64_t after = 0;
  std::optional<Transaction> tx;
  std::size_t batch_bundles = 0, batch_bytes = 0;
  for (;;) {
    STACCS_ASSIGN(auto page, NextPage(kit, cid, after));
    if (page.empty()) break;
    for (const Pending& p : page) {
      after = p.rowid;
      if (!tx) {
        STACCS_ASSIGN(auto begun, Transaction::Begin(kit.db()));
        tx.emplace(std::move(begun));
      }
      STACCS_ASSIGN(Savepoint sp, Savepoint::Begin(kit.db()));
      auto recorded = OpenAndRecord(kit, campaign, secrets, p);
      if (recorded) {
        STACCS_TRY(sp.Keep());
        ++report.opened;
      } else {
        // Whatever it wrote goes; the reason stays. If even that cannot be written the kit
        // itself is failing (disk full): stop, with what was collected so far committed.
        STACCS_TRY(sp.Undo());
        Error why = std::move(recorded).error();
        if (why.message.rfind("bundle ", 0) != 0) why = std::move(why).Within(Named(p.id));
        STACCS_TRY(SetAside(kit, p, cid, why));
        report.rejections.push_back(why.message);
        report.set_aside_ids.push_back(p.id);
        ++report.rejected;
      }
      batch_bytes += p.size;
      if (++batch_bundles >= kBatchBundles || batch_bytes >= kBatchBytes) {
        STACCS_TRY(std::exchange(tx, std::nullopt)->Commit());
        batch_bundles = batch_bytes = 0;
      }
    }
  }
  if (tx) STACCS_TRY(tx->Commit());
  STACCS_ASSIGN(bool updated, UpdateReceivedLog(kit, campaign, secrets));
  if (updated) report.logs_updated.push_back(cid);
  return {};
}

}  // namespace

Status CheckBundleContent(BundleType type, ByteView content) {
  auto fail = [](const std::string& why) { return Error::BadInput("its content " + why); };
  if (type == BundleType::kSubmission) {
    auto d = DecodeDraftContent(content);
    if (!d) return fail("is not a submission this kit can read (" + d.error().message + ")");
    return {};
  }
  if (type == BundleType::kPractice) {
    auto p = DecodePracticeContent(content);
    if (!p) return fail("is not a practice record this kit can read (" + p.error().message + ")");
    return {};
  }
  return fail("has an unknown type");
}

Status RecordOpenedBundle(Kit& kit, const std::string& bundle_id, const std::string& campaign_id,
                          const BundleContents& c) {
  STACCS_TRY(CheckBundleContent(c.type, c.content));
  // The content passed nlohmann's parser, so it is UTF-8 and DumpJson has nothing to replace.
  json j = {{"type", static_cast<int>(c.type)}, {"submission_id", ToHex(c.submission_id)}, {"revision", c.revision},
            {"created", c.created_unix}, {"author_key", ToHex(c.author_key)},
            {"content", std::string(AsChars(c.content))}};
  Bytes record = DumpJsonBytes(j);
  crypto::WipeOnExit wipe_record(record);
  const Bytes sealed = kit.SealRow("received", bundle_id, record);
  STACCS_ASSIGN(Statement put, kit.db().Prepare(
      "INSERT INTO received(bundle_id, campaign_id, received_at, ack_tag, rejected, sealed) VALUES(?, ?, ?, ?, NULL, ?)"));
  put.Bind(1, bundle_id).Bind(2, campaign_id).Bind(3, platform::UnixTimeNow()).Bind(4, ToHex(AckTag(c.ack_secret)))
      .Bind(5, sealed);
  return put.Run();
}

Result<CollectReport> CollectHeldBundles(Kit& kit) {
  CollectReport report;
  CampaignStore campaigns(kit);
  STACCS_ASSIGN(auto all, campaigns.List());
  for (const Campaign& campaign : all) {
    auto secrets = campaigns.Secrets(campaign.id_hex());
    if (!secrets) continue;  // not ours: we only carry its bundles
    STACCS_TRY(CollectCampaign(kit, campaign, *secrets, report));
  }
  return report;
}

Result<bool> HoldsAnyCampaignSecrets(Kit& kit) {
  CampaignStore campaigns(kit);
  STACCS_ASSIGN(auto all, campaigns.List());
  for (const Campaign& campaign : all) {
    STACCS_ASSIGN(bool holds, campaigns.HoldsSecrets(campaign.id_hex()));
    if (holds) return true;
  }
  return false;
}

}  // namespace staccs::core
