// relay_process.h on POSIX: the stop signals are blocked in every thread and taken by sigwait.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>

#include "relay_process.h"

namespace staccs::sync {

namespace {

std::atomic<bool> g_stop_taken{false};

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void CatchStopRequests() {
  // Each thread inherits the mask of the one that starts it: blocked here, before any thread,
  // the signals reach only the thread in sigwait.
  const sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void WaitForStopRequest() {
  const sigset_t set = StopSignals();
  int sig = 0;
  sigwait(&set, &sig);
  g_stop_taken = true;
}

void EndStopWait() {
  // Sent to the process, it is blocked everywhere but taken by the thread in sigwait.
  if (!g_stop_taken) ::kill(::getpid(), SIGTERM);
}

void RaiseOpenFileLimit() {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &r);
  }
}

}  // namespace staccs::sync
