// The few socket calls the relay's connection handling makes itself (cpp-httplib makes the
// rest), behind one interface with a file per platform: socket_ops_posix.cpp (BSD sockets)
// and socket_ops_windows.cpp (Winsock). The gate and its streams use only these, so the same
// admission, deadlines and framing serve a relay on Linux and on Windows.
//
// Sockets the gate holds are used without blocking: every receive and send returns at once,
// and a caller that must wait does so in WaitSockets with a deadline of its own. A peer that
// stops reading therefore holds a worker no longer than the gate's io_timeout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace staccs::sync {

#ifdef _WIN32
using SocketFd = std::uintptr_t;  // Winsock's SOCKET
#else
using SocketFd = int;
#endif
inline constexpr SocketFd kNoSocket = static_cast<SocketFd>(-1);

// What ReceiveNow and SendNow return besides a byte count (0 from ReceiveNow: the peer closed).
inline constexpr std::int64_t kIoWouldBlock = -2;  // nothing to read, or no room to write, yet
inline constexpr std::int64_t kIoFailed = -1;      // the connection is broken or was shut down

// An accepted connection, made ready for the gate: no blocking calls, no Nagle delay (an
// answer goes out as a header write and a body write; with Nagle the second waits for the
// client's delayed ACK, 40 ms on Linux, on every keep-alive request).
void PrepareAccepted(SocketFd fd);
// A listening socket before it is bound: a restarted relay may bind while old connections
// linger, but no other process may bind the same port and take its connections.
void PrepareListening(SocketFd fd);
// Raises the listen backlog of a bound, listening socket where the platform allows it
// (POSIX takes a second listen(); Winsock keeps the first backlog).
void RaiseBacklog(SocketFd fd, int backlog);

std::int64_t ReceiveNow(SocketFd fd, char* buffer, std::size_t size);
std::int64_t SendNow(SocketFd fd, const char* data, std::size_t size);  // never raises SIGPIPE
void ShutdownBoth(SocketFd fd);  // the peer and any thread using fd see the connection end
void CloseSocket(SocketFd fd);

// The two ends' addresses, as text ("192.0.2.7", "::1") and port; empty and 0 where unknown.
void SocketAddresses(SocketFd fd, std::string& peer, int& peer_port, std::string& local, int& local_port);

// Waits until a socket is ready or timeout_ms passes (negative: no limit). Each entry's
// `ready` is set when its socket can be read (want_write false) or written, or has failed or
// closed, so the caller's next call returns at once. False only if the wait itself failed.
struct SocketWait {
  SocketFd fd = kNoSocket;
  bool want_write = false;
  bool ready = false;
};
bool WaitSockets(std::vector<SocketWait>& sockets, int timeout_ms);

// Why listening on host:port fails, by trying it once (cpp-httplib says only that it failed).
std::string WhyCannotListen(const std::string& host, int port);

// A socket that WaitSockets can watch and another thread can make readable: how the accept
// loop and the workers wake the poller. Not copyable.
class SocketWaker {
 public:
  SocketWaker();
  ~SocketWaker();
  SocketWaker(const SocketWaker&) = delete;
  SocketWaker& operator=(const SocketWaker&) = delete;

  SocketFd watch() const { return read_end_; }
  void Wake();   // any thread; several wakes before a Drain are one
  void Drain();  // the watching thread, after its wait returned

 private:
  SocketFd read_end_ = kNoSocket, write_end_ = kNoSocket;
};

}  // namespace staccs::sync
