// SPEC §7 durability for a participant's kit, as a power cut tests it (issue 14): the real
// staccs-cli runs `init`, `campaign import`, `draft new` and `submit` on a folder tree that
// keeps only what was flushed (tests/support/power_cut/). Cut right after each
// acknowledgement, and at flush points and moments chosen at random during the work, the
// rebuilt image must hold everything acknowledged, open with the passphrase (or not be a kit
// at all), and pass PRAGMA integrity_check; every bundle it lists verifies at the secretariat.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <optional>
#include <random>

#include "flow_fixture.h"
#include "power_cut.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/collection.h"
#include "staccs/core/platform.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

constexpr const char* kAnswer = "Generators at every tower, fuel for a week.";

// What the programs acknowledged before the cut.
struct Acknowledged {
  bool kit = false, campaign = false;
  std::string draft_id, bundle_id;
  bool interrupted = false;  // a step was killed (the sequence stopped there)
};

struct KitScenario {
  test::Flow flow;
  fs::path campaign_file = flow.dir / "forum.stc";
  fs::path answers = flow.dir / "answers.md";

  KitScenario() {
    REQUIRE(platform::WriteFileAtomically(campaign_file, flow.campaign_file).ok());
    test::WriteFile(answers, "# Feedback on the problem statement\n" + std::string(kAnswer) + "\n");
  }

  // Runs the four steps on `pc`'s root with `env`, stopping at the first step killed; calls
  // `after(step)` after each acknowledged one.
  Acknowledged Run(const test::PowerCutRoot& pc, std::map<std::string, std::string> env,
                   const std::function<void(const Acknowledged&)>& after = {},
                   std::optional<std::pair<int, std::chrono::microseconds>> kill_step_after = {}) {
    env["STACCS_PASSPHRASE"] = test::kTestPassphrase;
    const fs::path home = pc.root() / "home";
    Acknowledged ack;
    const std::vector<std::vector<std::string>> steps = {
        {"init", "--kdf-profile", "test-only-insecure", "--weak-passphrase"},
        {"campaign", "import", campaign_file.string()},
        {"draft", "new", "--campaign", flow.campaign.id_hex(), "--answers", answers.string()},
        {"submit", "DRAFT"},
    };
    for (std::size_t i = 0; i < steps.size(); ++i) {
      std::vector<std::string> argv = {test::CliPath(), "--home", home.string()};
      for (const auto& a : steps[i]) argv.push_back(a == "DRAFT" ? ack.draft_id : a);
      std::string out;
      if (kill_step_after && kill_step_after->first == static_cast<int>(i)) {
        auto k = test::RunAndKill(argv, env, kill_step_after->second);
        if (!k.finished) {
          ack.interrupted = true;
          return ack;
        }
        out = k.out;
      } else {
        auto r = test::RunProcess(argv, env);
        if (r.exit_code == -1) {
          ack.interrupted = true;  // killed by the shim at the chosen flush
          return ack;
        }
        REQUIRE_MESSAGE(r.exit_code == 0, steps[i][0] << ": " << r.err);
        out = r.out;
      }
      if (i == 0) ack.kit = out.find("Created a kit") != std::string::npos;
      if (i == 1) ack.campaign = true;
      if (i == 2) ack.draft_id = out.substr(0, 32);
      if (i == 3) ack.bundle_id = out.substr(0, 64);
      if (after) after(ack);
    }
    return ack;
  }

  // The image after a cut holds what was acknowledged, and nothing half-made.
  void Check(const fs::path& image, const Acknowledged& ack) {
    CAPTURE(image);
    const fs::path home = image / "home";
    if (!Kit::Exists(home)) {
      REQUIRE_MESSAGE(!ack.kit, "the kit 'init' reported is gone after the power cut");
      return;  // never finished: no kit, and nothing else to find
    }
    auto kit = Kit::Unlock(home, test::Pass());
    REQUIRE_MESSAGE(kit.ok(), "a kit whose keys.bin survived does not open: " << test::Why(kit));
    CHECK(kit->db().IntegrityCheck().value() == "ok");
    auto campaign = CampaignStore(*kit).Get(flow.campaign.id_hex());
    if (ack.campaign) REQUIRE_MESSAGE(campaign.ok(), "the imported campaign is gone after the power cut");
    auto drafts = DraftStore(*kit).List();
    REQUIRE(drafts.ok());
    if (!ack.draft_id.empty()) {
      auto draft = DraftStore(*kit).Get(ack.draft_id);
      REQUIRE_MESSAGE(draft.ok(), "the draft 'draft new' reported saved is gone after the power cut");
      bool has_answer = false;
      for (const auto& a : draft->content.answers) has_answer = has_answer || a.text.find(kAnswer) != std::string::npos;
      CHECK_MESSAGE(has_answer, "the saved draft lost its answer");
    }
    // Every bundle the kit lists (acknowledged or not) is whole and verifies at the secretariat.
    auto entries = Outbox(*kit).List();
    REQUIRE(entries.ok());
    bool found = false;
    for (const auto& e : *entries) {
      found = found || e.bundle_id == ack.bundle_id;
      auto bytes = BundleStore(*kit).Read(e.bundle_id);
      REQUIRE_MESSAGE(bytes.ok(), "a sealed bundle the outbox lists cannot be read: " << test::Why(bytes));
      auto put = BundleStore(flow.secretariat).Put(*bytes, /*own=*/false);
      REQUIRE_MESSAGE(put.ok(), test::Why(put));
      auto collected = CollectHeldBundles(flow.secretariat);
      REQUIRE(collected.ok());
      CHECK(collected->rejected == 0);
    }
    if (!ack.bundle_id.empty()) CHECK_MESSAGE(found, "the bundle 'submit' printed is gone after the power cut");
  }
};

}  // namespace

TEST_CASE("a power cut right after init, draft new and submit loses nothing they reported") {
  KitScenario s;
  test::PowerCutRoot pc(s.flow.dir / "cut");
  pc.Baseline();
  int cuts = 0;
  const auto ack = s.Run(pc, pc.Env(), [&](const Acknowledged& so_far) {
    s.Check(pc.Cut(), so_far);
    ++cuts;
  });
  CHECK(cuts == 4);
  CHECK(!ack.bundle_id.empty());
  MESSAGE(pc.Flushes() << " flushes under the root for init + import + draft + submit");
}

TEST_CASE("a power cut at any flush during init, draft new and submit leaves a kit that opens, or none") {
  KitScenario s;
  std::uint64_t total = 0;
  {
    test::PowerCutRoot dry(s.flow.dir / "count");
    dry.Baseline();
    s.Run(dry, dry.Env());
    total = dry.Flushes();
  }
  REQUIRE(total > 10);
  // The durable state changes only at flushes: cutting as each one starts reaches every state
  // a power cut can leave.
  std::vector<std::uint64_t> points;
  for (std::uint64_t k = 1; k <= total; ++k) points.push_back(k);
  std::mt19937 rng(test::CutSeed(1414));
  int interrupted = 0;
  for (std::uint64_t k : points) {
    CAPTURE(k);
    test::PowerCutRoot pc(s.flow.dir / ("at-" + std::to_string(k) + "-" + std::to_string(rng())));
    pc.Baseline();
    const auto ack = s.Run(pc, pc.Env(k));
    interrupted += ack.interrupted ? 1 : 0;
    s.Check(pc.Cut(), ack);
  }
  CHECK(interrupted >= static_cast<int>(points.size()) - 1);  // the last point may move by a flush
}

TEST_CASE("a power cut at a random moment during init, draft new or submit loses nothing reported") {
  KitScenario s;
  // How long the four steps take here, so the kills land during them.
  auto t0 = std::chrono::steady_clock::now();
  {
    test::PowerCutRoot dry(s.flow.dir / "timing");
    dry.Baseline();
    s.Run(dry, dry.Env());
  }
  const auto per_step = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0) / 4;
  std::mt19937 rng(test::CutSeed(2718));
  int interrupted = 0;
  const int kRounds = 12 * test::SoakFactor();
  for (int round = 0; round < kRounds; ++round) {
    test::PowerCutRoot pc(s.flow.dir / ("moment-" + std::to_string(round)));
    pc.Baseline();
    const int step = static_cast<int>(rng() % 4);
    const auto delay = std::chrono::microseconds(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(per_step.count() + 1)));
    CAPTURE(step);
    CAPTURE(delay.count());
    const auto ack = s.Run(pc, pc.Env(), {}, std::make_pair(step, delay));
    interrupted += ack.interrupted ? 1 : 0;
    s.Check(pc.Cut(), ack);
  }
  MESSAGE(interrupted << " of " << kRounds << " runs were killed part-way");
  CHECK(interrupted > 0);
}
