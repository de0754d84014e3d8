#include "connection_gate.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace staccs::sync {

namespace {

using Clock = std::chrono::steady_clock;

void Address(const sockaddr_storage& ss, std::string& address, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(ss);
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
    port = ntohs(in.sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(ss);
    inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
    port = ntohs(in6.sin6_port);
  }
  address = text;
}

}  // namespace

ConnectionGate::ConnectionGate(GateLimits limits, ServeOne serve) : limits_(limits), serve_(std::move(serve)) {
  if (::pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
  poller_ = std::thread([this] { PollLoop(); });
  for (std::size_t i = 0; i < std::max<std::size_t>(1, limits_.workers); ++i)
    workers_.emplace_back([this] { WorkLoop(); });
}

ConnectionGate::~ConnectionGate() {
  Stop();
  if (wake_[0] >= 0) ::close(wake_[0]);
  if (wake_[1] >= 0) ::close(wake_[1]);
}

void ConnectionGate::Wake() {
  const char byte = 1;
  (void)!::write(wake_[1], &byte, 1);  // a full pipe already means "wake up"
}

void ConnectionGate::Refuse(int fd, const char* status_line) {
  std::string answer = std::string("HTTP/1.1 ") + status_line +
                       "\r\nRetry-After: 30\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  (void)::send(fd, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

void ConnectionGate::Admit(int fd) {
  auto c = std::make_unique<GateConnection>();
  c->fd = fd;
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) Address(ss, c->peer_address, c->peer_port);
  len = sizeof ss;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) Address(ss, c->local_address, c->local_port);
  // Answers go out as a header write and a body write; without NODELAY the second waits for
  // the client's delayed ACK (40 ms on Linux) on every keep-alive request.
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  std::unique_lock lock(mutex_);
  const char* refusal = nullptr;
  if (stopping_) {
    refusal = "503 Service Unavailable";
  } else if (counters_.open >= limits_.max_connections) {
    ++counters_.refused_full;
    refusal = "503 Service Unavailable";
  } else if (per_address_[c->peer_address] >= limits_.max_connections_per_address) {
    ++counters_.refused_per_address;
    refusal = "429 Too Many Requests";
  }
  if (refusal != nullptr) {
    if (per_address_[c->peer_address] == 0) per_address_.erase(c->peer_address);
    lock.unlock();
    Refuse(fd, refusal);
    ::close(fd);
    return;
  }
  ++per_address_[c->peer_address];
  ++counters_.open;
  ++counters_.accepted;
  // A new connection gets the header deadline to start and finish its first request: a
  // silent one is as costly as a slow one.
  c->deadline = Clock::now() + limits_.header_deadline;
  incoming_.push_back(std::move(c));
  lock.unlock();
  Wake();
}

void ConnectionGate::Close(std::unique_ptr<GateConnection> c) {
  ::close(c->fd);
  std::lock_guard lock(mutex_);
  auto it = per_address_.find(c->peer_address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
  --counters_.open;
}

void ConnectionGate::CountRead(std::uint64_t n) {
  std::lock_guard lock(mutex_);
  counters_.bytes_read += n;
}

GateCounters ConnectionGate::Counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

bool ConnectionGate::TakeToken(const std::string& address) {
  if (limits_.requests_per_second_per_address <= 0) return true;
  const double rate = limits_.requests_per_second_per_address, burst = 2 * rate;
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  if (buckets_.size() > 100'000) {
    // Forget addresses that have been quiet long enough to have a full bucket again.
    for (auto it = buckets_.begin(); it != buckets_.end();)
      it = now - it->second.refilled > std::chrono::duration<double>(burst / rate) ? buckets_.erase(it) : std::next(it);
  }
  auto [it, fresh] = buckets_.try_emplace(address, Bucket{burst, now});
  Bucket& b = it->second;
  b.tokens = std::min(burst, b.tokens + rate * std::chrono::duration<double>(now - b.refilled).count());
  b.refilled = now;
  if (b.tokens < 1) {
    ++counters_.rate_limited;
    return false;
  }
  b.tokens -= 1;
  return true;
}

bool ConnectionGate::ReadWaiting(GateConnection& c) {
  char buf[4096];
  const std::size_t room = limits_.max_header_bytes + 1 - std::min(c.pending.size(), limits_.max_header_bytes);
  const ssize_t n = ::recv(c.fd, buf, std::min(sizeof buf, room), MSG_DONTWAIT);
  if (n == 0) return false;  // the client closed
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  {
    std::lock_guard lock(mutex_);
    counters_.bytes_read += static_cast<std::uint64_t>(n);
  }
  if (c.waiting_for_first_byte) {
    // An idle keep-alive connection starts its next request: the header deadline runs from
    // here. A new connection's deadline has run since it was accepted.
    c.waiting_for_first_byte = false;
    if (c.requests > 0) c.deadline = Clock::now() + limits_.header_deadline;
  }
  c.pending.append(buf, static_cast<std::size_t>(n));
  return Frame(c);
}

bool ConnectionGate::Frame(GateConnection& c) {
  FramingLimits framing;
  framing.max_head_bytes = limits_.max_header_bytes;
  framing.max_line_bytes = std::min(framing.max_line_bytes, limits_.max_header_bytes);
  Framing f = FrameRequest(c.pending, framing);
  if (f.state == Framing::State::kIncomplete) {
    c.header_end = 0;
    return true;
  }
  if (f.state == Framing::State::kRefused) {
    {
      std::lock_guard lock(mutex_);
      ++(f.status == 431 ? counters_.header_too_large : counters_.malformed);
    }
    const std::string answer = RefusalAnswer(f.status, f.reason);
    (void)::send(c.fd, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    return false;
  }
  c.header_end = f.head.head_bytes;
  c.head = std::move(f.head);
  return true;
}

void ConnectionGate::Dispatch(std::unique_ptr<GateConnection> c) {
  if (!TakeToken(c->peer_address)) {
    Refuse(c->fd, "429 Too Many Requests");
    return Close(std::move(c));
  }
  std::unique_lock lock(mutex_);
  if (ready_.size() >= limits_.max_waiting_requests) {
    ++counters_.shed;
    lock.unlock();
    Refuse(c->fd, "503 Service Unavailable");
    return Close(std::move(c));
  }
  ready_.push_back(std::move(c));
  lock.unlock();
  ready_cv_.notify_one();
}

void ConnectionGate::PollLoop() {
  std::vector<std::unique_ptr<GateConnection>> waiting;
  std::vector<pollfd> fds;
  for (;;) {
    std::vector<std::unique_ptr<GateConnection>> arrived;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
      arrived.swap(incoming_);
    }
    for (auto& c : arrived) {
      // A connection back from a worker may already hold its next request (pipelining).
      if (!c->pending.empty() && c->header_end == 0 && !Frame(*c)) {
        Close(std::move(c));
        continue;
      }
      if (c->header_end != 0) Dispatch(std::move(c));
      else waiting.push_back(std::move(c));
    }

    auto now = Clock::now();
    auto next = now + std::chrono::seconds(60);
    fds.assign(1, pollfd{wake_[0], POLLIN, 0});
    for (const auto& c : waiting) {
      fds.push_back(pollfd{c->fd, POLLIN, 0});
      next = std::min(next, c->deadline);
    }
    const auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1;
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::max<std::int64_t>(0, wait_ms)));
    if (ready < 0 && errno != EINTR) break;
    if (fds[0].revents != 0) {
      char drain[256];
      while (::read(wake_[0], drain, sizeof drain) > 0) {
      }
    }

    now = Clock::now();
    std::vector<std::unique_ptr<GateConnection>> still;
    still.reserve(waiting.size());
    for (std::size_t i = 0; i < waiting.size(); ++i) {
      auto& c = waiting[i];
      if (fds[i + 1].revents != 0) {
        if (!ReadWaiting(*c)) {
          Close(std::move(c));
          continue;
        }
        if (c->header_end != 0) {
          Dispatch(std::move(c));
          continue;
        }
      }
      if (now >= c->deadline) {
        if (!c->waiting_for_first_byte || c->requests == 0) {
          std::lock_guard lock(mutex_);
          ++counters_.header_timeouts;
        }
        Close(std::move(c));
        continue;
      }
      still.push_back(std::move(c));
    }
    waiting.swap(still);
  }
  for (auto& c : waiting) Close(std::move(c));
}

void ConnectionGate::WorkLoop() {
  for (;;) {
    std::unique_ptr<GateConnection> c;
    {
      std::unique_lock lock(mutex_);
      ready_cv_.wait(lock, [&] { return stopping_ || !ready_.empty(); });
      if (stopping_) return;
      c = std::move(ready_.front());
      ready_.pop_front();
      serving_.insert(c->fd);
    }
    const bool keep = serve_(*c);
    std::unique_lock lock(mutex_);
    serving_.erase(c->fd);
    if (!keep || stopping_ || c->requests >= limits_.max_requests_per_connection) {
      lock.unlock();
      Close(std::move(c));
      continue;
    }
    c->header_end = 0;
    c->waiting_for_first_byte = c->pending.empty();
    c->deadline = Clock::now() + (c->pending.empty() ? limits_.keep_alive_idle : limits_.header_deadline);
    incoming_.push_back(std::move(c));
    lock.unlock();
    Wake();
  }
}

void ConnectionGate::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !poller_.joinable()) return;
    stopping_ = true;
    // Requests being served are cut: their reads and writes fail at once.
    for (int fd : serving_) ::shutdown(fd, SHUT_RDWR);
  }
  ready_cv_.notify_all();
  Wake();
  if (poller_.joinable()) poller_.join();
  for (auto& w : workers_)
    if (w.joinable()) w.join();
  workers_.clear();
  std::vector<std::unique_ptr<GateConnection>> left;
  {
    std::lock_guard lock(mutex_);
    for (auto& c : incoming_) left.push_back(std::move(c));
    for (auto& c : ready_) left.push_back(std::move(c));
    incoming_.clear();
    ready_.clear();
  }
  for (auto& c : left) Close(std::move(c));
}

}  // namespace staccs::sync
