// A crash of staccs-cli must not put decrypted answers or keys on disk: with `ulimit -c
// unlimited` (what a helpful relative may have set) it still writes no core file.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "test_support.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT

namespace {

// Starts `command` under `sh -c 'cd DIR && ulimit -c unlimited && exec …'`, waits until it
// has opened `fifo` for reading (so it is past its start-up), crashes it with SIGSEGV and
// returns its wait status.
int CrashWhileReadingFifo(const fs::path& dir, const fs::path& fifo, const std::string& command,
                          std::string* limits = nullptr) {
  const pid_t pid = test::StartProcess(
      {"/bin/sh", "-c", "cd '" + dir.string() + "' && ulimit -c unlimited && exec " + command});
  int writer = -1;
  for (int i = 0; i < 2000 && writer < 0; ++i) {
    writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);  // ENXIO until a reader opened it
    if (writer < 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (limits) *limits = test::ReadFileText("/proc/" + std::to_string(pid) + "/limits");
  ::kill(pid, SIGSEGV);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (writer >= 0) ::close(writer);
  return status;
}

bool HasCoreFile(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind("core", 0) == 0) return true;
  return false;
}

}  // namespace

TEST_CASE("a crashed staccs-cli writes no core file even under ulimit -c unlimited") {
  test::TempDir dir;
  const fs::path fifo = dir / "passphrase";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);

  // Control: a program that does not harden itself, crashed the same way, does dump core
  // here; otherwise this machine cannot show the difference and the test says so.
  const fs::path control_dir = dir / "control";
  fs::create_directories(control_dir);
  const int control = CrashWhileReadingFifo(control_dir, fifo, "cat '" + fifo.string() + "'");
  REQUIRE(WIFSIGNALED(control));
  const bool machine_dumps = WCOREDUMP(control) || HasCoreFile(control_dir);
  if (!machine_dumps) MESSAGE("this machine writes no core files (core_pattern); only the limit is checked");

  const fs::path cli_dir = dir / "cli";
  fs::create_directories(cli_dir);
  std::string limits;
  const int crashed = CrashWhileReadingFifo(
      cli_dir, fifo, "'" + test::CliPath() + "' --home '" + (dir / "home").string() + "' --passphrase-file '" +
                         fifo.string() + "' init --kdf-profile test-only-insecure",
      &limits);
  REQUIRE(WIFSIGNALED(crashed));
  // SIGSEGV, or SIGABRT where AddressSanitizer catches the SIGSEGV and aborts.
  CHECK((WTERMSIG(crashed) == SIGSEGV || WTERMSIG(crashed) == SIGABRT));
  CHECK_FALSE(WCOREDUMP(crashed));
  CHECK_FALSE(HasCoreFile(cli_dir));
  // The running process itself refused dumps: "Max core file size  0  0  bytes".
  const auto line = limits.find("Max core file size");
  REQUIRE(line != std::string::npos);
  const std::string row = limits.substr(line, limits.find('\n', line) - line);
  CHECK_MESSAGE(row.find("unlimited") == std::string::npos, row);
  if (machine_dumps) CHECK(WCOREDUMP(control));
}
