// The README's "Using staccs-cli" and "Running a relay" sections are what people copy: every
// command in them is read from README.md and run here, with its options as written, against
// real staccs-cli kits and a real staccs-relay (issue 11). Only what must differ on this
// machine is replaced: stick paths, ids and relay addresses, the key-derivation profile (the
// fast one, for test time) and the recovery code restore asks for. A command that breaks,
// or a README edit that drops the roles' order, fails this test.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <thread>

#include "staccs/sync/http_client.h"
#include "test_support.h"

using namespace staccs;
using namespace staccs::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;  // NOLINT

namespace {

struct ReadmeCommand {
  std::string role;  // participant, organiser, relay operator, secretariat; relay for "Running a relay"
  std::string text;  // without the comment
  int line = 0;
};

// Indented `staccs-cli`/`staccs-relay` lines of the two sections, with continuations joined and
// comments (two or more spaces, then "# ") cut; the role is the last bold heading above.
std::vector<ReadmeCommand> ReadmeCommands(std::vector<std::string>& roles_in_order) {
  std::ifstream in(fs::path(STACCS_SOURCE_DIR) / "README.md");
  REQUIRE(in);
  std::vector<ReadmeCommand> out;
  std::string section, role, line;
  const std::regex comment(R"(\s{2,}#\s.*$)");
  const std::vector<std::pair<std::string, std::string>> headings = {
      {"**Participant**", "participant"},
      {"**Organiser**", "organiser"},
      {"**Relay operator**", "relay operator"},
      {"**Secretariat**", "secretariat"}};
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.rfind("## ", 0) == 0) {
      section = line;
      role = section == "## Running a relay" ? "relay" : "";
      continue;
    }
    if (section != "## Using staccs-cli" && section != "## Running a relay") continue;
    for (const auto& [mark, name] : headings)
      if (line.rfind(mark, 0) == 0) {
        role = name;
        roles_in_order.push_back(name);
      }
    if (line.rfind("    staccs-cli ", 0) != 0 && line.rfind("    staccs-relay ", 0) != 0) continue;
    ReadmeCommand c{role, line.substr(4), number};
    while (!c.text.empty() && c.text.back() == '\\' && std::getline(in, line)) {
      ++number;
      c.text.pop_back();
      c.text += line.substr(line.find_first_not_of(' '));
    }
    c.text = std::regex_replace(c.text, comment, "");
    while (!c.text.empty() && c.text.back() == ' ') c.text.pop_back();
    out.push_back(c);
  }
  return out;
}

// Shell words: split at spaces, double quotes group.
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false, any = false;
  for (char ch : text) {
    if (ch == '"') {
      quoted = !quoted;
      any = true;
    } else if (ch == ' ' && !quoted) {
      if (any) words.push_back(word);
      word.clear();
      any = false;
    } else {
      word += ch;
      any = true;
    }
  }
  if (any) words.push_back(word);
  return words;
}

bool Healthy(const std::string& url) {
  for (int i = 0; i < 200; ++i) {
    sync::HttpClient http;
    auto res = http.Request("GET", url + "/v1/health", {});
    if (res && res->status == 200) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

int Stop(pid_t pid) {
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

TEST_CASE("readme: every staccs-cli and staccs-relay command in README.md runs, the four roles in order") {
  std::vector<std::string> roles;
  const std::vector<ReadmeCommand> commands = ReadmeCommands(roles);
  CHECK(roles == std::vector<std::string>{"participant", "organiser", "relay operator", "secretariat"});
  REQUIRE(commands.size() > 30);

  TempDir dir;
  const std::string pass = "a long field passphrase for the readme";
  const fs::path work = dir / "work";
  const std::map<std::string, fs::path> homes = {
      {"participant", dir / "participant"}, {"organiser", dir / "organiser"}, {"secretariat", dir / "secretariat"}};
  for (const char* s : {"usb0", "usb1"}) fs::create_directories(dir / s);
  fs::create_directories(work);
  // Replacements, in order: whole words (files named relative to the working folder), then
  // parts of words (paths, addresses, ids), which grow as the ids become known.
  const std::vector<std::string> files = {"call.stc",     "call-2.stc",         "answers.md",       "practice.md",
                                          "forum.stc",    "contributions.html", "contributions.csv"};
  std::vector<std::pair<std::string, std::string>> parts = {
      {"/media/usb0", (dir / "usb0").string()},
      {"/media/usb1", (dir / "usb1").string()},
      {"~/new-laptop", (dir / "new-laptop").string()},
      {"/var/lib/staccs-relay", (dir / "relay").string()}};
  auto substitute = [&](std::string word) {
    if (std::find(files.begin(), files.end(), word) != files.end()) return (work / word).string();
    for (const auto& [from, to] : parts)
      for (auto at = word.find(from); at != std::string::npos; at = word.find(from, at + to.size()))
        word.replace(at, from.size(), to);
    return word;
  };

  std::string secretariat_code;
  for (const char* role : {"organiser", "secretariat"}) {  // the participant's init is in the README
    auto r = RunCli(homes.at(role), {"init", "--kdf-profile", "test-only-insecure"}, pass);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    if (std::string(role) == "secretariat") secretariat_code = r.out.substr(r.out.find("\n    ") + 5, 34);
  }
  std::vector<pid_t> relays;
  struct Reaper {  // relays left running when a check stops the test early
    std::vector<pid_t>& pids;
    ~Reaper() {
      for (const pid_t pid : pids) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
      }
    }
  } reaper{relays};
  std::size_t ran = 0;
  // Runs one README command; returns what it printed. Relays that listen are started and
  // kept (stopped at the end, where they must exit 0).
  auto run = [&](const ReadmeCommand& c) -> ProcessResult {
    INFO("README.md line " << c.line << ": " << c.text);
    std::vector<std::string> words = Words(c.text);
    for (auto& w : words) w = substitute(w);
    ++ran;
    if (words[0] == "staccs-relay") {
      words[0] = STACCS_RELAY_PATH;
      const bool serves = std::find(words.begin(), words.end(), "--print-key") == words.end();
      if (!serves) {
        auto r = RunProcess(words);
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        return r;
      }
      const pid_t pid = StartProcess(words);
      REQUIRE(pid > 0);
      relays.push_back(pid);
      return {};
    }
    words[0] = CliPath();
    std::map<std::string, std::string> env = {{"STACCS_PASSPHRASE", pass}};
    if (std::find(words.begin(), words.end(), "--home") == words.end()) {
      REQUIRE(homes.count(c.role) == 1);
      words.insert(words.begin() + 1, {"--home", homes.at(c.role).string()});
    }
    const bool init = Words(c.text)[1] == "init", restore = c.text.find("key restore") != std::string::npos;
    if (init || restore) words.insert(words.end(), {"--kdf-profile", "test-only-insecure"});
    if (restore) env["STACCS_RECOVERY_CODE"] = secretariat_code;
    auto r = RunProcess(words, env);
    REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
    return r;
  };
  auto find = [&](const std::string& role, const std::string& what) {
    auto it = std::find_if(commands.begin(), commands.end(),
                           [&](const ReadmeCommand& c) { return c.role == role && c.text.find(what) != std::string::npos; });
    REQUIRE_MESSAGE(it != commands.end(), "the README has no " << role << " command with '" << what << "'");
    return it;
  };

  // First what the others need: the relay's key, the campaign that lists the relay, the relay
  // serving it on a free port, and the secretariat's intake relay that no campaign lists.
  const int relay_port = FreePort(), intake_port = FreePort();
  const std::string relay_url = LoopbackUrl(relay_port), intake_url = LoopbackUrl(intake_port);
  const auto print_key = find("relay", "--print-key");
  const std::string relay_key = FirstLine(run(*print_key).out);
  REQUIRE(relay_key.size() == 64);
  const std::string intake_key =
      FirstLine(RunProcess({STACCS_RELAY_PATH, "--print-key", "--data", (dir / "intake").string()}).out);
  parts.insert(parts.begin(), {{"https://relay.example.org#3f2a...", relay_url + "#" + relay_key},
                               {"https://intake.example.org#3f2a...", intake_url + "#" + intake_key},
                               {"0.0.0.0:8477", "127.0.0.1:" + std::to_string(relay_port)}});
  const auto create = find("secretariat", "campaign create");
  const std::string campaign = FirstLine(run(*create).out);
  REQUIRE(campaign.size() == 64);
  parts.push_back({"3f2a91c0", campaign.substr(0, 8)});
  fs::copy_file(work / "call.stc", work / "forum.stc");
  const auto listen = find("relay", "--listen");
  run(*listen);
  REQUIRE_MESSAGE(Healthy(relay_url), "the README's relay did not answer");
  const pid_t intake = StartProcess({STACCS_RELAY_PATH, "--data", (dir / "intake").string(), "--listen",
                                     "127.0.0.1:" + std::to_string(intake_port), "--campaign", (work / "call.stc").string()});
  REQUIRE(intake > 0);
  relays.push_back(intake);
  REQUIRE(Healthy(intake_url));

  // Then the roles in the README's order, each command as written. Between some, the person
  // does what the README says in words: fills in the template, edits the exported draft.
  for (const auto& c : commands) {
    if (&c == &*print_key || &c == &*create || &c == &*listen || c.text.find("--config") != std::string::npos) continue;
    const ProcessResult r = run(c);
    if (c.text.find("draft template") != std::string::npos) {
      std::string text = ReadFileText(work / "answers.md");
      // Under each question's note (a line of its own, after the header).
      for (auto at = text.find("\n<!-- question"); at != std::string::npos; at = text.find("\n<!-- question", at + 1))
        text.insert(text.find("-->", at) + 3, "\nGenerators ran out of fuel on the third day.\n");
      WriteFile(work / "answers.md", text);
    } else if (c.text.find("draft new") != std::string::npos) {
      CHECK_FALSE(fs::exists(work / "answers.md"));  // --remove-source
      parts.push_back({"9c41d2e7", FirstLine(r.out).substr(0, 8)});
    } else if (c.text.find("practice template") != std::string::npos) {
      std::string text = ReadFileText(work / "practice.md");
      text.replace(text.find("title:"), 6, "title: Fuel reserves at exchange points");
      WriteFile(work / "practice.md", text);
    } else if (c.text.find("practice add") != std::string::npos) {
      parts.push_back({"5be07a13", FirstLine(r.out).substr(0, 8)});
    } else if (c.text.find("collect --from") != std::string::npos) {
      CHECK(r.out.find("opened 2 bundles") != std::string::npos);  // the answers and the practice
    } else if (c.text.find("--format html") != std::string::npos) {
      CHECK(ReadFileText(work / "contributions.html").find("Generators ran out of fuel") != std::string::npos);
    }
  }

  // Last, the relay from its configuration file: the packaged one, pointed at this test's
  // folders and port.
  const int conf_port = FreePort();
  std::string conf = ReadFileText(fs::path(STACCS_SOURCE_DIR) / "packaging/relay/staccs-relay.conf");
  auto set = [&](const std::string& key, const std::string& value) {
    const std::regex line("(^|\n)" + key + " = [^\n]*");
    REQUIRE(std::regex_search(conf, line));
    conf = std::regex_replace(conf, line, "$1" + key + " = " + value);
  };
  fs::create_directories(dir / "campaigns");
  fs::copy_file(work / "call.stc", dir / "campaigns" / "call.stc");
  set("data", (dir / "relay-from-conf").string());
  set("listen", "127.0.0.1:" + std::to_string(conf_port));
  set("campaigns", (dir / "campaigns").string());
  WriteFile(dir / "staccs-relay.conf", conf);
  parts.push_back({"/etc/staccs-relay/staccs-relay.conf", (dir / "staccs-relay.conf").string()});
  run(*find("relay", "--config"));
  CHECK(Healthy(LoopbackUrl(conf_port)));

  CHECK(ran == commands.size());
  for (const pid_t pid : relays) CHECK(Stop(pid) == 0);  // SIGTERM: a clean stop, exit 0
  relays.clear();
}
