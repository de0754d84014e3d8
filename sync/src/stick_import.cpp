// Stick import (stick_transfer.h): everything on a stick is outside bytes. The kit folder is
// walked one entry at a time through platform::OutsideFolder, which never follows a link and
// never throws; only regular files are opened, without blocking, so a FIFO named like a
// campaign cannot hang the import; bundles stream from the file into the store without being
// held whole. Names from the stick reach reports escaped. If the stick goes away mid-walk the
// import stops with an error saying so, after committing what it had verified.
#include <functional>

#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/platform.h"
#include "staccs/core/received_log.h"
#include "staccs/core/text.h"
#include "staccs/crypto/hash.h"
#include "staccs/sync/stick_transfer.h"
#include "stick_layout.h"

namespace staccs::sync {

namespace fs = std::filesystem;
using core::Kit;
using platform::EntryKind;
using platform::OutsideFile;
using platform::OutsideFolder;

namespace {

constexpr std::size_t kImportBatch = 512;  // bundles per transaction: one flush per batch
constexpr std::size_t kMaxCampaignFile = (1u << 20) + 1;
constexpr std::size_t kMaxLogFile = 64u << 20;

std::string Shown(const fs::path& p) { return core::PrintableText(p.string()); }

// One import's walk of a stick: where problems with single names go, and when to stop.
class StickWalk {
 public:
  StickWalk(OutsideFolder& root, ImportReport& report) : root_(root), report_(report) {}

  // A problem with one name (`e` names it already, escaped, or `path` is put in front). If
  // the stick itself, or the folder being walked (`where`), has gone, the error to stop the
  // import with instead: a folder does not vanish from a stick that is still there.
  Status Problem(const fs::path& path, const Error& e, OutsideFolder* where = nullptr) {
    if (root_.Gone() || (where != nullptr && where->Gone())) return Gone();
    const std::string shown = Shown(path);
    report_.rejected.push_back(e.message.rfind(shown, 0) == 0 ? e.message : shown + ": " + e.message);
    return {};
  }

  Error Gone() const {
    return Error::Local(Shown(root_.path()) +
                        ": the stick went away during the import (removed or pulled out); what was read before is kept: "
                        "put it back and import again");
  }

  // Opens a folder of the kit folder; nullptr if it is not there (nothing to import from it).
  Result<std::unique_ptr<OutsideFolder>> Sub(OutsideFolder& parent, const std::string& name) {
    auto sub = parent.OpenFolder(name);
    if (sub) return sub;
    if (sub.error().code == ErrorCode::kNotFound && !root_.Gone() && !parent.Gone()) return std::unique_ptr<OutsideFolder>();
    STACCS_TRY(Problem(parent.path() / name, sub.error(), &parent));
    return std::unique_ptr<OutsideFolder>();
  }

  // Calls `visit(folder, name, stem)` for every entry of `folder` named <64 hex><ext>; other
  // names are not the kit's and are left alone. A folder that can no longer be read ends the
  // walk (the stick is gone) or is reported (it went bad on its own).
  Status Files(OutsideFolder& folder, std::string_view ext, const char* what,
               const std::function<Status(OutsideFolder&, const std::string&, const std::string&)>& visit) {
    for (;;) {
      auto next = folder.Next();
      if (!next) return Problem(folder.path(), next.error(), &folder);
      if (!next->has_value()) return {};
      const platform::FolderEntry& e = **next;
      const std::string stem = stick::HexStem(e.name, ext);
      if (stem.empty()) {
        if (e.name.size() > ext.size() && e.name.substr(e.name.size() - ext.size()) == ext && e.name[0] != '.')
          STACCS_TRY(Problem(folder.path() / e.name, Error::BadInput(std::string("not a ") + what + " file name")));
        continue;
      }
      STACCS_TRY(visit(folder, e.name, stem));
    }
  }

  // The whole file `name` of `folder`, at most `max` bytes; nullopt after reporting a problem.
  Result<std::optional<Bytes>> Read(OutsideFolder& folder, const std::string& name, std::size_t max) {
    auto file = folder.OpenFile(name);
    if (!file) {
      STACCS_TRY(Problem(folder.path() / name, file.error(), &folder));
      return std::optional<Bytes>();
    }
    auto bytes = (*file)->ReadAll(max);
    if (!bytes) {
      STACCS_TRY(Problem(folder.path() / name, bytes.error(), &folder));
      return std::optional<Bytes>();
    }
    return std::optional<Bytes>(std::move(*bytes));
  }

 private:
  OutsideFolder& root_;
  ImportReport& report_;
};

Status ImportCampaigns(Kit& kit, StickWalk& walk, OutsideFolder& root, ImportReport& report) {
  STACCS_ASSIGN(auto folder, walk.Sub(root, stick::kCampaigns));
  if (!folder) return {};
  core::CampaignStore campaigns(kit);
  return walk.Files(*folder, ".stc", "campaign", [&](OutsideFolder& dir, const std::string& name, const std::string& stem) -> Status {
    STACCS_ASSIGN(auto bytes, walk.Read(dir, name, kMaxCampaignFile));
    if (!bytes) return {};
    auto parsed = core::ParseCampaignFile(*bytes);
    if (parsed && parsed->id_hex() != stem)
      return walk.Problem(dir.path() / name, Error::BadInput("campaign id does not match the file name"));
    auto imported = campaigns.Import(*bytes);
    if (!imported) return walk.Problem(dir.path() / name, imported.error());
    if (imported->outcome == core::ImportOutcome::kNew) ++report.campaigns_new;
    else if (imported->outcome == core::ImportOutcome::kUpdated) ++report.campaigns_updated;
    return {};
  });
}

Status ImportLogs(Kit& kit, StickWalk& walk, OutsideFolder& root, ImportReport& report) {
  STACCS_ASSIGN(auto folder, walk.Sub(root, stick::kLogs));
  if (!folder) return {};
  core::ReceivedLogStore logs(kit);
  return walk.Files(*folder, ".srl", "received-log", [&](OutsideFolder& dir, const std::string& name, const std::string& stem) -> Status {
    STACCS_ASSIGN(auto bytes, walk.Read(dir, name, kMaxLogFile));
    if (!bytes) return {};
    auto header = core::ParseReceivedLogHeader(*bytes);
    if (!header) return walk.Problem(dir.path() / name, header.error());
    if (ToHex(header->campaign_id) != stem)
      return walk.Problem(dir.path() / name, Error::BadInput("received-log does not match the file name"));
    auto offer = logs.Offer(*bytes);
    if (!offer) return walk.Problem(dir.path() / name, offer.error());
    if (offer->outcome == core::LogOffer::Outcome::kNewer) {
      ++report.logs_applied;
      report.marked_received += offer->marked_received;
      report.dropped += offer->dropped;
    }
    return {};
  });
}

// Calls `visit` with each shard folder of b/ (two hex digits); a link there is reported.
Status ForEachShard(StickWalk& walk, OutsideFolder& bundles, const std::function<Status(OutsideFolder&)>& visit) {
  for (;;) {
    auto next = bundles.Next();
    if (!next) return walk.Problem(bundles.path(), next.error(), &bundles);
    if (!next->has_value()) return {};
    const platform::FolderEntry& e = **next;
    if (!stick::IsHexName(e.name, 2)) continue;
    if (e.kind != EntryKind::kFolder && e.kind != EntryKind::kLink) continue;
    STACCS_ASSIGN(auto shard, walk.Sub(bundles, e.name));  // a link is refused (and reported) here
    if (shard) STACCS_TRY(visit(*shard));
  }
}

// Reads exactly out.size() bytes of `file`.
Status ReadExactly(OutsideFile& file, std::span<std::uint8_t> out) {
  while (!out.empty()) {
    STACCS_ASSIGN(std::size_t n, file.Read(out));
    if (n == 0) return Error::BadInput("ends before its size (truncated while being read?)");
    out = out.subspan(n);
  }
  return {};
}

Status ImportBundles(Kit& kit, StickWalk& walk, OutsideFolder& root, const StickOptions& options, ImportReport& report) {
  // First a count, for the progress bar: names only, nothing kept, nothing reported (the
  // walk below reports what it meets).
  if (options.progress) {
    std::uint64_t total = 0;
    ImportReport unreported;
    StickWalk counter(root, unreported);
    STACCS_ASSIGN(auto counting, counter.Sub(root, stick::kBundles));
    if (counting) {
      STACCS_TRY(ForEachShard(counter, *counting, [&](OutsideFolder& shard) -> Status {
        for (;;) {
          auto next = shard.Next();
          if (!next || !next->has_value()) return {};
          total += stick::HexStem((*next)->name, ".stb").empty() ? 0 : 1;
        }
      }));
    }
    options.progress->total = total;
  }
  STACCS_ASSIGN(auto folder, walk.Sub(root, stick::kBundles));
  if (!folder) return {};
  const stick::ListedIds listed = stick::ListedInHeldLogs(kit);
  core::BundleStore bundles(kit);
  std::optional<core::Transaction> tx;
  std::size_t in_batch = 0;
  bool cancelled = false;
  auto visit_file = [&](OutsideFolder& dir, const std::string& name, const std::string& stem) -> Status {
    if (cancelled) return {};
    if (!tx) {
      if (options.progress && options.progress->cancelled()) {
        report.rejected.push_back("import cancelled: the rest of the stick was not read");
        cancelled = true;
        return {};
      }
      STACCS_ASSIGN(auto begun, core::Transaction::Begin(kit.db()));
      tx.emplace(std::move(begun));
    }
    if (options.progress) options.progress->done += 1;
    if (listed.count(stem)) {
      ++report.bundles_already_received;
    } else {
      crypto::Hash32 id{};
      auto raw = FromHex(stem);
      std::copy(raw->begin(), raw->end(), id.begin());
      auto file = dir.OpenFile(name);
      if (!file) {
        STACCS_TRY(walk.Problem(dir.path() / name, file.error(), &dir));
      } else {
        auto outcome = bundles.PutStreamed(id, static_cast<std::size_t>((*file)->size()),
                                           [&](std::span<std::uint8_t> out) { return ReadExactly(**file, out); },
                                           /*own=*/false);
        if (!outcome) STACCS_TRY(walk.Problem(dir.path() / name, outcome.error(), &dir));
        else if (*outcome == core::PutOutcome::kNew) ++report.bundles_new;
        else ++report.bundles_duplicate;
        if (outcome && options.progress) options.progress->bytes += (*file)->size();
      }
    }
    if (++in_batch == kImportBatch) {
      STACCS_TRY(std::exchange(tx, std::nullopt)->Commit());
      in_batch = 0;
    }
    return {};
  };
  auto walked = ForEachShard(walk, *folder, [&](OutsideFolder& shard) { return walk.Files(shard, ".stb", "bundle", visit_file); });
  // What was verified and stored stays, even when the walk ended early.
  if (tx) STACCS_TRY(tx->Commit());
  return walked;
}

}  // namespace

Result<ImportReport> ImportFromStick(Kit& kit, const fs::path& stick, const StickOptions& options) {
  ImportReport report;
  const fs::path root_path = stick / platform::PathFromUtf8(options.folder);
  auto root = OutsideFolder::Open(root_path);
  if (!root) {
    if (root.error().code == ErrorCode::kNotFound)
      return Error::Usage(Shown(root_path) + ": no kit folder on this stick (folder name '" +
                          core::PrintableText(options.folder) + "')");
    return std::move(root).error();
  }
  StickWalk walk(**root, report);
  // Campaigns first: bundles and logs are only accepted for campaigns the kit holds.
  STACCS_TRY(ImportCampaigns(kit, walk, **root, report));
  STACCS_TRY(ImportLogs(kit, walk, **root, report));
  STACCS_TRY(ImportBundles(kit, walk, **root, options, report));
  return report;
}

// A single bundle file (from email, a messaging app, any channel) is as large as its sender
// likes, so it is never held whole either (issue 8): it is read twice, a chunk at a time —
// once to learn its id (the hash of its bytes, which names it in the store), then straight
// into the store as a stick's bundles are (PutStreamed), which checks the bytes still hash to
// that id, so a file changed between the two reads is refused, not stored.
Result<ImportReport> ImportBundleFile(Kit& kit, const fs::path& file) {
  ImportReport report;
  crypto::Hash32 id{};
  {
    STACCS_ASSIGN(auto opened, OutsideFile::Open(file));
    crypto::Hasher hash;
    Bytes chunk(core::kBundleChunk);
    std::uint64_t read = 0;
    for (;;) {
      STACCS_ASSIGN(std::size_t n, opened->Read(chunk));
      if (n == 0) break;
      read += n;
      if (read > core::kBundleMaxSize)
        return Error::BadInput("larger than a bundle may be (over " + std::to_string(core::kBundleMaxSize) + " bytes)")
            .With(ErrorCode::kTooLarge)
            .Within(Shown(file));
      hash.Update(ByteView(chunk.data(), n));
    }
    id = hash.Finish();
  }
  // Listed in a received-log the kit holds: the secretariat has it, so it is not taken in.
  if (stick::ListedInHeldLogs(kit).count(id)) {
    ++report.bundles_already_received;
    return report;
  }
  STACCS_ASSIGN(auto opened, OutsideFile::Open(file));
  STACCS_ASSIGN(auto tx, core::Transaction::Begin(kit.db()));
  auto outcome = core::BundleStore(kit).PutStreamed(
      id, opened->size(), [&](std::span<std::uint8_t> out) { return ReadExactly(*opened, out); }, /*own=*/false);
  if (!outcome) return std::move(outcome).error().Within(Shown(file));
  STACCS_TRY(tx.Commit());
  if (*outcome == core::PutOutcome::kNew) ++report.bundles_new;
  else ++report.bundles_duplicate;
  return report;
}

}  // namespace staccs::sync
