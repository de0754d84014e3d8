// A crash of staccs-relay must not put its receipt-signing key or its clients' addresses on
// disk: under `ulimit -c unlimited` the running relay has turned core dumps off itself.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "test_support.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT

namespace {

// The "Max core file size" row of /proc/PID/limits ("" if the process is gone).
std::string CoreLimitRow(pid_t pid) {
  std::error_code ec;
  const fs::path limits = "/proc/" + std::to_string(pid) + "/limits";
  if (!fs::exists(limits, ec)) return {};
  const std::string text = test::ReadFileText(limits);
  const auto at = text.find("Max core file size");
  return at == std::string::npos ? std::string() : text.substr(at, text.find('\n', at) - at);
}

bool HasCoreFile(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().rfind("core", 0) == 0) return true;
  return false;
}

}  // namespace

TEST_CASE("a crashed staccs-relay writes no core file even under ulimit -c unlimited") {
  test::TempDir dir;
  const std::string command = "cd '" + dir.path().string() + "' && ulimit -c unlimited && exec '" STACCS_RELAY_PATH
                              "' --data '" + (dir / "data").string() + "' --listen 127.0.0.1:" +
                              std::to_string(test::FreePort());
  const pid_t pid = test::StartProcess({"/bin/sh", "-c", command});
  // Until the shell has exec'd the relay and the relay has hardened itself the limit reads
  // "unlimited"; a relay that never hardens keeps it so and fails below.
  std::string row;
  for (int i = 0; i < 400; ++i) {
    row = CoreLimitRow(pid);
    if (row.find("unlimited") == std::string::npos && !row.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGSEGV);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK_MESSAGE(row.find("unlimited") == std::string::npos, row);
  CHECK_FALSE(row.empty());
  REQUIRE(WIFSIGNALED(status));
  CHECK_FALSE(WCOREDUMP(status));
  CHECK_FALSE(HasCoreFile(dir.path()));
}
