#include "staccs/sync/stick_transfer.h"

#include <algorithm>
#include <set>

#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/received_log_store.h"

namespace staccs::sync {

namespace fs = std::filesystem;
using core::Kit;

namespace {

constexpr std::size_t kImportBatch = 512;  // bundles per transaction: one flush per batch

bool IsHexName(const std::string& stem, std::size_t len) {
  return stem.size() == len &&
         std::all_of(stem.begin(), stem.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Writes durably, then reads back from the device and compares. Folders it makes (the kit
// folder, b/, the shard folders) are flushed into their parents: the stick root and b/ hold
// names too. Stick folders are shared (0755): the next kit to read the stick may run as
// another user.
Status WriteAndVerify(const fs::path& path, ByteView bytes) {
  std::error_code ec;
  STACCS_TRY(platform::CreateDirectoriesDurably(path.parent_path(), platform::FolderAccess::kShared));
  STACCS_TRY(platform::WriteFileAtomically(path, bytes));
  platform::DropFileCache(path);
  auto back = platform::ReadFile(path, bytes.size() + 1);
  if (!back || !std::equal(back->begin(), back->end(), bytes.begin(), bytes.end())) {
    fs::remove(path, ec);
    return Error::Local(path.string() + ": what was read back differs from what was written (failing stick?)");
  }
  return {};
}

std::set<std::string> ListedInHeldLogs(Kit& kit) {
  std::set<std::string> listed;
  core::CampaignStore campaigns(kit);
  auto files = core::ReceivedLogStore(kit).Files();
  if (!files) return listed;
  for (const auto& [campaign_id, bytes] : *files) {
    auto campaign = campaigns.Get(campaign_id);
    if (!campaign) continue;
    if (auto log = core::ParseReceivedLog(bytes, *campaign))
      for (const auto& e : log->entries) listed.insert(ToHex(e.bundle_id));
  }
  return listed;
}

}  // namespace

Result<ExportReport> ExportToStick(Kit& kit, const fs::path& stick, const StickOptions& options) {
  ExportReport report;
  std::error_code ec;
  if (!fs::is_directory(stick, ec)) return Error::Usage(stick.string() + ": no such folder (is the stick mounted?)");
  const fs::path root = stick / options.folder;
  auto stop = [&](const Error& e) {
    report.stopped = e.message;
    return report;
  };
  // An export that died between making a folder and flushing its parent left a folder this
  // one will not make again (so will not flush into its parent): flush the ones that exist
  // before putting anything in them. Best effort: on a stick that refuses, the writes below
  // fail with the reason.
  for (const fs::path& folder : {stick, root, root / "b"})
    if (fs::is_directory(folder, ec)) (void)platform::SyncDirectory(folder);
  core::CampaignStore campaigns(kit);
  STACCS_ASSIGN(auto held, campaigns.List());
  for (const auto& c : held) {
    STACCS_ASSIGN(Bytes file, campaigns.File(c.id_hex()));
    const fs::path path = root / "c" / (c.id_hex() + ".stc");
    if (fs::exists(path, ec) && fs::file_size(path, ec) == file.size()) continue;
    if (auto st = WriteAndVerify(path, file); !st) return stop(st.error());
    ++report.campaigns_written;
  }
  STACCS_ASSIGN(auto logs, core::ReceivedLogStore(kit).Files());
  for (const auto& [campaign_id, bytes] : logs) {
    const fs::path path = root / "r" / (campaign_id + ".srl");
    if (auto st = WriteAndVerify(path, bytes); !st) return stop(st.error());
    ++report.logs_written;
  }
  if (!options.bundles) return report;

  // Bundles the received-logs list are no longer carried: off the stick too.
  const std::set<std::string> listed = ListedInHeldLogs(kit);
  if (fs::is_directory(root / "b", ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(root / "b", ec)) {
      if (entry.path().extension() == ".stb" && listed.count(entry.path().stem().string())) {
        fs::remove(entry.path(), ec);
        if (!ec) ++report.bundles_removed;
      }
    }
  }
  core::BundleStore bundles(kit);
  STACCS_ASSIGN(auto carried, bundles.ToCarry());
  report.bundles_to_write = carried.size();
  if (options.progress) options.progress->total = carried.size();
  for (const auto& b : carried) {
    if (options.progress) {
      if (options.progress->cancelled()) {
        report.stopped = "cancelled";
        break;
      }
      options.progress->done += 1;
    }
    if (listed.count(b.id)) continue;
    const fs::path path = root / "b" / b.id.substr(0, 2) / (b.id + ".stb");
    if (fs::exists(path, ec) && fs::file_size(path, ec) == b.size) {
      ++report.bundles_already_there;
      continue;
    }
    STACCS_ASSIGN(Bytes bytes, bundles.Read(b.id));
    if (auto st = WriteAndVerify(path, bytes); !st) return stop(st.error());
    if (options.progress) options.progress->bytes += bytes.size();
    ++report.bundles_written;
    if (b.own) STACCS_TRY(bundles.RecordPath(b.id, "stick:" + stick.string(), "written"));
  }
  return report;
}

Result<ImportReport> ImportFromStick(Kit& kit, const fs::path& stick, const StickOptions& options) {
  ImportReport report;
  std::error_code ec;
  const fs::path root = stick / options.folder;
  if (!fs::is_directory(root, ec))
    return Error::Usage(root.string() + ": no kit folder on this stick (folder name '" + options.folder + "')");

  // Campaigns first: bundles and logs are only accepted for campaigns the kit holds.
  core::CampaignStore campaigns(kit);
  for (const auto& entry : fs::directory_iterator(root / "c", ec)) {
    if (entry.path().extension() != ".stc" || !IsHexName(entry.path().stem().string(), 64)) continue;
    auto bytes = platform::ReadFile(entry.path(), (1 << 20) + 1);
    if (bytes) {
      auto parsed = core::ParseCampaignFile(*bytes);
      if (parsed && parsed->id_hex() != entry.path().stem().string()) {
        report.rejected.push_back(entry.path().string() + ": campaign id does not match the file name");
        continue;
      }
    }
    auto imported = bytes ? campaigns.Import(*bytes) : Result<core::ImportedCampaign>(std::move(bytes).error());
    if (!imported) {
      report.rejected.push_back(entry.path().string() + ": " + imported.error().message);
    } else if (imported->outcome == core::ImportOutcome::kNew) {
      ++report.campaigns_new;
    } else if (imported->outcome == core::ImportOutcome::kUpdated) {
      ++report.campaigns_updated;
    }
  }
  core::ReceivedLogStore logs(kit);
  for (const auto& entry : fs::directory_iterator(root / "r", ec)) {
    if (entry.path().extension() != ".srl" || !IsHexName(entry.path().stem().string(), 64)) continue;
    auto bytes = platform::ReadFile(entry.path(), 64u << 20);
    if (bytes && (bytes->size() < 44 || ToHex(ByteView(*bytes).subspan(12, 32)) != entry.path().stem().string())) {
      report.rejected.push_back(entry.path().string() + ": received-log does not match the file name");
      continue;
    }
    auto offer = bytes ? logs.Offer(*bytes) : Result<core::LogOffer>(std::move(bytes).error());
    if (!offer) {
      report.rejected.push_back(entry.path().string() + ": " + offer.error().message);
    } else if (offer->outcome == core::LogOffer::Outcome::kNewer) {
      ++report.logs_applied;
      report.marked_received += offer->marked_received;
      report.dropped += offer->dropped;
    }
  }

  const std::set<std::string> listed = ListedInHeldLogs(kit);
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root / "b", ec))
    if (entry.is_regular_file(ec) && entry.path().extension() == ".stb") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  core::BundleStore bundles(kit);
  if (options.progress) options.progress->total = files.size();
  for (std::size_t start = 0; start < files.size(); start += kImportBatch) {
    if (options.progress && options.progress->cancelled()) {
      report.rejected.push_back("import cancelled: " + std::to_string(files.size() - start) + " bundle files not read");
      break;
    }
    STACCS_ASSIGN(auto tx, core::Transaction::Begin(kit.db()));
    for (std::size_t i = start; i < std::min(files.size(), start + kImportBatch); ++i) {
      const fs::path& f = files[i];
      const std::string name = f.stem().string();
      if (!IsHexName(name, 64)) {
        report.rejected.push_back(f.string() + ": not a bundle file name");
        continue;
      }
      if (listed.count(name)) {
        ++report.bundles_already_received;
        continue;
      }
      auto bytes = platform::ReadFile(f, core::kBundleMaxSize + 1);
      if (!bytes) {
        report.rejected.push_back(f.string() + ": " + bytes.error().message);
        continue;
      }
      core::BundleEnvelope env;
      auto put = core::ParseBundleEnvelope(*bytes);
      if (put && put->id_hex() != name) {
        report.rejected.push_back(f.string() + ": content does not match its name (damaged or altered)");
        continue;
      }
      auto outcome = bundles.Put(*bytes, /*own=*/false, &env);
      if (!outcome) report.rejected.push_back(f.string() + ": " + outcome.error().message);
      else if (*outcome == core::PutOutcome::kNew) ++report.bundles_new;
      else ++report.bundles_duplicate;
    }
    STACCS_TRY(tx.Commit());
    if (options.progress) options.progress->done = std::min(files.size(), start + kImportBatch);
  }
  return report;
}

Status ExportBundleFile(Kit& kit, std::string_view bundle_id, const fs::path& file) {
  core::BundleStore bundles(kit);
  STACCS_ASSIGN(Bytes bytes, bundles.Read(bundle_id));
  STACCS_TRY(platform::WriteFileAtomically(file, bytes));
  STACCS_ASSIGN(auto env, core::ParseBundleEnvelope(bytes));
  return bundles.RecordPath(env.id_hex(), "file:" + file.string(), "written");
}

Result<ImportReport> ImportBundleFile(Kit& kit, const fs::path& file) {
  ImportReport report;
  STACCS_ASSIGN(Bytes bytes, platform::ReadFile(file, core::kBundleMaxSize + 1));
  core::BundleEnvelope env;
  auto outcome = core::BundleStore(kit).Put(bytes, /*own=*/false, &env);
  if (!outcome) return std::move(outcome).error().Within(file.string());
  if (ListedInHeldLogs(kit).count(env.id_hex())) {
    STACCS_TRY(core::BundleStore(kit).Drop(env.id_hex()));
    ++report.bundles_already_received;
  } else if (*outcome == core::PutOutcome::kNew) {
    ++report.bundles_new;
  } else {
    ++report.bundles_duplicate;
  }
  return report;
}

}  // namespace staccs::sync
