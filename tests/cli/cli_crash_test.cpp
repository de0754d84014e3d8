// SIGKILL staccs-cli at random moments while it saves drafts: every save it reported is
// there afterwards, and the store passes PRAGMA integrity_check.
#include <doctest/doctest.h>

#include <filesystem>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "kit_fixture.h"
#include "staccs/core/draft_store.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::core;


TEST_CASE("kill -9 during draft saves loses no reported save and leaves the store intact") {
  test::TempDir dir;
  const fs::path home = dir / "home";
  std::string campaign_id, draft_id;
  {
    Kit kit = test::MakeKit(home);
    test::MakeCampaign(kit);
    campaign_id = CampaignStore(kit).List()->front().id_hex();
    DraftContent d;
    d.answers.push_back({"challenges", "save -1"});
    draft_id = DraftStore(kit).Create(campaign_id, d)->id;
  }
  // How long one save takes here, so kills land before, during and after it.
  auto t0 = std::chrono::steady_clock::now();
  test::WriteFile(dir / "a.md", "# problem\nwarm-up\n# challenges\nsave -1\n");
  REQUIRE(test::RunCli(home, {"draft", "edit", draft_id, "--answers", (dir / "a.md").string()}).exit_code == 0);
  auto typical = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);

  std::mt19937 rng(12345);
  std::uniform_int_distribution<std::int64_t> when(0, typical.count() * 3 / 2);
  int last_reported_edit = -1;
  std::vector<std::string> reported_new;
  int killed_mid_way = 0;
  const int kCycles = 60;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    const fs::path answers = dir / ("answers-" + std::to_string(cycle) + ".md");
    test::WriteFile(answers, "# problem\nfirst\n# challenges\nsave " + std::to_string(cycle) + "\n");
    const bool edit = cycle % 2 == 0;
    std::vector<std::string> args = {test::CliPath(), "--home", home.string(), "draft"};
    if (edit) args.insert(args.end(), {"edit", draft_id, "--answers", answers.string()});
    else args.insert(args.end(), {"new", "--campaign", campaign_id, "--answers", answers.string()});
    test::KilledProcess k = test::RunAndKill(args, {{"STACCS_PASSPHRASE", test::kTestPassphrase}},
                                             std::chrono::microseconds(when(rng)));
    if (!k.finished) ++killed_mid_way;
    const bool reported = k.out.size() >= 33 && k.out[32] == '\n';
    if (reported && edit) last_reported_edit = cycle;
    if (reported && !edit) reported_new.push_back(k.out.substr(0, 32));

    auto kit = Kit::Unlock(home, test::Pass());
    REQUIRE_MESSAGE(kit.ok(), test::Why(kit));
    REQUIRE(kit->db().IntegrityCheck().value() == "ok");
    DraftStore drafts(*kit);
    auto d = drafts.Get(draft_id);
    REQUIRE(d.ok());
    // The held answer is the last reported save or a later one that committed unreported.
    const std::string* answer = d->content.AnswerTo("challenges");
    REQUIRE(answer != nullptr);
    int held = std::stoi(answer->substr(5));
    CHECK(held >= last_reported_edit);
    for (const auto& id : reported_new) CHECK(drafts.Get(id).ok());
  }
  MESSAGE(killed_mid_way << " of " << kCycles << " runs were killed before they finished");
  CHECK(killed_mid_way > 0);
  CHECK(last_reported_edit >= 0);
}
