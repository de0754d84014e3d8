// The desktop client's start-up, idle cost and memory (SPEC §6 "GUI idle CPU" and "GUI start",
// issue 9) against imgui_hello, a bare Dear ImGui + GLFW hello-world built in the same run from
// the same Debian imgui and backends. Both run in turn (A B, B A, ...) on the display of the
// caller (run it under xvfb-run); for each run:
//   - time to first frame: from just before exec to the line the program prints once its first
//     frame is swapped ("first frame"); for staccs also to the first frame that shows a screen
//     ("first screen": the unlock screen of a locked kit, before any key derivation);
//   - idle CPU: utime + stime of the whole process (all threads) from /proc/PID/stat, read
//     before and after a quiet interval with the window open and nothing happening;
//   - memory: VmRSS from /proc/PID/status at the end of that interval (and its anonymous part).
// Medians over the runs, and the ratios taken pair by pair, as the machines are shared.
//
//   xvfb-run -a -s "-screen 0 1280x800x24" build/release/bench/gui_bench [--runs N] [--idle-seconds S]
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "staccs/core/kit.h"
#include "staccs/crypto/secret.h"

using namespace staccs;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using staccs::bench::Die;

namespace {

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// utime + stime of the whole thread group, in seconds (fields 14 and 15 of /proc/PID/stat,
// counted after the parenthesised command name, which may hold spaces).
double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  const auto close = line.rfind(')');
  if (close == std::string::npos) Die("cannot read /proc/" + std::to_string(pid) + "/stat");
  std::istringstream fields(line.substr(close + 2));
  std::string f;
  unsigned long long ticks[2] = {0, 0};
  for (int i = 3; i <= 15 && fields >> f; ++i)
    if (i >= 14 && std::from_chars(f.data(), f.data() + f.size(), ticks[i - 14]).ec != std::errc())
      Die("unexpected /proc/PID/stat field: " + f);
  const unsigned long long utime = ticks[0], stime = ticks[1];
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// A "Name:   N kB" line of /proc/PID/status, in MB.
double StatusMb(pid_t pid, const std::string& name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(name + ":", 0) == 0) return std::strtod(line.c_str() + name.size() + 1, nullptr) / 1024.0;
  return 0;
}

struct Run {
  double first_frame_ms = 0;
  double first_screen_ms = 0;  // staccs only
  double cpu_to_first_s = 0;   // CPU spent by then
  double idle_cpu_percent = -1;
  double rss_mb = 0, anon_mb = 0;
};

// Starts `argv`, waits for the lines it prints when its first frames are swapped, then (if
// idle_seconds > 0) leaves it alone for that long and samples its CPU and memory.
Run Measure(const std::vector<std::string>& argv, bool wants_screen, double idle_seconds) {
  int out[2];
  if (::pipe(out) != 0) Die("pipe");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) Die("fork");
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close_range(3, ~0U, 0);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out[1]);
  Run r;
  std::string seen;
  bool frame = false, screen = !wants_screen;
  while (!frame || !screen) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 60'000) <= 0) Die(argv[0] + ": no first frame within 60 s");
    char buf[256];
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) Die(argv[0] + ": exited before its first frame (is DISPLAY set? run under xvfb-run)");
    seen.append(buf, static_cast<std::size_t>(n));
    const double at = Ms(Clock::now() - start);
    if (!frame && seen.find("first frame\n") != std::string::npos) frame = true, r.first_frame_ms = at;
    if (!screen && seen.find("first screen\n") != std::string::npos) screen = true, r.first_screen_ms = at;
  }
  r.cpu_to_first_s = CpuSeconds(pid);
  if (idle_seconds > 0) {
    // The frames that settle after the first (popups, focus) and the first snapshot's work.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const double before = CpuSeconds(pid);
    std::this_thread::sleep_for(std::chrono::duration<double>(idle_seconds));
    r.idle_cpu_percent = (CpuSeconds(pid) - before) / idle_seconds * 100.0;
    r.rss_mb = StatusMb(pid, "VmRSS");
    r.anon_mb = StatusMb(pid, "RssAnon");
  }
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  ::close(out[0]);
  return r;
}

std::vector<double> Field(const std::vector<Run>& runs, double Run::*f) {
  std::vector<double> v;
  for (const auto& r : runs)
    if (r.*f >= 0) v.push_back(r.*f);
  return v;
}

std::vector<double> Ratios(const std::vector<Run>& a, const std::vector<Run>& b, double Run::*fa, double Run::*fb) {
  std::vector<double> v;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    if (b[i].*fb > 0) v.push_back(a[i].*fa / (b[i].*fb));
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 9, idle_runs = 3;
  double idle_seconds = 10;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
    else if (a == "--idle-runs" && i + 1 < argc) idle_runs = std::max(0, std::atoi(argv[++i]));
    else if (a == "--idle-seconds" && i + 1 < argc) idle_seconds = std::atof(argv[++i]);
    else if (a == "--quick") runs = 3, idle_runs = 1, idle_seconds = 3;
    else Die("usage: gui_bench [--runs N] [--idle-runs N] [--idle-seconds S] [--quick]");
  }
  idle_runs = std::min(idle_runs, runs);
  if (std::getenv("DISPLAY") == nullptr) Die("no DISPLAY: run it under xvfb-run -a -s \"-screen 0 1280x800x24\"");
  const std::string staccs = STACCS_GUI_PATH, bare = STACCS_HELLO_PATH;

  // A locked kit made with the real key derivation, so staccs opens on its unlock screen.
  const fs::path dir = fs::temp_directory_path() / ("gui_bench-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  if (!crypto::Initialize()) Die("libsodium");
  {
    std::string code;
    auto kit = core::Kit::Create(dir / "kit", crypto::Passphrase::Copy(AsBytes(std::string("bench passphrase"))), {}, code);
    if (!kit) Die("kit: " + kit.error().message);
  }
  const std::vector<std::string> client = {staccs, "--home", (dir / "kit").string(), "--lang", "en", "--report-first-frame"};
  const std::vector<std::string> hello = {bare};

  // One warm-up of each (page cache, Mesa's shader cache), then the counted runs in turn.
  Measure(client, true, 0);
  Measure(hello, false, 0);
  std::vector<Run> ours, base;
  for (int i = 0; i < runs; ++i) {
    const double idle = i < idle_runs ? idle_seconds : 0;
    if (i % 2 == 0) {
      base.push_back(Measure(hello, false, idle));
      ours.push_back(Measure(client, true, idle));
    } else {
      ours.push_back(Measure(client, true, idle));
      base.push_back(Measure(hello, false, idle));
    }
    std::fprintf(stderr, "run %d: staccs %.0f ms (screen %.0f ms), hello %.0f ms\n", i + 1, ours.back().first_frame_ms,
                 ours.back().first_screen_ms, base.back().first_frame_ms);
  }
  fs::remove_all(dir);

  const std::vector<Run> ours_idle(ours.begin(), ours.begin() + idle_runs), base_idle(base.begin(), base.begin() + idle_runs);
  const double ff = Median(Field(ours, &Run::first_frame_ms)), fs_ = Median(Field(ours, &Run::first_screen_ms));
  const double bf = Median(Field(base, &Run::first_frame_ms));
  std::printf("gui_bench: %d runs each (medians; ratios pair by pair), idle over %.0f s in %d of them\n\n", runs,
              idle_seconds, idle_runs);
  std::printf("%-44s %12s %12s %10s\n", "what", "staccs", "imgui_hello", "ratio");
  std::printf("%-44s %9.0f ms %9.0f ms %9.2fx\n", "time to first frame swapped", ff, bf,
              Median(Ratios(ours, base, &Run::first_frame_ms, &Run::first_frame_ms)));
  std::printf("%-44s %9.0f ms %9.0f ms %9.2fx   (target <= 2x)\n", "time to first frame with the unlock screen", fs_, bf,
              Median(Ratios(ours, base, &Run::first_screen_ms, &Run::first_frame_ms)));
  std::printf("%-44s %10.2f s %10.2f s %9.2fx\n", "CPU time by then (all threads)", Median(Field(ours, &Run::cpu_to_first_s)),
              Median(Field(base, &Run::cpu_to_first_s)), Median(Ratios(ours, base, &Run::cpu_to_first_s, &Run::cpu_to_first_s)));
  if (idle_runs > 0) {
    const double oi = Median(Field(ours_idle, &Run::idle_cpu_percent)), bi = Median(Field(base_idle, &Run::idle_cpu_percent));
    std::printf("%-44s %10.2f %% %10.2f %%   (target <= 1%% of a core)\n", "idle CPU, window open, nothing happening", oi, bi);
    const double orss = Median(Field(ours_idle, &Run::rss_mb)), brss = Median(Field(base_idle, &Run::rss_mb));
    std::printf("%-44s %9.1f MB %9.1f MB  %+7.1f MB   (target <= +30 MB)\n", "RSS at the unlock screen", orss, brss, orss - brss);
    std::printf("%-44s %9.1f MB %9.1f MB  %+7.1f MB\n", "  of which anonymous", Median(Field(ours_idle, &Run::anon_mb)),
                Median(Field(base_idle, &Run::anon_mb)),
                Median(Field(ours_idle, &Run::anon_mb)) - Median(Field(base_idle, &Run::anon_mb)));
  }
  return 0;
}
