// SPEC §4 sneakernet, end to end: three kits in their own homes and folders standing for
// sticks (a size-limited tmpfs for a full one, a read-only tmpfs for a locked one).
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "flow_fixture.h"
#include "staccs/core/publication.h"
#include "staccs/core/received_log_store.h"
#include "staccs/crypto/participant_keys.h"
#include "staccs/crypto/random.h"
#include "staccs/sync/stick_transfer.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

const std::string kMarker = "MARK" + crypto::RandomId();

std::string MarkedAnswers() {
  return "---\nname: Name " + kMarker + "\norganisation: Org " + kMarker + "\ncountry: Country " + kMarker +
         "\nconsent: attributed\n---\n# q1\nAnswer one " + kMarker + "\n# q2\nAnswer two " + kMarker + "\n";
}

bool IsRoot() { return ::geteuid() == 0; }

// A tmpfs of `size` at `dir`, unmounted at scope exit. Tests that need it run as root (CI does).
struct Tmpfs {
  fs::path dir;
  bool mounted = false;
  Tmpfs(const fs::path& d, const std::string& options) : dir(d) {
    fs::create_directories(dir);
    mounted = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~Tmpfs() {
    if (mounted) ::umount2(dir.c_str(), MNT_DETACH);
  }
};

void CheckNothingReadable(const fs::path& where, const Kit& participant, const Campaign& campaign) {
  CHECK(test::FilesContaining(where, AsBytes(kMarker)).empty());
  // No author identity either: neither the per-campaign key nor the identity seed.
  auto key = crypto::DeriveParticipantKey(participant.identity_seed(), campaign.id).public_key();
  CHECK(test::FilesContaining(where, key).empty());
  CHECK(test::FilesContaining(where, AsBytes(ToHex(key))).empty());
}

}  // namespace

TEST_CASE("a submission travels participant -> stick -> organiser -> stick -> secretariat, and word comes back") {
  test::Flow flow;
  const fs::path stick_a = flow.dir / "stick-a", stick_b = flow.dir / "stick-b";
  fs::create_directories(stick_a);
  fs::create_directories(stick_b);
  Kit participant = flow.NewParticipant("participant");
  Kit organiser = test::MakeKit(flow.dir / "organiser");

  // The secretariat puts the campaign on stick A; the organiser takes it in.
  REQUIRE(sync::ExportToStick(flow.secretariat, stick_a).ok());
  auto org_in = sync::ImportFromStick(organiser, stick_a);
  REQUIRE(org_in.ok());
  CHECK(org_in->campaigns_new == 1);

  auto sealed = flow.Submit(participant, MarkedAnswers());
  auto out = sync::ExportToStick(participant, stick_b);
  REQUIRE(out.ok());
  CHECK(out->bundles_written == 1);
  auto at_org = sync::ImportFromStick(organiser, stick_b);
  REQUIRE(at_org.ok());
  CHECK(at_org->bundles_new == 1);
  CHECK(at_org->rejected.empty());
  auto replay = sync::ImportFromStick(organiser, stick_b);
  CHECK(replay->bundles_duplicate == 1);  // the same bundle by a second path is stored once
  REQUIRE(sync::ExportToStick(organiser, stick_a).ok());

  // The organiser's home and both sticks hold no content and no author identity.
  CheckNothingReadable(flow.dir / "organiser", participant, flow.campaign);
  CheckNothingReadable(stick_a, participant, flow.campaign);
  CheckNothingReadable(stick_b, participant, flow.campaign);
  for (const auto& e : fs::recursive_directory_iterator(stick_a))
    if (e.path().extension() == ".stb") CHECK(fs::file_size(e.path()) % 16384 == 0);

  // The secretariat collects from stick A and the new received-log goes back on it.
  auto collected = sync::ImportFromStick(flow.secretariat, stick_a);
  REQUIRE(collected.ok());
  auto report = CollectHeldBundles(flow.secretariat);
  REQUIRE(report.ok());
  CHECK(report->opened == 1);
  CHECK(report->logs_updated.size() == 1);
  sync::StickOptions logs_only;
  logs_only.bundles = false;
  REQUIRE(sync::ExportToStick(flow.secretariat, stick_a, logs_only).ok());
  auto pub = CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kHtml);
  REQUIRE(pub.ok());
  CHECK(pub->find("Answer two " + kMarker) != std::string::npos);

  // The organiser carries the log back, drops its copy, and hands the log on via stick B.
  auto back = sync::ImportFromStick(organiser, stick_a);
  REQUIRE(back.ok());
  CHECK(back->dropped == 1);
  CHECK(BundleStore(organiser).List()->front().dropped);
  auto org_out = sync::ExportToStick(organiser, stick_b);
  REQUIRE(org_out.ok());
  CHECK(org_out->bundles_removed == 1);  // the received bundle is taken off the stick too
  auto home = sync::ImportFromStick(participant, stick_b);
  REQUIRE(home.ok());
  CHECK(home->marked_received == 1);
  auto outbox = Outbox(participant).List();
  REQUIRE(outbox->size() == 1);
  CHECK(outbox->front().bundle_id == sealed.bundle_id);
  CHECK(outbox->front().received_unix.has_value());
  bool was_on_stick = false;
  CHECK(out->label == test::ReadFileText(stick_b / "staccs" / "label").substr(0, out->label.size()));
  for (const auto& p : outbox->front().paths) was_on_stick |= p.path == "stick:" + out->label;
  CHECK(was_on_stick);
}

TEST_CASE("the same flow works with single bundle files") {
  test::Flow flow;
  Kit participant = flow.NewParticipant("participant");
  Kit organiser = test::MakeKit(flow.dir / "organiser");
  REQUIRE(CampaignStore(organiser).Import(flow.campaign_file).ok());
  auto sealed = flow.Submit(participant, MarkedAnswers());
  const fs::path file = flow.dir / "attachment.stb";
  REQUIRE(sync::ExportBundleFile(participant, sealed.bundle_id.substr(0, 8), file).ok());
  CHECK(sync::ImportBundleFile(organiser, file)->bundles_new == 1);
  const fs::path file2 = flow.dir / "forwarded.stb";
  REQUIRE(sync::ExportBundleFile(organiser, sealed.bundle_id, file2).ok());
  CHECK(sync::ImportBundleFile(flow.secretariat, file2)->bundles_new == 1);
  REQUIRE(CollectHeldBundles(flow.secretariat).ok());
  auto log = ReceivedLogStore(flow.secretariat).Files();
  REQUIRE(log->size() == 1);
  CHECK(ReceivedLogStore(organiser).Offer(log->front().second)->dropped == 1);
  CHECK(ReceivedLogStore(participant).Offer(log->front().second)->marked_received == 1);
  auto pub = CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kMarkdown);
  CHECK(pub->find("Answer one " + kMarker) != std::string::npos);

  // A bundle file altered on the way is refused by the secretariat with a reason.
  auto second = flow.Submit(participant, MarkedAnswers());
  auto bytes = BundleStore(participant).Read(second.bundle_id);
  Bytes bad = *bytes;
  bad[bad.size() / 2] ^= 1;
  test::WriteFile(flow.dir / "bad.stb", std::string(bad.begin(), bad.end()));
  REQUIRE(sync::ImportBundleFile(flow.secretariat, flow.dir / "bad.stb").ok());  // a carrier cannot tell
  auto report = CollectHeldBundles(flow.secretariat);
  REQUIRE(report.ok());
  CHECK(report->rejected == 1);
  CHECK(report->rejections.front().find("does not authenticate") != std::string::npos);
}

TEST_CASE("a damaged or renamed file on a stick is rejected with its reason and nothing else changes") {
  test::Flow flow;
  Kit participant = flow.NewParticipant("participant");
  flow.Submit(participant, MarkedAnswers());
  const fs::path stick = flow.dir / "stick";
  fs::create_directories(stick);
  REQUIRE(sync::ExportToStick(participant, stick).ok());
  fs::path bundle;
  for (const auto& e : fs::recursive_directory_iterator(stick))
    if (e.path().extension() == ".stb") bundle = e.path();
  std::string bytes = test::ReadFileText(bundle);
  bytes[20000 % bytes.size()] ^= 1;
  test::WriteFile(bundle, bytes);
  test::WriteFile(bundle.parent_path() / ".half-written.stb.tmp-1234", "partial");
  auto r = sync::ImportFromStick(flow.secretariat, stick);
  REQUIRE(r.ok());
  CHECK(r->bundles_new == 0);
  REQUIRE(r->rejected.size() == 1);
  CHECK(r->rejected.front().find("content does not match its name") != std::string::npos);
}

TEST_CASE("a full stick and a read-only stick leave the kit intact and nothing importable half-written") {
  if (!IsRoot()) {
    MESSAGE("skipped: mounting a tmpfs needs root (CI runs as root)");
    return;
  }
  test::Flow flow;
  Kit participant = flow.NewParticipant("participant");
  for (int i = 0; i < 80; ++i) flow.Submit(participant, MarkedAnswers());  // 80 × 16 KiB > 1 MiB

  SUBCASE("full") {
    Tmpfs stick(flow.dir / "full-stick", "size=1m");
    REQUIRE(stick.mounted);
    auto out = sync::ExportToStick(participant, stick.dir);
    REQUIRE(out.ok());
    CHECK_FALSE(out->stopped.empty());
    CHECK(out->bundles_written > 0);
    CHECK(out->bundles_written < 80);
    // Everything on the stick imports cleanly; the partial file was removed or is ignored.
    Kit organiser = test::MakeKit(flow.dir / "organiser");
    auto in = sync::ImportFromStick(organiser, stick.dir);
    REQUIRE(in.ok());
    CHECK(in->rejected.empty());
    CHECK(in->bundles_new == out->bundles_written);
  }
  SUBCASE("read-only") {
    Tmpfs stick(flow.dir / "ro-stick", "size=4m,mode=0755");
    REQUIRE(stick.mounted);
    REQUIRE(::mount("tmpfs", stick.dir.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=4m") == 0);
    auto out = sync::ExportToStick(participant, stick.dir);
    REQUIRE(out.ok());
    CHECK(out->stopped.find("Read-only file system") != std::string::npos);
  }
  CHECK(participant.db().IntegrityCheck().value() == "ok");
  CHECK(BundleStore(participant).ToCarry()->size() == 80);
}

TEST_CASE("an export killed mid-way leaves only complete, valid bundles on the stick") {
  test::Flow flow;
  Kit participant = flow.NewParticipant("participant");
  for (int i = 0; i < 40; ++i) flow.Submit(participant, MarkedAnswers());
  const fs::path stick = flow.dir / "stick";
  fs::create_directories(stick);
  std::mt19937 rng(99);
  for (int cycle = 0; cycle < 8; ++cycle) {
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      auto kit = Kit::Unlock(flow.dir / "participant", test::Pass());
      if (kit) (void)sync::ExportToStick(*kit, stick);
      ::_exit(0);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 30000));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    Kit reader = test::MakeKit(flow.dir / ("reader" + std::to_string(cycle)));
    REQUIRE(CampaignStore(reader).Import(flow.campaign_file).ok());
    auto in = sync::ImportFromStick(reader, stick);
    if (!in.ok()) {
      CHECK(in.error().message.find("no kit folder") != std::string::npos);  // killed before the first write
      continue;
    }
    CHECK(in->rejected.empty());
  }
  CHECK(participant.db().IntegrityCheck().value() == "ok");
}

TEST_CASE("a kit refuses bundles for campaigns it does not hold, and oversized files") {
  test::Flow flow;
  Kit participant = flow.NewParticipant("participant");
  auto sealed = flow.Submit(participant, MarkedAnswers());
  Kit stranger = test::MakeKit(flow.dir / "stranger");  // holds no campaign
  auto bytes = BundleStore(participant).Read(sealed.bundle_id);
  auto r = BundleStore(stranger).Put(*bytes, false);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("which this kit does not hold") != std::string::npos);

  const fs::path big = flow.dir / "big.stb";
  fs::resize_file((test::WriteFile(big, "x"), big), kBundleMaxSize + 10);
  auto in = sync::ImportBundleFile(flow.secretariat, big);
  REQUIRE_FALSE(in.ok());
  CHECK(in.error().message.find("larger than") != std::string::npos);
}

TEST_CASE("the kit folder on a stick can carry any name") {
  test::Flow flow;
  Kit participant = flow.NewParticipant("participant");
  flow.Submit(participant, MarkedAnswers());
  const fs::path stick = flow.dir / "stick";
  fs::create_directories(stick);
  sync::StickOptions options;
  options.folder = "holiday-photos";
  REQUIRE(sync::ExportToStick(participant, stick, options)->bundles_written == 1);
  CHECK(fs::is_directory(stick / "holiday-photos" / "b"));
  CHECK_FALSE(fs::exists(stick / "staccs"));
  CHECK_FALSE(sync::ImportFromStick(flow.secretariat, stick).ok());  // looks under the default name
  CHECK(sync::ImportFromStick(flow.secretariat, stick, options)->bundles_new == 1);
}

TEST_CASE("carried bundles are walked a page at a time: each once, in the order ToCarry lists them, writes allowed") {
  test::Flow flow;
  Kit participant = flow.NewParticipant("participant");
  for (int i = 0; i < 300; ++i) flow.Submit(participant, MarkedAnswers());  // more than one page of 256
  BundleStore store(participant);
  auto listed = store.ToCarry();
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 300);
  std::vector<std::string> expected;
  for (const auto& b : *listed) expected.push_back(b.id);
  std::vector<std::string> walked;
  auto st = store.ForEachToCarry([&](const StoredBundle& b) -> Status {
    walked.push_back(b.id);
    return store.RecordPath(b.id, "stick:/test", "written");  // the export writes while it walks
  });
  REQUIRE(st.ok());
  CHECK(walked == expected);
  CHECK(store.CountToCarry().value() == 300);
  int seen = 0;
  auto stopped = store.ForEachToCarry([&](const StoredBundle&) -> Status {
    return ++seen == 5 ? Status(Error::Local("stick went away")) : Status{};
  });
  CHECK_FALSE(stopped.ok());
  CHECK(seen == 5);
}

TEST_CASE("a stick is known by the label the kit writes on it, wherever it is mounted") {
  test::Flow flow;
  Kit participant = flow.NewParticipant("participant");
  const auto sealed = flow.Submit(participant, MarkedAnswers());
  const fs::path first = flow.dir / "media-usb0";
  fs::create_directories(first);
  auto out = sync::ExportToStick(participant, first);
  REQUIRE(out.ok());
  CHECK(out->label.rfind("stick-", 0) == 0);
  CHECK(out->label.size() == 12);
  CHECK(test::ReadFileText(first / "staccs" / "label") == out->label + "\n");

  // The same stick mounted elsewhere keeps its name: the outbox does not see two sticks.
  const fs::path second = flow.dir / "media-usb1";
  fs::rename(first, second);
  auto again = sync::ExportToStick(participant, second);
  REQUIRE(again.ok());
  CHECK(again->label == out->label);
  const auto outbox = Outbox(participant).List();
  REQUIRE(outbox.ok());
  std::set<std::string> places;
  for (const auto& p : outbox->front().paths) places.insert(p.path);
  CHECK(places == std::set<std::string>{"stick:" + out->label});

  // A label asked for replaces the old one; a bad one is refused before anything is written.
  sync::StickOptions named;
  named.label = "bag 2";
  auto relabelled = sync::ExportToStick(participant, second, named);
  REQUIRE(relabelled.ok());
  CHECK(relabelled->label == "bag 2");
  CHECK(test::ReadFileText(second / "staccs" / "label") == "bag 2\n");
  for (const std::string& bad : {std::string("two\nlines"), std::string("\x1b[31mred"), std::string(41, 'x')}) {
    sync::StickOptions o;
    o.label = bad;
    auto refused = sync::ExportToStick(participant, second, o);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::kUsage);
  }
  CHECK(test::ReadFileText(second / "staccs" / "label") == "bag 2\n");

  // A label file that is a link is neither followed nor written through: it is replaced.
  const fs::path elsewhere = flow.dir / "not-on-the-stick.txt";
  test::WriteFile(elsewhere, "outside-label\n");
  fs::remove(second / "staccs" / "label");
  fs::create_symlink(elsewhere, second / "staccs" / "label");
  auto linked = sync::ExportToStick(participant, second);
  REQUIRE(linked.ok());
  CHECK(linked->label != "outside-label");
  CHECK(linked->label.rfind("stick-", 0) == 0);
  CHECK(test::ReadFileText(elsewhere) == "outside-label\n");
  CHECK_FALSE(fs::is_symlink(second / "staccs" / "label"));
}
