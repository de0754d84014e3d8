// relay_process.h on Windows: a console control handler turns Ctrl-C, Ctrl-Break, closing the
// console and shutting down into a stop request.
#include <windows.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "relay_process.h"

namespace staccs::sync {

namespace {

std::mutex g_mutex;
std::condition_variable g_cv;
bool g_stop_requested = false;
bool g_wait_ended = false;

void RequestStop() {
  {
    std::lock_guard lock(g_mutex);
    g_stop_requested = true;
  }
  g_cv.notify_all();
}

BOOL WINAPI OnConsoleControl(DWORD event) {
  RequestStop();
  if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT) {
    // Windows ends the process as soon as this returns: give the relay the few seconds
    // Windows allows to stop serving and close its store (what was receipted is committed
    // already; this keeps the last uploads' partial state tidy).
    std::unique_lock lock(g_mutex);
    g_cv.wait_for(lock, std::chrono::seconds(4), [] { return g_wait_ended; });
  }
  return TRUE;
}

}  // namespace

void CatchStopRequests() { ::SetConsoleCtrlHandler(OnConsoleControl, TRUE); }

void WaitForStopRequest() {
  std::unique_lock lock(g_mutex);
  g_cv.wait(lock, [] { return g_stop_requested || g_wait_ended; });
}

void EndStopWait() {
  {
    std::lock_guard lock(g_mutex);
    g_wait_ended = true;
  }
  g_cv.notify_all();
}

void RaiseOpenFileLimit() {}

}  // namespace staccs::sync
