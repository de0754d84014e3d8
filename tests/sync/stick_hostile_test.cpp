// A stick is outside bytes, names and all: FIFOs named like the kit's files, links that lead
// off the stick, a stick pulled out mid-import and names built to drive a terminal. Import
// and export, through the real staccs-cli where a user meets them.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "flow_fixture.h"
#include "staccs/core/bundle_store.h"
#include "staccs/sync/relay_service.h"
#include "staccs/sync/stick_transfer.h"
#include "stranger_bundle.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;  // NOLINT

namespace {

const std::string kHex64(64, 'a');

// Runs staccs-cli and kills it if it has not finished within 20 s: a hang is exactly what some
// of these tests look for, and shows as exit code -1.
test::ProcessResult RunCliWithin(const fs::path& home, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {test::CliPath(), "--home", home.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = test::RunProcess(argv, {{"STACCS_PASSPHRASE", test::kTestPassphrase}}, "", std::chrono::seconds(20));
  if (r.timed_out) FAIL_CHECK("staccs-cli hung and was killed after 20 s");
  return r;
}

// A stick with the campaign and one genuine bundle on it, from a participant's export.
struct StickWithBundle {
  test::Flow flow;
  fs::path stick = flow.dir / "stick";
  fs::path root = stick / sync::kDefaultStickFolder;
  std::string bundle_id;
  StickWithBundle() {
    fs::create_directories(stick);
    Kit participant = flow.NewParticipant("participant");
    bundle_id = flow.Submit(participant, "# q1\nan answer that travels\n").bundle_id;
    REQUIRE(sync::ExportToStick(participant, stick).ok());
    REQUIRE(sync::ExportToStick(flow.secretariat, stick, {.folder = sync::kDefaultStickFolder, .bundles = false, .label = {}}).ok());
  }
};

std::size_t CountIn(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("FIFOs named like a campaign, a received-log and a bundle hang neither usb import nor collect --from") {
  StickWithBundle s;
  for (const fs::path& fifo : {s.root / "c" / (kHex64 + ".stc"), s.root / "r" / (kHex64 + ".srl"),
                               s.root / "b" / "aa" / (kHex64 + ".stb")}) {
    fs::create_directories(fifo.parent_path());
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  }
  const fs::path organiser = s.flow.dir / "organiser";
  { Kit kit = test::MakeKit(organiser); }
  auto imported = RunCliWithin(organiser, {"usb", "import", s.stick.string()});
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
  CHECK(imported.out.find("bundles: 1 new") != std::string::npos);
  CHECK(CountIn(imported.err, "is a FIFO") == 3);

  auto collected = RunCliWithin(s.flow.dir / "secretariat", {"collect", "--from", s.stick.string()});
  REQUIRE_MESSAGE(collected.exit_code == 0, collected.err);
  CHECK(collected.out.find("opened 1 bundles") != std::string::npos);
  CHECK(CountIn(collected.err, "is a FIFO") == 3);

  // A FIFO handed over as a single bundle file is refused at once, not waited on.
  auto single = RunCliWithin(organiser, {"bundle", "import", (s.root / "b" / "aa" / (kHex64 + ".stb")).string()});
  CHECK(single.exit_code == 2);
  CHECK(single.err.find("is a FIFO") != std::string::npos);
}

TEST_CASE("usb import follows no link: not out of the stick, not even to a file that exists") {
  StickWithBundle s;
  // Elsewhere on the machine: a genuine bundle of the campaign, which must not come in from
  // the stick by a link, and a file whose existence must not leak through an error.
  const fs::path elsewhere = s.flow.dir / "elsewhere";
  fs::create_directories(elsewhere / "shard");
  const SealedBundle outside = test::SealAsStranger(s.flow.campaign, test::HonestContent(s.flow.campaign, "not on the stick"));
  const std::string outside_id = outside.id_hex();
  test::WriteFile(elsewhere / (outside_id + ".stb"), std::string(outside.bytes.begin(), outside.bytes.end()));
  test::WriteFile(elsewhere / "shard" / (outside_id + ".stb"), std::string(outside.bytes.begin(), outside.bytes.end()));
  fs::create_directories(s.root / "b" / outside_id.substr(0, 2));
  fs::create_symlink(elsewhere / (outside_id + ".stb"), s.root / "b" / outside_id.substr(0, 2) / (outside_id + ".stb"));
  // A whole shard folder as a link, under a shard name neither bundle uses (a fixed "ff"
  // collided with a real shard once in 256 runs).
  std::string linked_shard = "ff";
  while (linked_shard == outside_id.substr(0, 2) || linked_shard == s.bundle_id.substr(0, 2)) --linked_shard[1];
  fs::create_symlink(elsewhere / "shard", s.root / "b" / linked_shard);
  fs::create_symlink("/etc/hostname", s.root / "c" / (kHex64 + ".stc"));
  fs::create_directories(s.root / "r");
  fs::create_symlink("/no/such/file", s.root / "r" / (kHex64 + ".srl"));

  const fs::path organiser = s.flow.dir / "organiser";
  { Kit kit = test::MakeKit(organiser); }
  auto r = RunCliWithin(organiser, {"usb", "import", s.stick.string()});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("bundles: 1 new") != std::string::npos);  // only the one really on the stick
  CHECK(CountIn(r.err, "is a link") == 4);
  // A link to a file that exists and one to a file that does not read the same.
  CHECK(r.err.find("No such file") == std::string::npos);
  Kit kit = *Kit::Unlock(organiser, test::Pass());
  CHECK_FALSE(BundleStore(kit).Read(outside_id).ok());
  CHECK(BundleStore(kit).Read(s.bundle_id).ok());

  // The kit folder itself as a link is refused too.
  const fs::path other_stick = s.flow.dir / "other-stick";
  fs::create_directories(other_stick);
  fs::create_directory_symlink(s.root, other_stick / sync::kDefaultStickFolder);
  auto linked = RunCliWithin(organiser, {"usb", "import", other_stick.string()});
  CHECK(linked.exit_code == 2);
  CHECK(linked.err.find("is a link") != std::string::npos);
}

TEST_CASE("usb export writes nothing through a link and does not record the bundle as on the stick") {
  test::Flow flow;
  std::string bundle_id;
  {
    Kit participant = flow.NewParticipant("participant");
    bundle_id = flow.Submit(participant, "# q1\nkept off the link\n").bundle_id;
  }
  const fs::path stick = flow.dir / "stick", elsewhere = flow.dir / "elsewhere";
  fs::create_directories(stick / sync::kDefaultStickFolder / "b");
  fs::create_directories(elsewhere);
  fs::create_directory_symlink(elsewhere, stick / sync::kDefaultStickFolder / "b" / bundle_id.substr(0, 2));
  auto r = RunCliWithin(flow.dir / "participant", {"usb", "export", stick.string()});
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("is a link") != std::string::npos);
  CHECK(fs::is_empty(elsewhere));
  auto outbox = RunCliWithin(flow.dir / "participant", {"outbox"});
  CHECK(outbox.out.find("on stick") == std::string::npos);

  // The same with the kit folder itself a link off the stick.
  const fs::path stick2 = flow.dir / "stick2";
  fs::create_directories(stick2);
  fs::create_directory_symlink(elsewhere, stick2 / sync::kDefaultStickFolder);
  auto r2 = RunCliWithin(flow.dir / "participant", {"usb", "export", stick2.string()});
  CHECK(r2.exit_code == 4);
  CHECK(fs::is_empty(elsewhere));
}

TEST_CASE("a stick folder removed in the middle of an import ends in a clear error and leaves the kit intact") {
  test::Flow flow;
  const fs::path stick = flow.dir / "stick", root = stick / sync::kDefaultStickFolder;
  // Bundles of 128 KiB, so that reading them takes longer than removing them.
  const Bytes content = test::HonestContent(flow.campaign, std::string(100 * 1024, 'w'));
  for (int i = 0; i < 800; ++i) {
    const SealedBundle b = test::SealAsStranger(flow.campaign, content);
    const fs::path path = root / "b" / b.id_hex().substr(0, 2) / (b.id_hex() + ".stb");
    fs::create_directories(path.parent_path());
    test::WriteFile(path, std::string(b.bytes.begin(), b.bytes.end()));
  }
  Kit organiser = test::MakeKit(flow.dir / "organiser");
  REQUIRE(CampaignStore(organiser).Import(flow.campaign_file).ok());
  // Pulled out once the import is under way: the folder and everything in it go.
  sync::TransferProgress progress;
  std::thread puller([&] {
    while (progress.done < 50) std::this_thread::yield();
    std::error_code ec;
    fs::remove_all(root, ec);
  });
  sync::StickOptions options;
  options.progress = &progress;
  auto r = sync::ImportFromStick(organiser, stick, options);
  puller.join();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("the stick went away during the import") != std::string::npos);
  CHECK(organiser.db().IntegrityCheck().value() == "ok");
  // What came in before is kept, and every bundle held is whole: its bytes hash to its id.
  auto held = BundleStore(organiser).List();
  REQUIRE(held.ok());
  CHECK(held->size() >= 1);
  for (const auto& b : *held) CHECK(ToHex(crypto::Blake2b256(*BundleStore(organiser).Read(b.id))) == b.id);
}

TEST_CASE("a file that is not a received-log is refused for what it is by the stick import and by a relay") {
  // Named for the campaign, but not a log at all: its bytes 12-43 are not the campaign id, so a
  // reader of that fixed offset took it for a log of another campaign.
  StickWithBundle s;
  const std::string cid = s.flow.campaign.id_hex();
  const std::string junk(300, 'x');
  fs::create_directories(s.root / "r");
  test::WriteFile(s.root / "r" / (cid + ".srl"), junk);
  Kit organiser = test::MakeKit(s.flow.dir / "organiser");
  auto imported = sync::ImportFromStick(organiser, s.stick);
  REQUIRE(imported.ok());
  CHECK(imported->bundles_new == 1);
  REQUIRE(imported->rejected.size() == 1);
  CHECK(imported->rejected[0].ends_with(cid + ".srl: received-log: not a STACCS received-log"));

  auto relay = sync::RelayService::Open(s.flow.dir / "relay", {s.flow.campaign});
  REQUIRE(relay.ok());
  auto put = (*relay)->PutReceivedLog(cid, AsBytes(std::string_view(junk)));
  REQUIRE_FALSE(put.ok());
  CHECK(put.error().message == "received-log: not a STACCS received-log");
  CHECK(put.error().code == ErrorCode::kRejected);
}

TEST_CASE("names from a stick reach the terminal escaped: no escape sequence, no forged line") {
  StickWithBundle s;
  const std::string forged = "x\x1b[2J\nbundles: 99 new, 0 already held.stb";
  test::WriteFile(s.root / "b" / s.bundle_id.substr(0, 2) / forged, "junk");
  test::WriteFile(s.root / "c" / ("\x1b]0;owned\x07" + std::string(".stc")), "junk");
  const fs::path organiser = s.flow.dir / "organiser";
  { Kit kit = test::MakeKit(organiser); }
  auto r = RunCliWithin(organiser, {"usb", "import", s.stick.string()});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("bundles: 1 new") != std::string::npos);
  for (const std::string& stream : {r.out, r.err}) {
    CHECK(stream.find('\x1b') == std::string::npos);
    CHECK(stream.find('\x07') == std::string::npos);
    CHECK(stream.find("\nbundles: 99") == std::string::npos);
  }
  CHECK(r.err.find("x\\x1b[2J\\x0abundles: 99 new") != std::string::npos);  // shown, escaped
}
