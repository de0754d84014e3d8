#include "connection_gate.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace staccs::sync {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

ConnectionGate::ConnectionGate(GateLimits limits, ServeOne serve) : limits_(limits), serve_(std::move(serve)) {
  poller_ = std::thread([this] { PollLoop(); });
  for (std::size_t i = 0; i < std::max<std::size_t>(1, limits_.workers); ++i)
    workers_.emplace_back([this] { WorkLoop(); });
}

ConnectionGate::~ConnectionGate() { Stop(); }

void ConnectionGate::Wake() { waker_.Wake(); }

void ConnectionGate::Refuse(SocketFd fd, const char* status_line) {
  std::string answer = std::string("HTTP/1.1 ") + status_line +
                       "\r\nRetry-After: 30\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  (void)SendNow(fd, answer.data(), answer.size());  // best effort: the connection is closed next
}

void ConnectionGate::Admit(SocketFd fd) {
  auto c = std::make_unique<GateConnection>();
  c->fd = fd;
  SocketAddresses(fd, c->peer_address, c->peer_port, c->local_address, c->local_port);
  PrepareAccepted(fd);

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
    CloseSocket(fd);
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
  CloseSocket(c->fd);
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
  const std::int64_t n = ReceiveNow(c.fd, buf, std::min(sizeof buf, room));
  if (n == 0) return false;  // the client closed
  if (n == kIoWouldBlock) return true;
  if (n < 0) return false;
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
    (void)SendNow(c.fd, answer.data(), answer.size());
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
  std::vector<SocketWait> fds;
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
    fds.assign(1, SocketWait{waker_.watch()});
    for (const auto& c : waiting) {
      fds.push_back(SocketWait{c->fd});
      next = std::min(next, c->deadline);
    }
    const auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1;
    if (!WaitSockets(fds, static_cast<int>(std::max<std::int64_t>(0, wait_ms)))) break;
    if (fds[0].ready) waker_.Drain();

    now = Clock::now();
    std::vector<std::unique_ptr<GateConnection>> still;
    still.reserve(waiting.size());
    for (std::size_t i = 0; i < waiting.size(); ++i) {
      auto& c = waiting[i];
      if (fds[i + 1].ready) {
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
    for (SocketFd fd : serving_) ShutdownBoth(fd);
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
