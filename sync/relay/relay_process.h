// What staccs-relay needs from its process beyond sockets, one file per platform
// (relay_process_posix.cpp, relay_process_windows.cpp): the operator's stop request and the
// number of connections it may hold.
#pragma once

namespace staccs::sync {

// Call first, before any thread starts: from then on a stop request (SIGINT or SIGTERM on
// POSIX; Ctrl-C, Ctrl-Break, closing the console or shutting down on Windows) does not kill
// the process but ends WaitForStopRequest, so the relay stops cleanly instead of mid-commit.
void CatchStopRequests();
// Blocks until a stop request arrives or EndStopWait is called. One thread calls it.
void WaitForStopRequest();
// Called once the server has stopped, whatever stopped it: ends WaitForStopRequest if it
// still waits (the server stopped on its own).
void EndStopWait();

// Every held connection is a descriptor: lift the soft limit to the hard one (POSIX; Windows
// sets none that matters here).
void RaiseOpenFileLimit();

}  // namespace staccs::sync
