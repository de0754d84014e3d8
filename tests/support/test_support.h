// Helpers shared by the tests: temporary folders, running our programs as real processes,
// and looking for bytes in files.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"

namespace staccs::test {

namespace fs = std::filesystem;

// A fresh folder under the system temp folder, removed with its contents at scope exit.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

struct ProcessResult {
  int exit_code = -1;  // -1 if killed by a signal
  std::string out;
  std::string err;
  bool timed_out = false;  // killed by RunProcess after its time limit
};

// Starts a program (a bare name is looked up on PATH) with `in`, `out` and `err` as its
// standard input, output and error (-1: the test's own) and returns its pid; the caller waits.
pid_t StartProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
                   int in = -1, int out = -1, int err = -1);

// Runs a program to completion. `env` adds to (or overrides) the test's environment. With a
// `limit`, a program still running after it is SIGKILLed and the result says timed_out: for
// tests where a hang is the fault they look for.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
                         const std::string& stdin_text = "",
                         std::optional<std::chrono::milliseconds> limit = std::nullopt);

// The URL of a server on this loopback port: "http://127.0.0.1:PORT".
std::string LoopbackUrl(int port);

// A free loopback port (bound, read, released): for a campaign that must name its relay's
// address before the relay starts.
int FreePort();

// Runs a program and SIGKILLs it after `delay`, unless it finished first; for crash tests.
// Its standard output is collected after the kill (keep it under the pipe's 64 KiB).
struct KilledProcess {
  std::string out;
  bool finished = false;  // exited with status 0 before the kill
};
KilledProcess RunAndKill(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                         std::chrono::microseconds delay);

// Asks `done` every 100 ms until it holds or `timeout` passes; its last answer. For what
// another process or thread does in its own time (a window appearing, a relay forwarding).
bool Eventually(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(15000));

// Path of the staccs-cli built beside the tests (set by CMake).
std::string CliPath();

// Runs staccs-cli with --home HOME and the passphrase in STACCS_PASSPHRASE.
ProcessResult RunCli(const fs::path& home, const std::vector<std::string>& args,
                     const std::string& passphrase = "test passphrase");

// A Result's error message, or "" if it holds a value: safe inside doctest's *_MESSAGE, which
// evaluates its message even for passing checks when run with -s.
template <class T>
std::string Why(const Result<T>& r) {
  return r.ok() ? std::string() : r.error().message;
}

void WriteFile(const fs::path& path, const std::string& contents);
std::string ReadFileText(const fs::path& path);
bool FileContains(const fs::path& path, ByteView needle);
// Every regular file under `dir` whose bytes contain `needle`.
std::vector<fs::path> FilesContaining(const fs::path& dir, ByteView needle);

}  // namespace staccs::test
