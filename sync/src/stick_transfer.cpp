// Stick export (stick_transfer.h); import is in stick_import.cpp. The stick is outside
// ground on this side too: a folder on it may be a link someone planted to make the kit write
// elsewhere on the machine, so every folder between the stick and a file is checked not to
// be a link before the file is written, and a file already there counts only if it is a
// regular file itself.
#include "staccs/sync/stick_transfer.h"

#include <algorithm>
#include <optional>
#include <set>

#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/received_log_store.h"
#include "staccs/core/text.h"
#include "staccs/crypto/random.h"
#include "stick_layout.h"

namespace staccs::sync {

namespace fs = std::filesystem;
using core::Kit;

namespace {

std::string Shown(const fs::path& p) { return core::PrintableText(p.string()); }

// Refuses `path` if it, or a folder between `stick` and it, is a link (or not a folder).
Status NoLinkOnTheWay(const fs::path& stick, const fs::path& path) {
  fs::path at = stick;
  const fs::path rel = path.lexically_relative(stick);
  for (const auto& part : rel) {
    at /= part;
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(at, ec);
    if (ec || st.type() == fs::file_type::not_found) return {};  // made below, as a folder or file
    if (st.type() == fs::file_type::symlink)
      return Error::Local(Shown(at) + ": is a link: the kit writes nothing through links on a stick");
    if (at != path && st.type() != fs::file_type::directory)
      return Error::Local(Shown(at) + ": is in the way (not a folder)");
  }
  return {};
}

// A regular file of `size` bytes at `path` (a link, whatever it points to, is not).
bool AlreadyThere(const fs::path& path, std::uint64_t size) {
  std::error_code ec;
  if (fs::symlink_status(path, ec).type() != fs::file_type::regular) return false;
  const auto have = fs::file_size(path, ec);
  return !ec && have == size;
}

// Whether the stick already carries this campaign as new as `file` or newer: a campaign update
// often keeps its size (a new deadline), so sizes cannot tell, and a kit holding an older
// sequence must not write it over a newer one another kit left there.
bool CampaignCurrentThere(const fs::path& path, const core::Campaign& held, ByteView file) {
  std::error_code ec;
  if (fs::symlink_status(path, ec).type() != fs::file_type::regular) return false;
  auto opened = platform::OutsideFile::Open(path);
  if (!opened) return false;
  auto there = (*opened)->ReadAll(core::kCampaignFileMaxSize);
  if (!there) return false;
  if (std::equal(there->begin(), there->end(), file.begin(), file.end())) return true;
  auto parsed = core::ParseCampaignFile(*there);
  return parsed && parsed->id == held.id && parsed->sequence > held.sequence;
}

// Whether the file at `path` holds exactly `bytes`, compared a chunk at a time: a received-log
// of 10^5 entries is 6.4 MB, and reading it back whole would hold it twice.
bool SameOnDevice(const fs::path& path, ByteView bytes) {
  auto opened = platform::OutsideFile::Open(path);
  if (!opened || (*opened)->size() != bytes.size()) return false;
  std::vector<std::uint8_t> chunk(64 * 1024);
  std::size_t at = 0;
  for (;;) {
    auto n = (*opened)->Read(chunk);
    if (!n) return false;
    if (*n == 0) return at == bytes.size();
    if (*n > bytes.size() - at || !std::equal(chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(*n),
                                             bytes.begin() + static_cast<std::ptrdiff_t>(at)))
      return false;
    at += *n;
  }
}

// Writes durably, then reads back from the device and compares. Folders it makes (the kit
// folder, b/, the shard folders) are flushed into their parents: the stick root and b/ hold
// names too. Stick folders are shared (0755): the next kit to read the stick may run as
// another user.
Status WriteAndVerify(const fs::path& stick, const fs::path& path, ByteView bytes) {
  std::error_code ec;
  STACCS_TRY(NoLinkOnTheWay(stick, path));
  STACCS_TRY(platform::CreateDirectoriesDurably(path.parent_path(), platform::FolderAccess::kShared));
  STACCS_TRY(NoLinkOnTheWay(stick, path));  // folders made meanwhile by someone else
  STACCS_TRY(platform::WriteFileAtomically(path, bytes));
  platform::DropFileCache(path);
  if (!SameOnDevice(path, bytes)) {
    fs::remove(path, ec);
    return Error::Local(Shown(path) + ": what was read back differs from what was written (failing stick?)");
  }
  return {};
}

// A label names a stick to people: 1 to 40 printable characters, no line break or control.
bool ValidLabel(std::string_view label) {
  return !label.empty() && label.size() <= 40 && core::PrintableText(label) == label &&
         label.find_first_of("\n\r\t") == std::string_view::npos && label.front() != ' ' && label.back() != ' ';
}

// The stick's label: the one asked for (written if the stick has another), else the one the
// stick has (read as outside bytes: a regular file, no link, at most 256 bytes), else a new one.
Result<std::string> SettleLabel(const fs::path& stick, const fs::path& root, const std::string& wanted) {
  const fs::path path = root / "label";
  if (!wanted.empty() && !ValidLabel(wanted))
    return Error::Usage("a stick label is 1 to 40 printable characters without line breaks: " + core::PrintableText(wanted));
  std::string held;
  if (auto file = platform::OutsideFile::Open(path)) {
    if (auto bytes = (*file)->ReadAll(256)) {
      held.assign(bytes->begin(), bytes->end());
      while (!held.empty() && (held.back() == '\n' || held.back() == '\r')) held.pop_back();
      if (!ValidLabel(held)) held.clear();  // unreadable: replaced by a fresh one
    }
  }
  if (wanted.empty() && !held.empty()) return held;
  std::string label = wanted;
  if (label.empty()) {
    std::uint8_t raw[3];
    crypto::FillRandom(raw, sizeof raw);
    label = "stick-" + ToHex(ByteView(raw, sizeof raw));
  }
  if (label != held) {
    std::error_code ec;
    if (fs::is_symlink(path, ec)) fs::remove(path, ec);  // the link itself, never what it points to
    STACCS_TRY(WriteAndVerify(stick, path, AsBytes(label + "\n")));
  }
  return label;
}

// Removes from b/ the bundles the received-logs list: only regular files in real shard
// folders, walked without following links and without throwing.
std::size_t RemoveListed(const fs::path& bundles_dir, const stick::ListedIds& listed) {
  std::size_t removed = 0;
  auto bundles = platform::OutsideFolder::Open(bundles_dir);
  if (!bundles) return 0;
  for (;;) {
    auto shard_entry = (*bundles)->Next();
    if (!shard_entry || !shard_entry->has_value()) break;
    if ((*shard_entry)->kind != platform::EntryKind::kFolder || !stick::IsHexName((*shard_entry)->name, 2)) continue;
    auto shard = (*bundles)->OpenFolder((*shard_entry)->name);
    if (!shard) continue;
    for (;;) {
      auto e = (*shard)->Next();
      if (!e || !e->has_value()) break;
      if ((*e)->kind != platform::EntryKind::kFile) continue;
      const std::string stem = stick::HexStem((*e)->name, ".stb");
      std::error_code ec;
      if (!stem.empty() && listed.count(stem) && fs::remove((*shard)->path() / (*e)->name, ec) && !ec) ++removed;
    }
  }
  return removed;
}

}  // namespace

Result<ExportReport> ExportToStick(Kit& kit, const fs::path& stick, const StickOptions& options) {
  ExportReport report;
  std::error_code ec;
  if (!fs::is_directory(stick, ec)) return Error::Usage(stick.string() + ": no such folder (is the stick mounted?)");
  const fs::path root = stick / platform::PathFromUtf8(options.folder);
  auto stop = [&](const Error& e) {
    report.stopped = e.message;
    return report;
  };
  // An export that died between making a folder and flushing its parent left a folder this
  // one will not make again (so will not flush into its parent): flush the ones that exist
  // before putting anything in them. Best effort: on a stick that refuses, the writes below
  // fail with the reason.
  if (auto st = NoLinkOnTheWay(stick, root / "b"); !st) return stop(st.error());
  for (const fs::path& folder : {stick, root, root / "b"})
    if (fs::is_directory(folder, ec)) (void)platform::SyncDirectory(folder);
  auto label = SettleLabel(stick, root, options.label);
  if (!label) {
    if (label.error().kind == ErrorKind::kUsage) return std::move(label).error();
    return stop(label.error());
  }
  report.label = *label;
  core::CampaignStore campaigns(kit);
  STACCS_ASSIGN(auto held, campaigns.List());
  for (const auto& c : held) {
    STACCS_ASSIGN(Bytes file, campaigns.File(c.id_hex()));
    const fs::path path = root / "c" / (c.id_hex() + ".stc");
    if (CampaignCurrentThere(path, c, file) && NoLinkOnTheWay(stick, path)) continue;
    if (auto st = WriteAndVerify(stick, path, file); !st) return stop(st.error());
    ++report.campaigns_written;
  }
  STACCS_ASSIGN(auto logs, core::ReceivedLogStore(kit).Files());
  for (const auto& [campaign_id, bytes] : logs) {
    const fs::path path = root / "r" / (campaign_id + ".srl");
    if (auto st = WriteAndVerify(stick, path, bytes); !st) return stop(st.error());
    ++report.logs_written;
  }
  if (!options.bundles) return report;

  // Bundles the received-logs list are no longer carried: off the stick too.
  const stick::ListedIds listed = sync::stick::ListedInHeldLogs(kit);
  if (!listed.empty()) report.bundles_removed = RemoveListed(root / "b", listed);
  core::BundleStore bundles(kit);
  STACCS_ASSIGN(report.bundles_to_write, bundles.CountToCarry());
  if (options.progress) options.progress->total = report.bundles_to_write;
  // One bundle at a time from the store, a page of rows at a time: memory stays flat however
  // many bundles the kit carries (issue 15). A failed write stops the walk with its error.
  std::optional<Error> failed;
  // Named, not wrapped in STACCS_TRY: the visitor uses STACCS_TRY itself.
  Status walked = bundles.ForEachToCarry([&](const core::StoredBundle& b) -> Status {
    if (failed || !report.stopped.empty()) return {};
    if (options.progress) {
      if (options.progress->cancelled()) {
        report.stopped = "cancelled";
        return {};
      }
      options.progress->done += 1;
    }
    if (listed.count(b.id)) return {};
    const fs::path path = root / "b" / b.id.substr(0, 2) / (b.id + ".stb");
    if (AlreadyThere(path, b.size) && NoLinkOnTheWay(stick, path)) {
      ++report.bundles_already_there;
      return {};
    }
    STACCS_ASSIGN(Bytes bytes, bundles.Read(b.id));
    if (auto st = WriteAndVerify(stick, path, bytes); !st) {
      failed = st.error();
      return {};
    }
    if (options.progress) options.progress->bytes += bytes.size();
    ++report.bundles_written;
    if (b.own) STACCS_TRY(bundles.RecordPath(b.id, "stick:" + report.label, "written"));
    return {};
  });
  STACCS_TRY(std::move(walked));
  if (failed) return stop(*failed);
  return report;
}

Status ExportBundleFile(Kit& kit, std::string_view bundle_id, const fs::path& file) {
  core::BundleStore bundles(kit);
  STACCS_ASSIGN(Bytes bytes, bundles.Read(bundle_id));
  STACCS_TRY(platform::WriteFileAtomically(file, bytes));
  STACCS_ASSIGN(auto env, core::ParseBundleEnvelope(bytes));
  return bundles.RecordPath(env.id_hex(), "file:" + file.string(), "written");
}

}  // namespace staccs::sync
