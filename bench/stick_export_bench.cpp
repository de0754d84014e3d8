// The cost of the folder flushes issue 14 added to `usb export`, side by side in one run:
//   before  the export as it was (commit 6f6d7e8): folders made with create_directories and
//           never flushed into their parents, the kit folder flushed once at the end;
//   after   sync::ExportToStick as shipped: every folder it makes flushed into its parent, the
//           stick's existing folders flushed once at the start.
// Both write each bundle to a temporary name, flush it, rename it, flush its shard folder and
// read it back after dropping the cache, and record the path in the kit. Two sticks: a new one
// (every shard folder is made) and a used one holding every other bundle already (the shard
// folders exist). Runs alternate before/after; medians and the ratio are printed.
//
//   build/release/bench/stick_export_bench [--quick]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <vector>

#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/outbox.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/random.h"
#include "staccs/sync/stick_transfer.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

Kit NewKit(const fs::path& home) {
  CreateOptions o;
  o.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;
  std::string code;
  auto kit = Kit::Create(home, crypto::Passphrase::Copy(AsBytes("bench")), o, code);
  if (!kit) {
    std::fprintf(stderr, "%s\n", kit.error().message.c_str());
    std::exit(1);
  }
  return std::move(kit).value();
}

// The export before issue 14, kept here only to be measured (bundles and campaigns; the kit
// in the bench holds no received-logs).
bool OldWriteAndVerify(const fs::path& path, ByteView bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec || !platform::WriteFileAtomically(path, bytes)) return false;
  platform::DropFileCache(path);
  auto back = platform::ReadFile(path, bytes.size() + 1);
  return back && std::equal(back->begin(), back->end(), bytes.begin(), bytes.end());
}

std::size_t OldExport(Kit& kit, const fs::path& stick) {
  const fs::path root = stick / sync::kDefaultStickFolder;
  std::error_code ec;
  CampaignStore campaigns(kit);
  const auto held = campaigns.List();
  if (!held) std::exit(1);
  for (const auto& c : *held) {
    const fs::path path = root / "c" / (c.id_hex() + ".stc");
    Bytes file = *campaigns.File(c.id_hex());
    if (fs::exists(path, ec) && fs::file_size(path, ec) == file.size()) continue;
    if (!OldWriteAndVerify(path, file)) std::exit(1);
  }
  BundleStore bundles(kit);
  std::size_t written = 0;
  const auto carried = bundles.ToCarry();
  if (!carried) std::exit(1);
  for (const auto& b : *carried) {
    const fs::path path = root / "b" / b.id.substr(0, 2) / (b.id + ".stb");
    if (fs::exists(path, ec) && fs::file_size(path, ec) == b.size) continue;
    if (!OldWriteAndVerify(path, *bundles.Read(b.id))) std::exit(1);
    ++written;
    if (b.own) (void)bundles.RecordPath(b.id, "stick:" + stick.string(), "written");
  }
  (void)platform::SyncDirectory(root);
  return written;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::size_t CountFolders(const fs::path& stick) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(stick))
    if (e.is_directory()) ++n;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int runs = quick ? 3 : 9;
  const int n = quick ? 100 : 400;
  const fs::path root = fs::temp_directory_path() / ("staccs-stick-bench-" + crypto::RandomId().substr(0, 8));
  fs::create_directories(root);
  std::printf("STACCS stick export: before/after issue 14's folder flushes (%d bundles of 16 KiB; medians of %d runs)\n\n",
              n, runs);

  Kit secretariat = NewKit(root / "secretariat");
  auto created = CampaignStore(secretariat).Create(ForumCallTemplate());
  auto listed = CampaignStore(secretariat).List();
  if (!created || !listed) return 1;
  const Bytes campaign_file = *created;
  const Campaign campaign = listed->front();
  Kit participant = NewKit(root / "participant");
  (void)CampaignStore(participant).Import(campaign_file);
  DraftContent d;
  d.answers.push_back({campaign.questions[0].id, "a short answer"});
  for (int i = 0; i < n; ++i) {
    auto draft = DraftStore(participant).Create(campaign.id_hex(), d);
    if (!draft || !Outbox(participant).Submit(draft->id)) {
      std::fprintf(stderr, "sealing: %s\n", draft ? "submit failed" : draft.error().message.c_str());
      return 1;
    }
  }

  // The used stick: every other bundle already on it, so its shard folders exist.
  const fs::path used_template = root / "used-template";
  fs::create_directories(used_template);
  {
    const fs::path full = root / "full";
    fs::create_directories(full);
    if (!sync::ExportToStick(participant, full)) return 1;
    fs::copy(full, used_template, fs::copy_options::recursive);
    int i = 0;
    for (const auto& e : fs::recursive_directory_iterator(used_template / sync::kDefaultStickFolder / "b"))
      if (e.is_regular_file() && i++ % 2 == 0) fs::remove(e.path());
  }

  struct Row {
    const char* stick;
    std::vector<double> before, after;
    std::size_t written = 0, folders = 0;
  };
  std::vector<Row> rows = {{"new stick", {}, {}}, {"used stick", {}, {}}};
  int serial = 0;
  for (int run = 0; run < runs; ++run) {
    for (Row& row : rows) {
      const bool used = &row == &rows[1];
      // Alternate which goes first, so neither always meets a warmer cache.
      for (int pass = 0; pass < 2; ++pass) {
        const bool after = (pass == 0) == (run % 2 == 0);
        const fs::path stick = root / ("stick-" + std::to_string(++serial));
        fs::create_directories(stick);
        if (used) fs::copy(used_template, stick, fs::copy_options::recursive);
        const auto t = Clock::now();
        std::size_t written = 0;
        if (after) {
          auto r = sync::ExportToStick(participant, stick);
          if (!r || !r->stopped.empty()) return 1;
          written = r->bundles_written;
        } else {
          written = OldExport(participant, stick);
        }
        const double s = std::chrono::duration<double>(Clock::now() - t).count();
        (after ? row.after : row.before).push_back(s);
        row.written = written;
        row.folders = CountFolders(stick);
        fs::remove_all(stick);
      }
    }
  }
  std::printf("%-11s %9s %10s %10s %8s %12s %12s\n", "stick", "written", "before", "after", "ratio", "before b/s",
              "after b/s");
  for (const Row& row : rows) {
    const double b = Median(row.before), a = Median(row.after);
    std::printf("%-11s %9zu %8.1f ms %8.1f ms %8.3f %12.0f %12.0f\n", row.stick, row.written, b * 1e3, a * 1e3, a / b,
                static_cast<double>(row.written) / b, static_cast<double>(row.written) / a);
  }
  std::printf("\n(%zu folders on the finished new stick; ratio = after / before time)\n", rows[0].folders);
  fs::remove_all(root);
  return 0;
}
