#include "shaping_proxy.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace staccs::test {

using Clock = std::chrono::steady_clock;

ShapingProxy::ShapingProxy(int target_port, std::uint64_t bytes_per_second, std::chrono::milliseconds one_way_delay)
    : LoopbackProxy(target_port), rate_(bytes_per_second), delay_(one_way_delay) {
  Start();
}

ShapingProxy::~ShapingProxy() { Stop(); }

void ShapingProxy::Carry(int client, int server) {
  std::atomic<bool> done{false};
  std::thread up([&] { Direction(client, server, done); });
  Direction(server, client, done);
  up.join();
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
