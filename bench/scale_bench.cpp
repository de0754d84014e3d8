// A campaign at forum size (issue 15): real kits holding N = 10^3, 10^4 and 10^5 bundles,
// received-log entries, drafts and practices; every operation a user runs at that size
// (export, import, collect from a stick and from a relay, compile in each format, sync, lists,
// search) timed with its peak RSS, the growth exponent fitted between sizes, and a verdict
// against the targets. Each operation runs in its own process (the real staccs-cli, or this
// program re-executed for a core flow on its own), started through a small runner so that
// its peak RSS (wait4) is its own. Relays are real staccs-relay processes on loopback.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "bench_support.h"
#include "scale_bench.h"
#include "staccs/crypto/random.h"

namespace staccs::scale {

using staccs::bench::Die;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kHelp = R"(usage: scale_bench [--sizes 1000,10000,100000] [--ops GROUP,...] [--cache DIR]

Builds real campaigns at each size N and measures, each in its own process, with its wall
time and peak RSS, the growth exponent between sizes and a verdict against issue 15's
targets (nothing worse than n log n; peak RSS within 2x from the smallest to the largest N
for collect, compile, import and export; practice search <= 50 ms at 10^5 practices).

  --sizes N,...   sizes to build and measure (default 1000,10000)
  --ops G,...     groups to run (default all), in this order:
                    setup      only build the kits (nothing measured)
                    stick      usb export, usb import, collect --from (a folder as the stick)
                    compile    compile html, md, csv, json (needs stick, run before or cached)
                    upload     an organiser's sync of N bundles to a fresh staccs-relay
                    relay      collect --relay, sync with 1 new bundle, collect 1 new,
                               sync after the log grew by 1, idle sync (needs upload)
                    apply-log  applying a received-log of N entries (and the code before
                               issue 15 up to 10^4)
                    lists      draft list, outbox
                    search     practice search (staccs-cli), the desktop client's index
  --cache DIR     build each N's kits once in DIR/N and reuse them in later runs (setup at
                  10^5 takes several minutes); without it a temporary folder is used and
                  removed. A cached N is rebuilt only if DIR/N/ready is missing.
  --list-rows     print the names of every row a full run reports, and exit
)";

const std::vector<std::string> kGroups = {"stick", "compile", "upload", "relay", "apply-log", "lists", "search"};

// The rows a full run prints, in order; the smoke test checks each one is there.
const char* const kRows[] = {"export: usb export",
                             "import: usb import (secretariat)",
                             "collect from a stick",
                             "compile html",
                             "compile md",
                             "compile csv",
                             "compile json",
                             "sync, N bundles to send (organiser)",
                             "collect from a relay (pull, open, publish the log)",
                             "sync, 1 new bundle (log of N held)",
                             "collect from a relay, 1 new bundle",
                             "sync, log grew by 1 (?after=N)",
                             "idle sync (nothing to send)",
                             "apply-log (participant, N/10 own)",
                             "apply-log (organiser, drops 0.9 N)",
                             "draft list (N/10 drafts)",
                             "outbox (N/10 submissions)",
                             "practice search (staccs-cli, N practices)",
                             "practice index build (desktop client)",
                             "practice search, built index (desktop client)"};

std::string SelfPath() { return fs::read_symlink("/proc/self/exe").string(); }

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// --measure OUT PROG ARGS...: the runner. Forks, the child writes its stdout to OUT and its
// stderr to OUT.err and execs PROG; prints "seconds peak_kib exit_status".
int MeasureMain(int argc, char** argv) {
  const std::string out = argv[0];
  const auto start = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (!std::freopen(out.c_str(), "w", stdout) || !std::freopen((out + ".err").c_str(), "w", stderr)) _exit(126);
    execv(argv[1], argv + 1);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (argc < 2 || wait4(pid, &status, 0, &usage) != pid) return 1;
  std::printf("%.6f %ld %d\n", std::chrono::duration<double>(Clock::now() - start).count(), usage.ru_maxrss,
              WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0;
}

// The n log n bound of a time exponent between n1 and n2, with room for a shared machine's noise.
double NLogNBound(double n1, double n2) { return 1.0 + std::log(std::log(n2) / std::log(n1)) / std::log(n2 / n1); }

bool RssTarget(const std::string& row) {
  for (const char* p : {"export", "import", "collect", "compile"})
    if (row.rfind(p, 0) == 0) return true;
  return false;
}

// "query p50/max ms: A B" -> B
double QueryMax(const std::string& out) {
  const auto at = out.find(": ");
  if (at == std::string::npos) return -1;
  double p50 = 0, max = -1;
  if (std::sscanf(out.c_str() + at + 2, "%lf %lf", &p50, &max) != 2) return -1;
  return max;
}

}  // namespace

bool Wants(const std::vector<std::string>& groups, const std::string& group) {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

void CopyTree(const fs::path& from, const fs::path& to) {
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

Measure RunMeasured(const std::vector<std::string>& argv, const fs::path& out_file) {
  std::string command = "exec " + Quote(SelfPath()) + " --measure " + Quote(out_file.string());
  for (const auto& a : argv) command += " " + Quote(a);
  setenv("STACCS_PASSPHRASE", kPassphrase, 1);
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) Die("cannot start " + command);
  Measure m;
  int status = -1;
  const int got = std::fscanf(p, "%lf %ld %d", &m.seconds, &m.rss_kib, &status);
  pclose(p);
  auto read = [](const fs::path& f) {
    std::string s;
    if (FILE* in = std::fopen(f.c_str(), "r")) {
      char buf[4096];
      for (std::size_t k; (k = std::fread(buf, 1, sizeof buf, in)) > 0;) s.append(buf, k);
      std::fclose(in);
    }
    return s;
  };
  m.out = read(out_file);
  if (got != 3 || status != 0) {
    std::string what;
    for (const auto& a : argv) what += a + " ";
    Die(what + "failed (exit " + std::to_string(status) + "): " + read(out_file.string() + ".err"));
  }
  m.ran = true;
  return m;
}

Measure RunCli(const fs::path& home, const std::vector<std::string>& args, const fs::path& out_file) {
  std::vector<std::string> argv = {STACCS_CLI_PATH, "--home", home.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunMeasured(argv, out_file);
}

Measure RunSelf(const std::string& op, const fs::path& home, const fs::path& out_file) {
  return RunMeasured({SelfPath(), "--run", op, home.string()}, out_file);
}

}  // namespace staccs::scale

using namespace staccs::scale;

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--measure") == 0) return MeasureMain(argc - 2, argv + 2);
  if (argc == 4 && std::strcmp(argv[1], "--run") == 0) return RunLogOp(argv[2], argv[3]);
  std::vector<std::size_t> sizes = {1000, 10000};
  std::vector<std::string> groups = kGroups;
  fs::path cache;
  auto split = [](const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t pos = 0; pos <= text.size();) {
      auto comma = text.find(',', pos);
      if (comma == std::string::npos) comma = text.size();
      if (comma > pos) out.push_back(text.substr(pos, comma - pos));
      pos = comma + 1;
    }
    return out;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--list-rows") {
      for (const char* r : kRows) std::printf("%s\n", r);
      return 0;
    } else if (a == "--sizes" && i + 1 < argc) {
      sizes.clear();
      for (const auto& s : split(argv[++i])) {
        std::size_t v = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || end != s.data() + s.size() || v < 10) Die("--sizes takes numbers >= 10, like 1000,10000");
        sizes.push_back(v);
      }
    } else if (a == "--ops" && i + 1 < argc) {
      groups = split(argv[++i]);
      for (const auto& g : groups)
        if (g != "setup" && !Wants(kGroups, g)) Die("unknown group '" + g + "' (see --help)");
    } else if (a == "--cache" && i + 1 < argc) {
      cache = argv[++i];
    } else {
      std::fputs(kHelp, stderr);
      return 1;
    }
  }
  const fs::path root =
      cache.empty() ? fs::temp_directory_path() / ("staccs-scale-" + staccs::crypto::RandomId().substr(0, 8)) : cache;
  fs::create_directories(root);

  std::vector<std::string> order;
  std::map<std::string, std::map<std::size_t, Measure>> results;
  Report report = [&](const std::string& row, std::size_t n, const Measure& m) {
    if (!results.count(row)) order.push_back(row);
    results[row][n] = m;
    std::printf("  %-52s %9.3f s %8.1f MiB  %s\n", row.c_str(), m.seconds, static_cast<double>(m.rss_kib) / 1024,
                m.out.substr(0, m.out.find('\n')).c_str());
    std::fflush(stdout);
  };
  for (std::size_t n : sizes) {
    const fs::path dir = root / std::to_string(n);
    auto t = Clock::now();
    if (!fs::exists(dir / "ready")) {
      fs::remove_all(dir);
      fs::create_directories(dir);
      SetupLogWorld(dir / "log", n);
      SetupCampaignWorld(dir / "campaign", n);
      std::FILE* f = std::fopen((dir / "ready").c_str(), "w");
      if (f) std::fclose(f);
    }
    std::printf("N = %zu: kits ready in %.1f s (campaign: %zu bundles; participant: %zu drafts, %zu practices, a log of %zu)\n",
                n, std::chrono::duration<double>(Clock::now() - t).count(), n, std::max<std::size_t>(n / 10, 1), n, n);
    std::fflush(stdout);
    RunCampaignRows(dir / "campaign", n, groups, report);
    RunLogRows(dir / "log", n, groups, report);
  }

  // The table: per row, time and RSS at each N, exponents between consecutive sizes, verdict.
  std::printf("\n| operation |");
  for (std::size_t n : sizes) std::printf(" N=%zu s | MiB |", n);
  std::printf(" time exponents | RSS ratio | verdict |\n|---|");
  for (std::size_t k = 0; k < sizes.size(); ++k) std::printf("---|---|");
  std::printf("---|---|---|\n");
  bool all_ok = true;
  for (const auto& row : order) {
    const auto& by_n = results[row];
    std::printf("| %s |", row.c_str());
    for (std::size_t n : sizes) {
      auto it = by_n.find(n);
      if (it == by_n.end()) std::printf(" — | — |");
      else std::printf(" %.3f | %.1f |", it->second.seconds, static_cast<double>(it->second.rss_kib) / 1024);
    }
    std::string exps, verdict;
    bool ok = true;
    const Measure* first = nullptr;
    const Measure* last = nullptr;
    std::size_t first_n = 0, last_n = 0, prev_n = 0;
    const Measure* prev = nullptr;
    for (std::size_t n : sizes) {
      auto it = by_n.find(n);
      if (it == by_n.end()) continue;
      if (!first) first = &it->second, first_n = n;
      if (prev && prev->seconds > 0 && n > prev_n) {
        const double b = std::log(it->second.seconds / prev->seconds) / std::log(static_cast<double>(n) / static_cast<double>(prev_n));
        char buf[32];
        std::snprintf(buf, sizeof buf, "%s%.2f", exps.empty() ? "" : ", ", b);
        exps += buf;
        // Worse than n log n (with 0.1 of room for a shared machine) fails; the first step
        // of a sub-second operation is mostly process start and unlock, so it is only shown.
        if (b > NLogNBound(static_cast<double>(prev_n), static_cast<double>(n)) + 0.1 && it->second.seconds > 0.5) ok = false;
      }
      prev = &it->second, prev_n = n, last = &it->second, last_n = n;
    }
    const double rss_ratio = first && last ? static_cast<double>(last->rss_kib) / static_cast<double>(first->rss_kib) : 0;
    if (RssTarget(row) && first_n != last_n && rss_ratio > 2.0) ok = false;
    if (row.find("built index") != std::string::npos && last && last_n >= 100000 && QueryMax(last->out) > 50) ok = false;
    if (row.find("staccs-cli, N practices") != std::string::npos && last && last_n >= 100000 && last->seconds > 0.05)
      verdict = " (target 50 ms is the built index's)";
    // The code before issue 15 is the baseline, expected to miss: not counted in the verdict.
    const bool baseline = row.find("before issue 15") != std::string::npos;
    if (!baseline) all_ok = all_ok && ok;
    std::printf(" %s | %.2f | %s%s |\n", exps.empty() ? "—" : exps.c_str(), rss_ratio,
                baseline ? "baseline" : (ok ? "ok" : "MISSES"), verdict.c_str());
  }
  std::printf("\nverdict: %s\n", all_ok ? "every row within its target" : "some rows miss their target");
  if (cache.empty()) fs::remove_all(root);
  return 0;
}
