// A secretariat's backup covers what it collected: after a restore on a new machine the same
// publication comes out, byte for byte (issue 11), though every carrier dropped its copies.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "test_support.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::test;

namespace {

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

// The recovery code `init` prints, indented on its own line.
std::string RecoveryCode(const std::string& init_out) {
  const auto at = init_out.find("\n    ");
  REQUIRE(at != std::string::npos);
  return init_out.substr(at + 5, 34);
}

// Every file `compile` wrote (it prints one path a line, then a summary), by name and bytes.
std::map<std::string, std::string> Compiled(const fs::path& home, const std::string& campaign, const std::string& format,
                                            const fs::path& out) {
  fs::create_directories(out.parent_path());
  auto r = RunCli(home, {"compile", "--campaign", campaign, "--format", format, "--out", out.string()});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  std::map<std::string, std::string> files;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (fs::is_regular_file(line)) files[fs::path(line).filename().string()] = ReadFileText(line);
  REQUIRE_FALSE(files.empty());
  return files;
}

// Makes the secretariat's and the participant's kits; returns the secretariat's recovery code.
std::string InitKits(const fs::path& secretariat, const fs::path& participant) {
  std::string code;
  for (const auto& home : {secretariat, participant}) {
    auto r = RunCli(home, {"init", "--kdf-profile", "test-only-insecure", "--weak-passphrase"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    if (home == secretariat) code = RecoveryCode(r.out);
  }
  return code;
}

}  // namespace

TEST_CASE("cli: a secretariat restored from its backup compiles the same publication byte for byte") {
  TempDir dir;
  const fs::path secretariat = dir / "secretariat", participant = dir / "participant", stick = dir / "stick";
  const std::string secretariat_code = InitKits(secretariat, participant);
  const fs::path call = dir / "call.stc";
  auto created = RunCli(secretariat, {"campaign", "create", "--title", "Backup call", "--out", call.string()});
  REQUIRE_MESSAGE(created.exit_code == 0, created.err);
  const std::string campaign = FirstLine(created.out);
  REQUIRE(RunCli(participant, {"campaign", "import", call.string()}).exit_code == 0);

  // Three contributions of each consent, a revision and a practice: what compile turns into
  // counts, rows and text.
  const char* consents[] = {"attributed", "anonymous", "do-not-publish"};
  for (int i = 0; i < 6; ++i) {
    const fs::path answers = dir / ("a" + std::to_string(i) + ".md");
    WriteFile(answers, "---\nname: Person " + std::to_string(i) + "\nconsent: " + consents[i % 3] +
                           "\n---\n# challenges\nAnswer **number** " + std::to_string(i) + " about the cuts\n");
    auto draft = RunCli(participant, {"draft", "new", "--campaign", campaign, "--answers", answers.string()});
    REQUIRE_MESSAGE(draft.exit_code == 0, draft.err);
    REQUIRE(RunCli(participant, {"submit", FirstLine(draft.out)}).exit_code == 0);
  }
  const fs::path practice = dir / "p.md";
  WriteFile(practice, "---\ntitle: Generators at exchange points\nphase: resilience\nkind: good-practice\n"
                      "actors: operators\ncountries: Lebanon\nsources: https://example.org/ixp\n---\nFuel for a week.\n");
  auto p = RunCli(participant, {"practice", "add", "--campaign", campaign, "--file", practice.string()});
  REQUIRE_MESSAGE(p.exit_code == 0, p.err);
  REQUIRE(RunCli(participant, {"submit", FirstLine(p.out)}).exit_code == 0);
  fs::create_directories(stick);
  REQUIRE(RunCli(participant, {"usb", "export", stick.string()}).exit_code == 0);
  auto collect = RunCli(secretariat, {"collect", "--from", stick.string()});
  REQUIRE_MESSAGE(collect.exit_code == 0, collect.err);
  REQUIRE(collect.out.find("opened 7 bundles, rejected 0") != std::string::npos);
  // The participant takes the received-log: the stick's copies are dropped, as a relay's would be.
  REQUIRE(RunCli(participant, {"usb", "import", stick.string()}).exit_code == 0);
  REQUIRE(RunCli(participant, {"usb", "export", stick.string()}).out.find("7 removed as received") != std::string::npos);

  const std::vector<std::string> formats = {"html", "md", "csv", "json"};
  std::map<std::string, std::map<std::string, std::string>> before;
  for (const auto& f : formats) before[f] = Compiled(secretariat, campaign, f, dir / "before" / ("pub." + f));

  const fs::path backup = dir / "keys" / "secretariat.stkb";
  fs::create_directories(backup.parent_path());
  auto backed = RunCli(secretariat, {"key", "backup", "--out", backup.string()});
  REQUIRE_MESSAGE(backed.exit_code == 0, backed.err);
  CHECK(backed.err.find("Collected bundles: 7 written, 0 already there; 1 received-logs") != std::string::npos);
  CHECK(fs::is_directory(backup.string() + ".bundles"));
  // Refreshed after the next collect, it writes only what is new.
  auto again = RunCli(secretariat, {"key", "backup", "--out", backup.string()});
  CHECK(again.err.find("0 written, 7 already there") != std::string::npos);

  // The laptop is lost: a brand-new home, restored from the backup and its folder beside it.
  const fs::path restored = dir / "new-laptop";
  auto restore = RunProcess({CliPath(), "--home", restored.string(), "key", "restore", backup.string(), "--kdf-profile",
                             "test-only-insecure", "--weak-passphrase"},
                            {{"STACCS_PASSPHRASE", "test passphrase"}, {"STACCS_RECOVERY_CODE", secretariat_code}});
  REQUIRE_MESSAGE(restore.exit_code == 0, restore.err);
  CHECK(restore.out.find("Collected bundles: 7 restored, 1 received-logs; opened 7 bundles, set aside 0") !=
        std::string::npos);
  for (const auto& f : formats) {
    const auto after = Compiled(restored, campaign, f, dir / "after" / ("pub." + f));
    CHECK_MESSAGE(after == before[f], "the " << f << " publication differs after the restore");
  }
  // The restored kit continues the received-log rather than starting an older one.
  CHECK(RunCli(restored, {"receipts"}).out.find("sequence 1\t7 entries") != std::string::npos);

  // Without the folder the restore still works, and says what is missing.
  fs::rename(backup.string() + ".bundles", dir / "elsewhere");
  auto bare = RunProcess({CliPath(), "--home", (dir / "bare").string(), "key", "restore", backup.string(),
                          "--kdf-profile", "test-only-insecure", "--weak-passphrase"},
                         {{"STACCS_PASSPHRASE", "test passphrase"}, {"STACCS_RECOVERY_CODE", secretariat_code}});
  REQUIRE_MESSAGE(bare.exit_code == 0, bare.err);
  CHECK(bare.err.find("no collected bundles were found") != std::string::npos);
  // And --bundles names a folder elsewhere (a stick).
  auto elsewhere = RunProcess({CliPath(), "--home", (dir / "third").string(), "key", "restore", backup.string(),
                               "--bundles", (dir / "elsewhere").string(), "--kdf-profile", "test-only-insecure",
                               "--weak-passphrase"},
                              {{"STACCS_PASSPHRASE", "test passphrase"}, {"STACCS_RECOVERY_CODE", secretariat_code}});
  REQUIRE_MESSAGE(elsewhere.exit_code == 0, elsewhere.err);
  CHECK(elsewhere.out.find("7 restored") != std::string::npos);
}

TEST_CASE("cli: a restore takes no altered bundle from the backup folder and says which") {
  TempDir dir;
  const fs::path secretariat = dir / "secretariat", participant = dir / "participant", stick = dir / "stick";
  const std::string code = InitKits(secretariat, participant);
  const fs::path call = dir / "call.stc";
  const std::string campaign =
      FirstLine(RunCli(secretariat, {"campaign", "create", "--title", "T", "--out", call.string()}).out);
  REQUIRE(RunCli(participant, {"campaign", "import", call.string()}).exit_code == 0);
  const fs::path answers = dir / "a.md";
  WriteFile(answers, "# challenges\nan answer\n");
  const std::string draft =
      FirstLine(RunCli(participant, {"draft", "new", "--campaign", campaign, "--answers", answers.string()}).out);
  const std::string bundle = FirstLine(RunCli(participant, {"submit", draft}).out);
  fs::create_directories(stick);
  REQUIRE(RunCli(participant, {"usb", "export", stick.string()}).exit_code == 0);
  REQUIRE(RunCli(secretariat, {"collect", "--from", stick.string()}).exit_code == 0);
  const fs::path backup = dir / "s.stkb";
  REQUIRE(RunCli(secretariat, {"key", "backup", "--out", backup.string()}).exit_code == 0);
  const fs::path file = fs::path(backup.string() + ".bundles") / "b" / bundle.substr(0, 2) / (bundle + ".stb");
  REQUIRE(fs::exists(file));
  std::string bytes = ReadFileText(file);
  bytes[bytes.size() / 2] ^= 1;
  WriteFile(file, bytes);
  auto restore = RunProcess({CliPath(), "--home", (dir / "r").string(), "key", "restore", backup.string(),
                             "--kdf-profile", "test-only-insecure", "--weak-passphrase"},
                            {{"STACCS_PASSPHRASE", "test passphrase"}, {"STACCS_RECOVERY_CODE", code}});
  REQUIRE_MESSAGE(restore.exit_code == 0, restore.err);
  CHECK(restore.out.find("0 restored") != std::string::npos);
  CHECK(restore.err.find("not restored: ") != std::string::npos);
  CHECK(restore.err.find("does not match its name") != std::string::npos);
}
