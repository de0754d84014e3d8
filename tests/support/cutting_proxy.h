// A TCP proxy on loopback that cuts every connection after a number of bytes (both directions
// counted), and counts every byte it forwards: a link that drops every few kilobytes.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace staccs::test {

class CuttingProxy {
 public:
  CuttingProxy(int target_port, std::uint64_t cut_after_bytes);
  ~CuttingProxy();
  int port() const { return port_; }
  std::uint64_t bytes_forwarded() const { return bytes_.load(); }
  int connections() const { return connections_.load(); }

 private:
  void AcceptLoop();
  void Pipe(int client);
  int listen_fd_ = -1;
  int port_ = 0;
  int target_port_;
  std::uint64_t cut_after_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<int> connections_{0};
  std::thread acceptor_;
  std::vector<std::thread> pipes_;
};

}  // namespace staccs::test
