// The POSIX half of test_support.h: running our programs as child processes and loopback
// ports. The portable half (folders, files, waiting) is test_files.cpp.
#include "test_support.h"

#include "loopback.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>
#include <stdexcept>

namespace staccs::test {

pid_t StartProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env, int in,
                   int out, int err) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork");
  if (pid == 0) {
    int i = 0;
    for (int fd : {in, out, err}) {
      if (fd >= 0) ::dup2(fd, i);
      ++i;
    }
    // Nothing else of the test's leaks into the child: a pipe's write end held open there
    // would keep its reader from ever seeing the end.
    ::close_range(3, ~0U, 0);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    ::execvp(args[0], args.data());  // a bare name (nginx, node) is looked up on PATH
    ::_exit(127);
  }
  return pid;
}

ProcessResult RunProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                         const std::string& stdin_text, std::optional<std::chrono::milliseconds> limit) {
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0 || ::pipe(in_pipe) != 0) throw std::runtime_error("pipe");
  const pid_t pid = StartProcess(argv, env, in_pipe[0], out_pipe[1], err_pipe[1]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::close(in_pipe[0]);
  if (!stdin_text.empty()) (void)!::write(in_pipe[1], stdin_text.data(), stdin_text.size());
  ::close(in_pipe[1]);
  ProcessResult r;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[4096];
  const auto deadline = std::chrono::steady_clock::now() + limit.value_or(std::chrono::milliseconds(0));
  while (open_fds > 0) {
    int wait_ms = -1;
    if (limit && !r.timed_out) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        ::kill(pid, SIGKILL);
        r.timed_out = true;
      } else {
        wait_ms = static_cast<int>(left.count()) + 1;
      }
    }
    if (::poll(fds, 2, wait_ms) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

KilledProcess RunAndKill(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                         std::chrono::microseconds delay) {
  int out_pipe[2];
  if (::pipe(out_pipe) != 0) throw std::runtime_error("pipe");
  const pid_t pid = StartProcess(argv, env, -1, out_pipe[1], -1);
  ::close(out_pipe[1]);
  std::this_thread::sleep_for(delay);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  KilledProcess k;
  k.finished = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(out_pipe[0], buf, sizeof buf)) > 0) k.out.append(buf, static_cast<std::size_t>(n));
  ::close(out_pipe[0]);
  return k;
}

std::string CliPath() { return STACCS_CLI_PATH; }

ProcessResult RunCli(const fs::path& home, const std::vector<std::string>& args, const std::string& passphrase) {
  std::vector<std::string> argv = {CliPath(), "--home", home.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, {{"STACCS_PASSPHRASE", passphrase}});
}

}  // namespace staccs::test

namespace staccs::test {

std::string LoopbackUrl(int port) { return "http://127.0.0.1:" + std::to_string(port); }

int FreePort() {
  int port = 0;
  ::close(ListenOnLoopback(port));
  return port;
}

}  // namespace staccs::test
