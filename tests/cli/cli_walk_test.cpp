// Every role's path end to end (issue 11), through the real programs only: staccs-cli for the
// participant, the organiser and the secretariat, and two staccs-relay processes — the field
// relay the campaign lists, and the secretariat's intake relay it forwards to, which no campaign
// lists. Each step checks what its user is told, not only that it worked.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <sstream>
#include <thread>

#include "staccs/sync/http_client.h"
#include "test_support.h"

using namespace staccs;
using namespace staccs::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;  // NOLINT

namespace {

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }
bool Has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// A staccs-relay process on a loopback port, stopped with SIGTERM as an operator would.
struct RelayProcess {
  pid_t pid = -1;
  std::string url;
  RelayProcess(const fs::path& data, int port, const std::vector<std::string>& more) {
    url = LoopbackUrl(port);
    std::vector<std::string> argv = {STACCS_RELAY_PATH, "--data", data.string(), "--listen",
                                     "127.0.0.1:" + std::to_string(port)};
    argv.insert(argv.end(), more.begin(), more.end());
    pid = StartProcess(argv);
    REQUIRE(pid > 0);
    REQUIRE_MESSAGE(Eventually([&] {
                      sync::HttpClient http;
                      auto res = http.Request("GET", url + "/v1/health", {});
                      return res && res->status == 200;
                    }, 20s),
                    "staccs-relay did not answer on " << url);
  }
  ~RelayProcess() {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
};

std::string RelayKey(const fs::path& data) {
  auto r = RunProcess({STACCS_RELAY_PATH, "--print-key", "--data", data.string()});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return FirstLine(r.out);
}

ProcessResult Ok(const fs::path& home, const std::vector<std::string>& args) {
  auto r = RunCli(home, args);
  INFO("staccs-cli " << args.front() << (args.size() > 1 ? " " + args[1] : "") << ": " << r.out << r.err);
  REQUIRE(r.exit_code == 0);
  return r;
}

std::string Compiled(const fs::path& home, const std::string& campaign, const fs::path& out) {
  Ok(home, {"compile", "--campaign", campaign, "--format", "html", "--out", out.string()});
  return ReadFileText(out);
}

// The recovery code `init` prints, indented on its own line.
std::string RecoveryCode(const std::string& init_out) {
  const auto at = init_out.find("\n    ");
  REQUIRE(at != std::string::npos);
  return init_out.substr(at + 5, 34);
}

}  // namespace

TEST_CASE("cli walk: participant, organiser, relay operator and secretariat, each through the real programs") {
  TempDir dir;
  const fs::path secretariat = dir / "secretariat", participant = dir / "participant", organiser = dir / "organiser";
  const fs::path stick = dir / "stick", back_stick = dir / "stick-back";
  fs::create_directories(stick);
  fs::create_directories(back_stick);
  std::string secretariat_code;
  for (const auto& home : {secretariat, participant, organiser}) {
    auto r = Ok(home, {"init", "--kdf-profile", "test-only-insecure", "--weak-passphrase"});
    if (home == secretariat) secretariat_code = RecoveryCode(r.out);
  }

  // Relay operators: the field relay's key goes into the campaign; the intake relay is the
  // secretariat's own, which the field relay forwards to and no campaign lists.
  const int field_port = FreePort(), intake_port = FreePort();
  const std::string field_key = RelayKey(dir / "field"), intake_key = RelayKey(dir / "intake");
  const std::string field_url = LoopbackUrl(field_port), intake_url = LoopbackUrl(intake_port);

  // Secretariat: a campaign whose deadline was yesterday, so the late submission is warned.
  const std::int64_t day = 86400;
  auto yesterday = [&] {
    const std::time_t t = std::time(nullptr) - day;
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
    return std::string(buf);
  }();
  const fs::path call = dir / "call.stc";
  auto created = Ok(secretariat, {"campaign", "create", "--title", "Walk call", "--deadline", yesterday, "--relay",
                                  field_url + "#" + field_key, "--out", call.string()});
  const std::string campaign = FirstLine(created.out);
  REQUIRE(campaign.size() == 64);
  RelayProcess intake(dir / "intake", intake_port, {"--campaign", call.string()});
  RelayProcess field(dir / "field", field_port,
                     {"--campaign", call.string(), "--upstream", intake_url, "--forward-every", "1"});

  // Participant: the template, answers under headings out of order with one question left out.
  Ok(participant, {"campaign", "import", call.string()});
  CHECK(Has(Ok(participant, {"campaign", "list"}).out, "closed on " + yesterday));
  const fs::path templ = dir / "template.md";
  Ok(participant, {"draft", "template", "--campaign", campaign, "--out", templ.string()});
  for (const char* id : {"problem-statement", "challenges", "norms-and-gaps", "operational-practices"})
    CHECK_MESSAGE(Has(ReadFileText(templ), std::string("(") + id + "):"), "the template names question " << id);
  const fs::path answers = dir / "answers.md";
  WriteFile(answers, "---\nconsent: anonymous\ncountry: Sudan\n---\n# norms-and-gaps\nNorms are not applied.\n"
                     "# problem-statement\nThe statement misses power cuts.\n# challenges\nFuel for generators.\n");
  auto drafted = Ok(participant, {"draft", "new", "--campaign", campaign, "--answers", answers.string(), "--remove-source"});
  const std::string draft = FirstLine(drafted.out);
  CHECK(Has(drafted.err, "question 4 (operational-practices) has no answer"));
  CHECK(Has(drafted.err, "closed on " + yesterday));
  CHECK_FALSE(fs::exists(answers));  // overwritten and removed
  // Export, edit, read back: the round trip keeps the answers at their questions.
  const fs::path exported = dir / "exported.md";
  Ok(participant, {"draft", "export", draft, "--out", exported.string()});
  std::string text = ReadFileText(exported);
  REQUIRE(Has(text, "Fuel for generators."));
  text.replace(text.find("Fuel for generators."), 20, "Fuel for generators, and batteries.");
  WriteFile(exported, text);
  Ok(participant, {"draft", "edit", draft, "--answers", exported.string(), "--remove-source"});
  const std::string shown = Ok(participant, {"draft", "show", draft}).out;
  CHECK(Has(shown, "Fuel for generators, and batteries."));
  CHECK(Has(shown, "The statement misses power cuts."));
  // Submit after the deadline: warned, sealed all the same.
  auto submitted = Ok(participant, {"submit", draft});
  CHECK(Has(submitted.err, "closed on " + yesterday));
  CHECK(Has(Ok(participant, {"outbox"}).out, "sealed"));
  Ok(participant, {"usb", "export", stick.string(), "--label", "walk stick"});
  CHECK(Has(Ok(participant, {"outbox"}).out, "on a stick walk stick"));

  // Organiser: takes the stick, sees what it carries for others, passes it to the field relay.
  auto imported = Ok(organiser, {"usb", "import", stick.string()});
  CHECK(Has(imported.out, "bundles: 1 new"));
  const std::string carried = Ok(organiser, {"carry"}).out;
  CHECK(Has(carried, "1 bundles held"));
  CHECK(Has(carried, "not yet in the received-log"));
  auto sent = Ok(organiser, {"sync"});
  CHECK(Has(sent.out, "sent 1 bundles"));
  CHECK(Has(sent.out, "1 receipts verified"));

  // Secretariat: pulls from its intake relay, which no campaign lists, by URL#KEY, once the
  // field relay has forwarded the bundle there.
  std::string collected;
  REQUIRE_MESSAGE(Eventually([&] {
                    collected = Ok(secretariat, {"collect", "--relay", intake_url + "#" + intake_key}).out;
                    return Has(collected, "opened 1 bundles");
                  }, 30s),
                  "the bundle never reached the intake relay: " << collected);
  CHECK(Has(collected, "published 1 received-logs to relays"));
  CHECK(Has(Ok(secretariat, {"receipts"}).out, "1 entries"));

  // A campaign update: the deadline moves to next year. It goes to kits by relay (collect puts
  // it on the intake relay, the field relay takes it as it forwards, the participant's sync
  // fetches it) and by stick (the organiser's).
  const fs::path call2 = dir / "call-2.stc";
  auto updated = Ok(secretariat, {"campaign", "update", campaign, "--deadline", "2099-12-31", "--out", call2.string()});
  CHECK(Has(updated.out, "sequence 2"));
  CHECK(Has(Ok(secretariat, {"collect", "--relay", intake_url + "#" + intake_key}).out, "campaign files on relays: 1"));
  std::string synced;
  REQUIRE_MESSAGE(Eventually([&] {
                    synced += Ok(participant, {"sync"}).out;
                    return Has(Ok(participant, {"campaign", "list"}).out, "2099-12-31") &&
                           Has(Ok(participant, {"outbox"}).out, "received");
                  }, 30s),
                  "the update or the received-log did not come back by relay: " << synced);
  CHECK(Has(synced, "campaign updates: 1 taken from relays"));
  CHECK(Has(synced, "1 of your bundles received"));
  // One line per submission, and it says received.
  const std::string outbox = Ok(participant, {"outbox"}).out;
  CHECK(std::count(outbox.begin(), outbox.end(), '\n') == 1);
  CHECK(Has(outbox, "received"));
  CHECK(Has(Ok(participant, {"draft", "list"}).out, "received"));
  Ok(secretariat, {"usb", "export", back_stick.string()});
  auto by_stick = Ok(organiser, {"usb", "import", back_stick.string()});
  CHECK(Has(by_stick.out, "campaigns: 0 new, 1 updated"));
  CHECK(Has(Ok(organiser, {"campaign", "list"}).out, "2099-12-31"));
  // The received-log on the stick drops what the organiser carried.
  CHECK(Has(Ok(organiser, {"carry"}).out, "carries no bundles for others"));

  // Secretariat: backup, the laptop lost, a restore on a new home, the same publication.
  const std::string before = Compiled(secretariat, campaign, dir / "before.html");
  CHECK(Has(before, "Fuel for generators, and batteries."));
  const fs::path backup = dir / "keys" / "secretariat.stkb";
  fs::create_directories(backup.parent_path());
  Ok(secretariat, {"key", "backup", "--out", backup.string()});
  const fs::path restored = dir / "new-laptop";
  auto restore = RunProcess({CliPath(), "--home", restored.string(), "key", "restore", backup.string(), "--kdf-profile",
                             "test-only-insecure", "--weak-passphrase"},
                            {{"STACCS_PASSPHRASE", "test passphrase"}, {"STACCS_RECOVERY_CODE", secretariat_code}});
  REQUIRE_MESSAGE(restore.exit_code == 0, restore.err);
  CHECK(Compiled(restored, campaign, dir / "after.html") == before);
}
