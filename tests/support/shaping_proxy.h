// A TCP proxy on loopback that behaves like a slow, distant link: each direction carries at
// most `bytes_per_second`, and every byte arrives `one_way_delay` after it was sent (half the
// round trip). Counts bytes and connections. For the "bad links" figures (SPEC §6: 240 kbit/s,
// 840 ms round trip).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace staccs::test {

class ShapingProxy {
 public:
  ShapingProxy(int target_port, std::uint64_t bytes_per_second, std::chrono::milliseconds one_way_delay);
  ~ShapingProxy();
  int port() const { return port_; }
  std::uint64_t bytes_forwarded() const { return bytes_.load(); }
  int connections() const { return connections_.load(); }

 private:
  void AcceptLoop();
  void Connection(int client);
  // Carries one direction until either side closes.
  void Direction(int from, int to, std::atomic<bool>& done);

  int listen_fd_ = -1;
  int port_ = 0;
  int target_port_;
  std::uint64_t rate_;
  std::chrono::milliseconds delay_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<int> connections_{0};
  std::thread acceptor_;
  std::mutex threads_mutex_;
  std::vector<std::thread> threads_;
};

}  // namespace staccs::test
