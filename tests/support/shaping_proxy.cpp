#include "shaping_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <string>

namespace staccs::test {

using Clock = std::chrono::steady_clock;

ShapingProxy::ShapingProxy(int target_port, std::uint64_t bytes_per_second, std::chrono::milliseconds one_way_delay)
    : target_port_(target_port), rate_(bytes_per_second), delay_(one_way_delay) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int yes = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::listen(listen_fd_, 64);
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

ShapingProxy::~ShapingProxy() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  acceptor_.join();
  std::lock_guard lock(threads_mutex_);
  for (auto& t : threads_) t.join();
}

void ShapingProxy::AcceptLoop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    int client = ::accept(listen_fd_, nullptr, nullptr);
    if (client < 0) continue;
    ++connections_;
    std::lock_guard lock(threads_mutex_);
    threads_.emplace_back([this, client] { Connection(client); });
  }
}

void ShapingProxy::Connection(int client) {
  int server = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(target_port_));
  if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(client);
    ::close(server);
    return;
  }
  const int one = 1;
  ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::atomic<bool> done{false};
  std::thread up([&] { Direction(client, server, done); });
  Direction(server, client, done);
  up.join();
  ::close(client);
  ::close(server);
}

void ShapingProxy::Direction(int from, int to, std::atomic<bool>& done) {
  // The reader stamps each piece with when it would arrive over the modelled link (after the
  // pieces before it have been serialised at the link's rate, plus the propagation delay);
  // the writer hands it on at that moment. Pieces are packet-sized so the rate is smooth.
  struct Piece {
    Clock::time_point due;
    std::string bytes;  // empty: the sender closed
  };
  std::mutex m;
  std::condition_variable cv;
  std::deque<Piece> queue;
  std::thread writer([&] {
    for (;;) {
      Piece p;
      {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return !queue.empty(); });
        p = std::move(queue.front());
        queue.pop_front();
      }
      std::this_thread::sleep_until(p.due);
      if (p.bytes.empty()) break;
      std::size_t sent = 0;
      while (sent < p.bytes.size()) {
        const ssize_t n = ::send(to, p.bytes.data() + sent, p.bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      bytes_ += sent;
    }
    ::shutdown(to, SHUT_WR);
  });
  Clock::time_point link_free = Clock::now();
  char buf[1400];
  while (!stopping_ && !done) {
    pollfd p{from, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const ssize_t n = ::recv(from, buf, sizeof buf, 0);
    if (n <= 0) break;
    const auto now = Clock::now();
    link_free = std::max(link_free, now) +
                std::chrono::microseconds(static_cast<std::int64_t>(n) * 1'000'000 / static_cast<std::int64_t>(rate_));
    std::lock_guard lock(m);
    queue.push_back({link_free + delay_, std::string(buf, static_cast<std::size_t>(n))});
    cv.notify_one();
  }
  {
    std::lock_guard lock(m);
    queue.push_back({std::max(link_free, Clock::now()) + delay_, std::string()});
    cv.notify_one();
  }
  writer.join();
  done = true;
}

}  // namespace staccs::test
