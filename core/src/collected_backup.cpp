#include "staccs/core/collected_backup.h"

#include <algorithm>

#include "staccs/core/bundle_file.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/received_log_store.h"
#include "staccs/core/text.h"

namespace staccs::core {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kLogMaxSize = 64u << 20;  // as a stick's received-log

bool IsLowerHex(std::string_view s, std::size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// One held bundle streamed from the store into `path`, durably; left alone if already there.
Result<bool> WriteBundle(Kit& kit, std::int64_t rowid, std::size_t size, const fs::path& path) {
  std::error_code ec;
  const auto existing = fs::file_size(path, ec);
  if (!ec && existing == size) return false;
  STACCS_ASSIGN(Blob blob, kit.db().OpenBlob("bundles", "bytes", rowid));
  STACCS_ASSIGN(auto writer, platform::AtomicFileWriter::Create(path));
  Bytes chunk(std::min(size, kBundleChunk));
  for (std::size_t at = 0; at < size;) {
    const std::size_t len = std::min(chunk.size(), size - at);
    STACCS_TRY(blob.Read(at, std::span<std::uint8_t>(chunk.data(), len)));
    STACCS_TRY(writer->Write(ByteView(chunk.data(), len)));
    at += len;
  }
  STACCS_TRY(writer->Commit());
  return true;
}

std::string Escaped(const fs::path& p) { return PrintableText(p.string()); }

}  // namespace

Result<CollectedBackupReport> WriteCollectedBackup(Kit& kit, const fs::path& dir) {
  CollectedBackupReport report;
  CampaignStore campaigns(kit);
  STACCS_ASSIGN(auto held, campaigns.List());
  STACCS_TRY(platform::CreateDirectoriesDurably(dir / "b"));
  STACCS_TRY(platform::CreateDirectoriesDurably(dir / "r"));
  for (const Campaign& c : held) {
    const std::string cid = c.id_hex();
    STACCS_ASSIGN(bool owned, campaigns.HoldsSecrets(cid));
    if (!owned) continue;
    // Streamed a row at a time: a campaign may hold more bundles than memory.
    STACCS_ASSIGN(Statement st, kit.db().Prepare(
        "SELECT rowid, id, size FROM bundles WHERE campaign_id = ? AND bytes IS NOT NULL ORDER BY rowid"));
    st.Bind(1, cid);
    for (;;) {
      STACCS_ASSIGN(bool row, st.Step());
      if (!row) break;
      const std::string id = st.ColumnText(1);
      if (!IsLowerHex(id, 64)) return Error::Local("stored bundle " + id + " has a malformed id");
      const fs::path shard = dir / "b" / id.substr(0, 2);
      STACCS_TRY(platform::CreateDirectoriesDurably(shard));
      STACCS_ASSIGN(bool written, WriteBundle(kit, st.ColumnInt(0), static_cast<std::size_t>(st.ColumnInt(2)),
                                              shard / (id + ".stb")));
      ++(written ? report.bundles_written : report.bundles_already_there);
    }
  }
  STACCS_ASSIGN(auto logs, ReceivedLogStore(kit).Files());
  for (const auto& [cid, bytes] : logs) {
    STACCS_ASSIGN(bool owned, campaigns.HoldsSecrets(cid));
    if (!owned || !IsLowerHex(cid, 64)) continue;
    STACCS_TRY(platform::WriteFileAtomically(dir / "r" / (cid + ".srl"), bytes));
    ++report.logs_written;
  }
  return report;
}

namespace {

// The bundles of one shard folder, each streamed into the store under its name's id.
Status RestoreShard(Kit& kit, platform::OutsideFolder& shard, CollectedRestoreReport& report) {
  for (;;) {
    STACCS_ASSIGN(auto entry, shard.Next());
    if (!entry) return {};
    const fs::path where = shard.path() / entry->name;
    const std::string& name = entry->name;
    if (entry->kind != platform::EntryKind::kFile || name.size() != 68 || name.substr(64) != ".stb" ||
        !IsLowerHex(std::string_view(name).substr(0, 64), 64)) {
      report.rejected.push_back(Escaped(where) + ": not a bundle file of a collected backup");
      continue;
    }
    auto raw = FromHex(name.substr(0, 64));
    crypto::Hash32 id{};
    std::copy(raw->begin(), raw->end(), id.begin());
    auto file = shard.OpenFile(name);
    if (!file) {
      report.rejected.push_back(file.error().message);
      continue;
    }
    platform::OutsideFile& f = **file;
    auto fill = [&f](std::span<std::uint8_t> out) -> Status {
      std::size_t got = 0;
      while (got < out.size()) {
        STACCS_ASSIGN(std::size_t n, f.Read(out.subspan(got)));
        if (n == 0) return Error::BadInput("ends before its size");
        got += n;
      }
      return {};
    };
    STACCS_ASSIGN(auto tx, Transaction::Begin(kit.db()));
    auto put = BundleStore(kit).PutStreamed(id, f.size(), fill, /*own=*/false);
    if (!put) {
      report.rejected.push_back(Escaped(where) + ": " + put.error().message);
      continue;  // the transaction rolls back what the bundle wrote
    }
    STACCS_TRY(tx.Commit());
    if (*put == PutOutcome::kNew) ++report.bundles_restored;
  }
}

}  // namespace

Result<CollectedRestoreReport> RestoreCollectedBackup(Kit& kit, const fs::path& dir) {
  CollectedRestoreReport report;
  STACCS_ASSIGN(auto root, platform::OutsideFolder::Open(dir));
  // Bundles first: the received-log that lists them would otherwise mark them received before
  // they are held, and collection skips nothing it holds.
  if (auto bundles = root->OpenFolder("b")) {
    for (;;) {
      STACCS_ASSIGN(auto entry, (*bundles)->Next());
      if (!entry) break;
      if (entry->kind != platform::EntryKind::kFolder || !IsLowerHex(entry->name, 2)) {
        report.rejected.push_back(Escaped((*bundles)->path() / entry->name) + ": not a shard folder");
        continue;
      }
      STACCS_ASSIGN(auto shard, (*bundles)->OpenFolder(entry->name));
      STACCS_TRY(RestoreShard(kit, *shard, report));
    }
  } else if (bundles.error().code != ErrorCode::kNotFound) {
    return std::move(bundles).error();
  }
  if (auto logs = root->OpenFolder("r")) {
    for (;;) {
      STACCS_ASSIGN(auto entry, (*logs)->Next());
      if (!entry) break;
      const fs::path where = (*logs)->path() / entry->name;
      if (entry->kind != platform::EntryKind::kFile) {
        report.rejected.push_back(Escaped(where) + ": not a received-log file");
        continue;
      }
      auto file = (*logs)->OpenFile(entry->name);
      if (!file) {
        report.rejected.push_back(file.error().message);
        continue;
      }
      auto bytes = (*file)->ReadAll(kLogMaxSize);
      if (!bytes) {
        report.rejected.push_back(bytes.error().message);
        continue;
      }
      auto offered = ReceivedLogStore(kit).Offer(*bytes);
      if (!offered) {
        report.rejected.push_back(Escaped(where) + ": " + offered.error().message);
        continue;
      }
      ++report.logs_restored;
    }
  } else if (logs.error().code != ErrorCode::kNotFound) {
    return std::move(logs).error();
  }
  STACCS_ASSIGN(report.opened, CollectHeldBundles(kit));
  return report;
}

}  // namespace staccs::core
