// Loopback TCP for tests and benchmarks: a listener on a free port, a connection to a port
// (optionally from another 127.0.0.x source address, to look like another client), and a
// proxy base that sits between a client and a server to model a link.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace staccs::test {

// A listening socket on 127.0.0.1 and a port the system picked; sets `port`. -1 on failure.
int ListenOnLoopback(int& port);
// A connection to 127.0.0.1:port from 127.0.0.`source_host`; -1 if refused.
int ConnectToLoopback(int port, std::uint8_t source_host = 1);

// A TCP proxy on a free loopback port in front of `target_port`. For each client it connects
// to the target and hands both sockets to Carry, on a thread of their own, then closes them.
// Subclasses model the link (CuttingProxy, ShapingProxy); they call Start() once constructed
// and Stop() first thing in their destructor, so no thread runs into a half-destroyed object.
class LoopbackProxy {
 public:
  virtual ~LoopbackProxy();
  LoopbackProxy(const LoopbackProxy&) = delete;
  LoopbackProxy& operator=(const LoopbackProxy&) = delete;

  int port() const { return port_; }
  std::uint64_t bytes_forwarded() const { return bytes_.load(); }
  int connections() const { return connections_.load(); }

 protected:
  explicit LoopbackProxy(int target_port);
  void Start();
  void Stop();
  // Moves bytes between the two sockets until the link ends; adds what it forwarded to bytes_.
  virtual void Carry(int client, int server) = 0;

  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> bytes_{0};

 private:
  void AcceptLoop();

  int listen_fd_ = -1;
  int port_ = 0;
  int target_port_;
  std::atomic<int> connections_{0};
  std::thread acceptor_;
  std::mutex threads_mutex_;
  std::vector<std::thread> threads_;
};

}  // namespace staccs::test
