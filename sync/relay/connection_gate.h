// Who gets a worker thread, and for how long (SPEC §3.8). Debian's cpp-httplib gives each
// accepted socket a worker from a small pool and keeps it there with per-read timeouts only, so
// a few hundred clients trickling headers, idling on keep-alive or saying nothing would hold
// every worker. The gate keeps those connections off the workers: one poller thread holds
// every connection that is waiting for a request, reads its head under a size cap and a total
// deadline, frames it (request_framing.h: the one parser of where a request ends), and only a
// connection whose head is complete and sound goes to a worker.
// After the answer the connection comes back to the poller to wait for the next request.
//
// Admission caps connections in total and per address; a per-address token bucket limits the
// request rate. Refusals are answered with a short status line and the connection is closed,
// so a flood costs the relay a few syscalls and no thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "request_framing.h"
#include "socket_ops.h"

namespace staccs::sync {

struct GateLimits {
  std::size_t workers = 32;                        // threads that run requests (most wait on a flush)
  std::size_t max_connections = 4000;              // held at once, waiting or served
  std::size_t max_connections_per_address = 64;
  double requests_per_second_per_address = 0;     // 0: no rate limit; bursts of twice the rate
  std::size_t max_header_bytes = 16 * 1024;        // request line and headers together
  std::chrono::milliseconds header_deadline{10'000};  // from the first byte to the blank line
  std::chrono::milliseconds keep_alive_idle{15'000};  // between requests on one connection
  std::size_t max_requests_per_connection = 1000;
  std::size_t max_waiting_requests = 1024;         // ready for a worker; more are shed with 503
  // Bodies and answers: each read or write must progress within io_timeout, and a request
  // must keep up at least min_bytes_per_second on average after a grace period, so a body
  // trickled a byte at a time loses its worker; a large upload on a slow link keeps it.
  std::chrono::milliseconds io_timeout{10'000};
  std::chrono::milliseconds grace{30'000};
  std::uint64_t min_bytes_per_second = 256;
  std::chrono::milliseconds max_request_time{std::chrono::hours(2)};
};

// One client connection, owned by the poller while it waits and by one worker while served.
struct GateConnection {
  SocketFd fd = kNoSocket;
  std::string peer_address, local_address;
  int peer_port = 0, local_port = 0;
  std::string pending;               // bytes read from the socket but not yet consumed
  std::size_t header_end = 0;        // set when `pending` holds a complete head: its length
  RequestHead head;                  // that head, framed (request_framing.h)
  std::size_t requests = 0;          // served so far
  std::chrono::steady_clock::time_point deadline;
  bool waiting_for_first_byte = true;
};

struct GateCounters {
  std::uint64_t open = 0, accepted = 0, refused_full = 0, refused_per_address = 0, rate_limited = 0,
                header_timeouts = 0, header_too_large = 0, malformed = 0, shed = 0, bytes_read = 0;
};

class ConnectionGate {
 public:
  // Serves one request on a connection whose header block is in `pending`; true keeps it open.
  using ServeOne = std::function<bool(GateConnection&)>;

  ConnectionGate(GateLimits limits, ServeOne serve);
  ~ConnectionGate();
  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // Takes ownership of an accepted socket; never blocks (the accept loop calls it).
  void Admit(SocketFd fd);
  // Closes every connection and joins the threads. Requests being served are cut.
  void Stop();
  // Bytes a worker read straight from a socket (the poller counts its own).
  void CountRead(std::uint64_t n);
  GateCounters Counters() const;
  const GateLimits& limits() const { return limits_; }

 private:
  void PollLoop();
  void WorkLoop();
  void Wake();
  // Reads what a waiting connection has; false when it is finished with (closed or refused).
  bool ReadWaiting(GateConnection& c);
  // Frames what `c.pending` holds: sets header_end and head once a head is complete; false
  // (after answering) when the request is refused.
  bool Frame(GateConnection& c);
  void Dispatch(std::unique_ptr<GateConnection> c);
  bool TakeToken(const std::string& address);
  void Close(std::unique_ptr<GateConnection> c);
  void Refuse(SocketFd fd, const char* status_line);

  GateLimits limits_;
  ServeOne serve_;
  SocketWaker waker_;
  bool stopping_ = false;

  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::vector<std::unique_ptr<GateConnection>> incoming_;  // admitted or returned, for the poller
  std::deque<std::unique_ptr<GateConnection>> ready_;      // complete header blocks, for workers
  std::set<SocketFd> serving_;                                  // fds held by workers, cut on Stop
  std::map<std::string, std::size_t> per_address_;
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point refilled;
  };
  std::map<std::string, Bucket> buckets_;
  GateCounters counters_;

  std::thread poller_;
  std::vector<std::thread> workers_;
};


}  // namespace staccs::sync
