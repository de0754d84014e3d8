// SPEC §4/§7 for sticks, as a power cut (or a pulled stick) tests it (issue 14): the real
// staccs-cli exports 50 sealed bundles to a new and to a used stick on a folder tree that
// keeps only what was flushed. After a cut right after "wrote 50 bundles", all 50 import at
// the secretariat; after a cut at any flush point or a random moment, whatever is on the
// stick imports without one rejection (nothing half-written is accepted), every bundle the
// kit's outbox says is on the stick is there, and the kit passes PRAGMA integrity_check.
#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <set>

#include "flow_fixture.h"
#include "power_cut.h"
#include "staccs/core/bundle_store.h"
#include "staccs/sync/stick_transfer.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

constexpr int kBundles = 50;
constexpr int kOldBundles = 10;  // on the used stick already

// A participant's kit with 50 sealed bundles and, for the used stick, a stick another kit
// exported 10 bundles to; copied into each power-cut root so every run starts the same.
struct StickScenario {
  test::Flow flow;
  fs::path template_dir = flow.dir / "template";
  std::set<std::string> own, old;

  StickScenario() {
    {
      Kit participant = test::MakeParticipant(template_dir / "kit", flow.campaign_file);
      for (int i = 0; i < kBundles; ++i)
        own.insert(test::SubmitAnswer(participant, flow.campaign, "bundle " + std::to_string(i)).bundle_id);
    }
    Kit other = flow.NewParticipant("other");
    for (int i = 0; i < kOldBundles; ++i)
      old.insert(test::SubmitAnswer(other, flow.campaign, "older " + std::to_string(i)).bundle_id);
    fs::create_directories(template_dir / "new-stick");
    fs::create_directories(template_dir / "used-stick");
    auto exported = sync::ExportToStick(other, template_dir / "used-stick");
    REQUIRE(exported.ok());
    REQUIRE(exported->bundles_written == kOldBundles);
  }

  // A root holding the kit and the stick, its start state taken.
  std::unique_ptr<test::PowerCutRoot> Root(const std::string& name, bool used) {
    auto pc = std::make_unique<test::PowerCutRoot>(flow.dir / name);
    fs::copy(template_dir / "kit", pc->root() / "kit", fs::copy_options::recursive);
    fs::copy(template_dir / (used ? "used-stick" : "new-stick"), pc->root() / "stick", fs::copy_options::recursive);
    pc->Baseline();
    return pc;
  }

  std::vector<std::string> ExportArgs(const test::PowerCutRoot& pc) const {
    return {test::CliPath(), "--home", (pc.root() / "kit").string(), "usb", "export", (pc.root() / "stick").string()};
  }

  // Checks the image; `acknowledged`: the export printed "wrote 50 bundles".
  void Check(const fs::path& image, bool used, bool acknowledged) {
    CAPTURE(image);
    // The kit: opens, intact, and says "on a stick" only for bundles that are on it.
    auto kit = Kit::Unlock(image / "kit", test::Pass());
    REQUIRE_MESSAGE(kit.ok(), test::Why(kit));
    CHECK(kit->db().IntegrityCheck().value() == "ok");
    std::set<std::string> said_on_stick;
    auto entries = Outbox(*kit).List();
    REQUIRE(entries.ok());
    for (const auto& e : *entries)
      for (const auto& p : e.paths)
        if (p.path.rfind("stick:", 0) == 0) said_on_stick.insert(e.bundle_id);

    // The stick, read by a kit that holds the campaign: nothing rejected.
    Kit reader = test::MakeParticipant(image / ("reader-" + std::to_string(++readers_)), flow.campaign_file);
    std::error_code ec;
    if (!fs::is_directory(image / "stick" / "staccs", ec)) {
      CHECK_MESSAGE(!acknowledged, "the stick's kit folder is gone after a power cut that followed 'wrote 50 bundles'");
      CHECK_MESSAGE(said_on_stick.empty(), "the outbox says bundles are on a stick that holds nothing");
      if (used) FAIL("the used stick lost the kit folder it had before the export");
      return;
    }
    auto report = sync::ImportFromStick(reader, image / "stick");
    REQUIRE_MESSAGE(report.ok(), test::Why(report));
    std::string rejected;
    for (const auto& r : report->rejected) rejected += "\n  " + r;
    CHECK_MESSAGE(report->rejected.empty(), "half-written files accepted or offered:" << rejected);
    std::set<std::string> on_stick;
    auto held = BundleStore(reader).List();
    REQUIRE(held.ok());
    for (const auto& b : *held) on_stick.insert(b.id);
    for (const auto& id : said_on_stick)
      CHECK_MESSAGE(on_stick.count(id), "the outbox says bundle " << id.substr(0, 12) << "… is on the stick; it is not");
    if (used)
      for (const auto& id : old) CHECK_MESSAGE(on_stick.count(id), "a bundle the used stick held before is gone");
    if (acknowledged) {
      for (const auto& id : own) CHECK_MESSAGE(on_stick.count(id), "bundle " << id.substr(0, 12) << "… of 'wrote 50 bundles' is gone");
      CHECK(said_on_stick.size() == own.size());
    }
  }

  int readers_ = 0;
};

bool Wrote50(const std::string& out) { return out.find("wrote " + std::to_string(kBundles) + " bundles") == 0; }

}  // namespace

TEST_CASE("a power cut right after 'wrote 50 bundles' to a new or a used stick loses none of them") {
  StickScenario s;
  for (bool used : {false, true}) {
    CAPTURE(used);
    auto pc = s.Root(used ? "after-used" : "after-new", used);
    auto r = test::RunProcess(s.ExportArgs(*pc), [&] {
      auto env = pc->Env();
      env["STACCS_PASSPHRASE"] = test::kTestPassphrase;
      return env;
    }());
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    REQUIRE_MESSAGE(Wrote50(r.out), r.out);
    s.Check(pc->Cut(), used, /*acknowledged=*/true);
    MESSAGE(std::string(used ? "used" : "new") << " stick: " << pc->Flushes() << " flushes for a 50-bundle export");
  }
}

TEST_CASE("a power cut at flush points and moments during a stick export leaves nothing half-written") {
  StickScenario s;
  std::mt19937 rng(test::CutSeed(31337));
  for (bool used : {false, true}) {
    CAPTURE(used);
    std::uint64_t total = 0;
    std::chrono::microseconds took{};
    {
      auto dry = s.Root(used ? "dry-used" : "dry-new", used);
      auto env = dry->Env();
      env["STACCS_PASSPHRASE"] = test::kTestPassphrase;
      const auto t0 = std::chrono::steady_clock::now();
      REQUIRE(test::RunProcess(s.ExportArgs(*dry), env).exit_code == 0);
      took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
      total = dry->Flushes();
    }
    // Flush points: the first few (folders being made), then a random sample of the rest.
    std::vector<std::uint64_t> points = {1, 2, 3, 4, 5, 6, total};
    for (int i = 0; i < 10 * test::SoakFactor(); ++i) points.push_back(1 + rng() % total);
    for (std::uint64_t k : points) {
      CAPTURE(k);
      auto pc = s.Root("at-" + std::to_string(used) + "-" + std::to_string(k) + "-" + std::to_string(rng()), used);
      auto env = pc->Env(k);
      env["STACCS_PASSPHRASE"] = test::kTestPassphrase;
      auto r = test::RunProcess(s.ExportArgs(*pc), env);
      CHECK((r.exit_code == -1 || (r.exit_code == 0 && k == total)));
      s.Check(pc->Cut(), used, r.exit_code == 0 && Wrote50(r.out));
    }
    // Moments: SIGKILL at a random time while the export runs.
    for (int i = 0; i < 4 * test::SoakFactor(); ++i) {
      auto pc = s.Root("moment-" + std::to_string(used) + "-" + std::to_string(i), used);
      auto env = pc->Env();
      env["STACCS_PASSPHRASE"] = test::kTestPassphrase;
      const auto delay = std::chrono::microseconds(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(took.count())));
      CAPTURE(delay.count());
      auto k = test::RunAndKill(s.ExportArgs(*pc), env, delay);
      s.Check(pc->Cut(), used, k.finished && Wrote50(k.out));
    }
  }
}

TEST_CASE("an export that died between making the kit folder and flushing the stick, run again, then cut, loses nothing") {
  StickScenario s;
  // The moment: the flush of the stick's root that makes the new kit folder's name durable
  // (the first after the kit folder's own flush), found in a dry run's log of flushes.
  int stick_flushes_before = 0;
  {
    auto dry = s.Root("retry-dry", /*used=*/false);
    auto env = dry->Env();
    env["STACCS_PASSPHRASE"] = test::kTestPassphrase;
    REQUIRE(test::RunProcess(s.ExportArgs(*dry), env).exit_code == 0);
    bool kit_folder_flushed = false;
    for (const auto& line : dry->FlushLog()) {
      const std::string what = line.substr(line.find(' ', line.find(' ') + 1) + 1);  // "kind path"
      if (what == "dir stick/staccs") kit_folder_flushed = true;
      if (what == "dir stick") {
        ++stick_flushes_before;
        if (kit_folder_flushed) break;
      }
    }
    REQUIRE(kit_folder_flushed);
  }
  auto pc = s.Root("retry", /*used=*/false);
  auto env = pc->Env(0, "stick", stick_flushes_before);
  env["STACCS_PASSPHRASE"] = test::kTestPassphrase;
  auto first = test::RunProcess(s.ExportArgs(*pc), env);
  REQUIRE(first.exit_code == -1);
  REQUIRE(fs::is_directory(pc->root() / "stick" / "staccs"));  // made, never flushed into the stick
  env = pc->Env();
  env["STACCS_PASSPHRASE"] = test::kTestPassphrase;
  auto again = test::RunProcess(s.ExportArgs(*pc), env);
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  REQUIRE(Wrote50(again.out));
  s.Check(pc->Cut(), /*used=*/false, /*acknowledged=*/true);
}
