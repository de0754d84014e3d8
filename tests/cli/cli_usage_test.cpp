// The first minutes of a newcomer (issue 10): --version, -h/--help, every command's own help,
// options a command does not take, and numbers read strictly, as the real staccs-cli answers
// them.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "staccs/version.h"
#include "test_support.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::test;

namespace {

// Every command the global help lists: the word(s) after the two-space indent, before any
// upper-case argument name.
std::vector<std::vector<std::string>> ListedCommands(const std::string& help) {
  std::vector<std::vector<std::string>> out;
  std::size_t at = help.find("\nCommands:\n");
  REQUIRE(at != std::string::npos);
  std::size_t end = help.find("\nExit codes:", at);
  std::istringstream lines(help.substr(at, end - at));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() < 3 || line[0] != ' ' || line[1] != ' ' || line[2] == ' ') continue;
    std::istringstream words(line);
    std::vector<std::string> name;
    std::string w;
    while (words >> w && w.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ|.[") == std::string::npos) name.push_back(w);
    out.push_back(name);
  }
  return out;
}

}  // namespace

TEST_CASE("cli: --version prints the version from project(VERSION) and exits 0") {
  auto r = RunProcess({CliPath(), "--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == std::string("staccs-cli ") + kVersion + "\n");
  CHECK(std::string(kVersion).find('.') != std::string::npos);
}

TEST_CASE("cli: -h and --help print the global help and exit 0, and no command is a usage error") {
  for (const char* flag : {"-h", "--help"}) {
    auto r = RunProcess({CliPath(), flag});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("usage: staccs-cli [--home DIR]") != std::string::npos);
    CHECK(r.out.find("\nCommands:\n") != std::string::npos);
  }
  auto none = RunProcess({CliPath()});
  CHECK(none.exit_code == 1);
  CHECK(none.err.find("\nCommands:\n") != std::string::npos);
}

TEST_CASE("cli: every command's --help is its own usage, options and example, and exits 0") {
  const std::string global = RunProcess({CliPath(), "--help"}).out;
  const auto commands = ListedCommands(global);
  CHECK(commands.size() >= 40);
  for (const auto& name : commands) {
    std::vector<std::string> argv = {CliPath()};
    argv.insert(argv.end(), name.begin(), name.end());
    argv.push_back("--help");
    std::string joined;
    for (const auto& w : name) joined += (joined.empty() ? "" : " ") + w;
    CAPTURE(joined);
    auto r = RunProcess(argv);
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("usage: staccs-cli " + joined, 0) == 0);
    CHECK(r.out.find("\nOptions:\n") != std::string::npos);
    CHECK(r.out.find("\nExample:\n  staccs-cli ") != std::string::npos);
    CHECK(r.out.find("\nCommands:\n") == std::string::npos);  // not the global help
    // `help COMMAND` says the same.
    std::vector<std::string> help_argv = {CliPath(), "help"};
    help_argv.insert(help_argv.end(), name.begin(), name.end());
    CHECK(RunProcess(help_argv).out == r.out);
  }
  auto draft_new = RunProcess({CliPath(), "draft", "new", "--help"}).out;
  CHECK(draft_new.find("--remove-source") != std::string::npos);
  CHECK(draft_new.find("--answers FILE") != std::string::npos);
  auto practice_add = RunProcess({CliPath(), "practice", "add", "--help"}).out;
  for (const char* word : {"resilience", "good-practice", "literature", "ccTLD registries"})
    CHECK(practice_add.find(word) != std::string::npos);
}

TEST_CASE("cli: an option a command does not take is a usage error naming it") {
  TempDir dir;
  auto r = RunCli(dir / "kit", {"draft", "list", "--phase", "x"});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "staccs-cli: 'draft list' does not take --phase (see staccs-cli draft list --help)\n");
  auto single = RunCli(dir / "kit", {"outbox", "-x"});
  CHECK(single.exit_code == 1);
  CHECK(single.err.find("does not take -x") != std::string::npos);
  auto before = RunProcess({CliPath(), "--frob", "campaign", "list"});
  CHECK(before.exit_code == 1);
  CHECK(before.err.find("--frob") != std::string::npos);
  auto missing_value = RunCli(dir / "kit", {"campaign", "export", "abcd1234", "--out"});
  CHECK(missing_value.exit_code == 1);
  CHECK(missing_value.err.find("--out needs a value") != std::string::npos);
  auto twice = RunCli(dir / "kit", {"campaign", "export", "abcd1234", "--out", "a", "--out", "b"});
  CHECK(twice.exit_code == 1);
  CHECK(twice.err.find("--out is given twice") != std::string::npos);
  auto stray = RunCli(dir / "kit", {"draft", "list", "extra"});
  CHECK(stray.exit_code == 1);
  CHECK(stray.err.find("does not take 'extra'") != std::string::npos);
  auto group = RunCli(dir / "kit", {"draft"});
  CHECK(group.exit_code == 1);
  CHECK(group.err.find("'draft' needs one of: ") != std::string::npos);
  auto flag_value = RunCli(dir / "kit", {"wipe", "--yes=no"});
  CHECK(flag_value.exit_code == 1);
  CHECK(flag_value.err.find("--yes takes no value") != std::string::npos);
  CHECK(fs::exists(dir / "kit") == false);  // nothing ran
}

TEST_CASE("cli: numbers are read whole and unsigned: junk, signs and overflow are usage errors") {
  TempDir dir;
  REQUIRE(RunCli(dir / "kit", {"init", "--kdf-profile", "test-only-insecure", "--weak-passphrase"}).exit_code == 0);
  for (const char* bad : {"5x", " 5", "+5", "0x10", "", "99999999999999999999999"})
    CHECK_MESSAGE(RunCli(dir / "kit", {"settings", "wipe-after", bad}).exit_code == 1, bad);
  CHECK(RunCli(dir / "kit", {"settings", "sync-budget", "--", "-1"}).exit_code == 1);
  CHECK(RunCli(dir / "kit", {"settings", "sync-budget", "18446744073709551616"}).exit_code == 1);
  CHECK(RunCli(dir / "kit", {"settings", "wipe-after", "5"}).exit_code == 0);
  CHECK(RunCli(dir / "kit", {"settings", "sync-budget", "100000"}).exit_code == 0);
}

TEST_CASE("cli: staccs-relay --version prints the same version") {
  auto r = RunProcess({STACCS_RELAY_PATH, "--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == std::string("staccs-relay ") + kVersion + "\n");
}

TEST_CASE("cli: init refuses a passphrase that is easy to guess unless --weak-passphrase is given") {
  TempDir dir;
  for (const char* weak : {"abc", "password123", "qwertyuiop", "Tr0ub4dor"}) {
    CAPTURE(weak);
    auto r = RunCli(dir / "weak", {"init", "--kdf-profile", "test-only-insecure"}, weak);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("easy to guess") != std::string::npos);
    CHECK(r.err.find("--weak-passphrase") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "weak" / "keys.bin"));
  }
  auto named = RunCli(dir / "named", {"init", "--name", "correcthorsebatterystaple", "--kdf-profile", "test-only-insecure"},
                      "correcthorsebatterystaple");
  CHECK(named.exit_code == 1);  // the kit's own name is the first guess
  auto insisted = RunCli(dir / "insisted", {"init", "--kdf-profile", "test-only-insecure", "--weak-passphrase"}, "abc");
  CHECK(insisted.exit_code == 0);
  CHECK(insisted.err.find("warning: this passphrase is easy to guess") != std::string::npos);
  auto strong = RunCli(dir / "strong", {"init", "--kdf-profile", "test-only-insecure"},
                       "lantern otter quarry velvet ninety");
  REQUIRE_MESSAGE(strong.exit_code == 0, strong.err);
  // The recovery code's message says what it restores, that it is not the passphrase, and to back up.
  CHECK(strong.out.find("key restore") != std::string::npos);
  CHECK(strong.out.find("It does not replace your passphrase") != std::string::npos);
  CHECK(strong.out.find("Make the backup now, and again after each submission:  staccs-cli key backup") !=
        std::string::npos);
  auto change = RunProcess({CliPath(), "--home", (dir / "strong").string(), "passphrase", "change"},
                           {{"STACCS_PASSPHRASE", "lantern otter quarry velvet ninety"}, {"STACCS_NEW_PASSPHRASE", "abc"}});
  CHECK(change.exit_code == 1);
  CHECK(change.err.find("easy to guess") != std::string::npos);
}
