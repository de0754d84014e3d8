// libFuzzer harness for stick import on a generated folder tree (issue 8): each input is a
// list of things to put in a kit folder on a "stick" (a temporary folder), then imported with
// ImportFromStick into a kit holding the campaign. Links (out of the stick, to its own parts,
// dangling), FIFOs, folders where files belong and odd names are all in reach. The import
// must return, never hang or crash, and keep nothing from outside the stick.
//
// Input: records of  kind u8 | name length u8 | name | data length u16 (little-endian) | data
//   kind % 8: 0 folder NAME, 1 file NAME with DATA, 2 link NAME -> DATA, 3 FIFO NAME,
//             4 bundle file DATA under its own id in b/, 5 campaign file DATA in c/ under its id,
//             6 received-log DATA in r/ under the campaign id it names, 7 file NAME in b/<DATA[0..2]>/
// Names are kept inside the kit folder ('..' and empty parts dropped), bytes otherwise as given.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "fuzz_campaign.h"
#include "fuzz_kit.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/received_log.h"
#include "staccs/crypto/hash.h"
#include "staccs/sync/stick_transfer.h"

using namespace staccs;
namespace fs = std::filesystem;

namespace {

struct Carrier {
  fs::path dir = fuzz::TempFolder("stick");
  core::Kit kit = fuzz::MakeFuzzKit(dir / "kit");
  fuzz::FixedCampaign fixed;
  Carrier() {
    core::Campaign campaign = fixed.campaign;
    campaign.sequence = 1;
    campaign.created_unix = 1'760'000'000;
    campaign.pull_certificate = fixed.signing.Sign(crypto::SignatureDomain::kPullSubkeyCert, core::kCampaignFormatVersion,
                                                   core::PullCertificateMessage(campaign.id, campaign.pull_key));
    if (!core::CampaignStore(kit).Import(core::WriteCampaignFile(campaign, fixed.signing))) std::abort();
    std::ofstream(dir / "outside.stb") << "a file off the stick";
  }
  ~Carrier() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

// NAME made relative and kept inside the kit folder.
fs::path Inside(std::string_view name) {
  fs::path out;
  std::string part;
  auto flush = [&] {
    if (!part.empty() && part != "." && part != "..") out /= part;
    part.clear();
  };
  for (char ch : name) {
    if (ch == '/') flush();
    else part.push_back(ch == '\0' ? '_' : ch);
  }
  flush();
  return out;
}

// Everything the harness makes is made without following a link: a link the input planted may
// point anywhere (/etc included) and the harness runs as whoever runs it. Each existing part of
// REL must be a real folder of the stick, else the record is skipped.
bool MakeFolders(const fs::path& root, const fs::path& rel) {
  fs::path at = root;
  std::error_code ec;
  for (const auto& part : rel) {
    at /= part;
    const auto type = fs::symlink_status(at, ec).type();
    if (type == fs::file_type::not_found) {
      if (!fs::create_directory(at, ec)) return false;
    } else if (type != fs::file_type::directory) {
      return false;
    }
  }
  return true;
}

// Makes room for a new entry at REL: its folder exists and whatever had the name (a file, a
// link, a FIFO, never a folder) is gone, so nothing is written through it or blocks on it.
bool MakeRoom(const fs::path& root, const fs::path& rel) {
  if (rel.empty() || !MakeFolders(root, rel.parent_path())) return false;
  std::error_code ec;
  const auto type = fs::symlink_status(root / rel, ec).type();
  if (type == fs::file_type::not_found) return true;
  return type != fs::file_type::directory && fs::remove(root / rel, ec);
}

void Put(const fs::path& root, const fs::path& rel, ByteView data) {
  if (!MakeRoom(root, rel)) return;
  const int fd = ::open((root / rel).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;
  for (std::size_t at = 0; at < data.size();) {
    const ssize_t n = ::write(fd, data.data() + at, data.size() - at);
    if (n <= 0) break;
    at += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Carrier c;
  const fs::path stick = c.dir / "stick", root = stick / sync::kDefaultStickFolder;
  std::error_code ec;
  fs::remove_all(stick, ec);
  fs::create_directories(root, ec);
  std::size_t at = 0;
  for (int records = 0; records < 64 && at + 4 <= size; ++records) {
    const std::uint8_t kind = data[at] % 8;
    const std::size_t name_len = std::min<std::size_t>(data[at + 1], size - at - 2);
    const std::string_view name(reinterpret_cast<const char*>(data + at + 2), name_len);
    at += 2 + name_len;
    if (at + 2 > size) break;
    const std::size_t data_len = std::min<std::size_t>(data[at] | (data[at + 1] << 8), size - at - 2);
    const ByteView bytes(data + at + 2, data_len);
    at += 2 + data_len;
    const fs::path rel = Inside(name);
    switch (kind) {
      case 0: (void)MakeFolders(root, rel); break;
      case 1: Put(root, rel, bytes); break;
      case 2: {
        const std::string target(AsChars(bytes));
        if (MakeRoom(root, rel)) fs::create_symlink(target.empty() ? (c.dir / "outside.stb").string() : target, root / rel, ec);
        break;
      }
      case 3:
        if (MakeRoom(root, rel)) (void)::mkfifo((root / rel).c_str(), 0600);
        break;
      case 4: {
        const std::string id = ToHex(crypto::Blake2b256(bytes));
        Put(root, fs::path("b") / id.substr(0, 2) / (id + ".stb"), bytes);
        break;
      }
      case 5: {
        auto parsed = core::ParseCampaignFile(bytes);
        Put(root, fs::path("c") / ((parsed ? parsed->id_hex() : ToHex(crypto::Blake2b256(bytes))) + ".stc"), bytes);
        break;
      }
      case 6: {
        // Named after the campaign its header claims, as a carrier's kit names it.
        auto header = core::ParseReceivedLogHeader(bytes);
        const std::string id = header ? ToHex(header->campaign_id) : c.fixed.campaign.id_hex();
        Put(root, fs::path("r") / (id + ".srl"), bytes);
        break;
      }
      default: {
        const std::string shard = bytes.size() >= 2 ? std::string(AsChars(bytes.subspan(0, 2))) : "aa";
        Put(root, fs::path("b") / Inside(shard) / rel, bytes);
        break;
      }
    }
  }
  // With a progress counter, as the desktop client imports (it walks the bundles twice); one
  // input in seven asks to cancel before the first bundle.
  sync::TransferProgress progress;
  progress.cancel = size % 7 == 0;
  sync::StickOptions options;
  options.progress = &progress;
  (void)sync::ImportFromStick(c.kit, stick, options);
  // Next input starts from a kit holding only the campaign: what one stick left behind (a
  // stored bundle, a newer log) must not change how the next is read.
  (void)c.kit.db().Exec("DELETE FROM received_logs; DELETE FROM bundle_paths; DELETE FROM bundles;");
  return 0;
}
