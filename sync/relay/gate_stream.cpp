#include "gate_stream.h"

#include <algorithm>
#include <cstring>

#include "socket_ops.h"

namespace staccs::sync {

using Clock = std::chrono::steady_clock;

GateStream::GateStream(GateConnection& connection, ConnectionGate& gate)
    : c_(connection),
      gate_(gate),
      start_(Clock::now()),
      head_(CanonicalHead(connection.head)),
      body_length_(connection.head.body_length) {
  // The client's own head is done with: cpp-httplib reads the canonical one.
  c_.pending.erase(0, c_.header_end);
  c_.header_end = 0;
}

GateStream::~GateStream() {
  if (from_socket_ > 0) gate_.CountRead(from_socket_);
}

Clock::time_point GateStream::Deadline() const {
  const auto& l = gate_.limits();
  // The longer a request has delivered at the minimum rate, the longer it may run.
  const auto earned = std::chrono::milliseconds(l.min_bytes_per_second == 0 ? l.max_request_time.count()
                                                : static_cast<std::int64_t>(consumed_ * 1000 / l.min_bytes_per_second));
  return start_ + std::min<std::chrono::milliseconds>(l.grace + earned, l.max_request_time);
}

bool GateStream::WaitFor(bool write) const {
  const auto now = Clock::now();
  const auto until = std::min(Deadline(), now + gate_.limits().io_timeout);
  if (now >= until) return false;
  std::vector<SocketWait> wait{SocketWait{c_.fd, write}};
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    if (left <= 0) return false;
    if (!WaitSockets(wait, static_cast<int>(left))) return false;
    if (wait[0].ready) return true;  // ready, or failed: the next call says which
  }
}

bool GateStream::is_readable() const { return head_served_ < head_.size() || !c_.pending.empty() || WaitFor(false); }

bool GateStream::is_writable() const { return WaitFor(true); }

ssize_t GateStream::read(char* ptr, std::size_t size) {
  if (head_served_ < head_.size()) {
    // cpp-httplib reads the head a byte at a time: from memory, not the socket.
    const std::size_t n = std::min(size, head_.size() - head_served_);
    std::memcpy(ptr, head_.data() + head_served_, n);
    head_served_ += n;
    return static_cast<ssize_t>(n);
  }
  if (!c_.pending.empty()) {
    // Body bytes (or a pipelined request) the gate already read.
    const std::size_t n = std::min(size, c_.pending.size());
    std::memcpy(ptr, c_.pending.data(), n);
    c_.pending.erase(0, n);
    consumed_ += n;
    return static_cast<ssize_t>(n);
  }
  // Most reads find bytes waiting: try first, and wait only when there are none.
  std::int64_t n;
  while ((n = ReceiveNow(c_.fd, ptr, size)) == kIoWouldBlock)
    if (Clock::now() >= Deadline() || !WaitFor(false)) return -1;
  if (n < 0) return -1;
  consumed_ += static_cast<std::uint64_t>(n);
  from_socket_ += static_cast<std::uint64_t>(n);
  return static_cast<ssize_t>(n);
}

ssize_t GateStream::write(const char* ptr, std::size_t size) {
  // All or nothing, as a blocking send: cpp-httplib writes header lines with one call each
  // and does not resend a short write. The socket itself does not block, so a peer that
  // stops reading gets io_timeout to make room each time, not a worker for ever.
  std::size_t sent = 0;
  while (sent < size) {
    const std::int64_t n = SendNow(c_.fd, ptr + sent, size - sent);
    if (n == kIoWouldBlock) {
      if (!WaitFor(true)) return -1;
      continue;
    }
    if (n < 0) return -1;
    sent += static_cast<std::size_t>(n);
  }
  return static_cast<ssize_t>(size);
}

void GateStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = c_.peer_address;
  port = c_.peer_port;
}

void GateStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = c_.local_address;
  port = c_.local_port;
}

socket_t GateStream::socket() const {
  // cpp-httplib (built without poll support) uses this only to refuse descriptors that
  // select() cannot watch (on POSIX; on Windows it does not look). This stream waits with
  // poll() or WSAPoll(), so any descriptor is fine: report one select() could take.
#ifdef _WIN32
  return static_cast<socket_t>(c_.fd);
#else
  return c_.fd < FD_SETSIZE ? c_.fd : 0;
#endif
}

bool GateStream::BodyFullyRead() const { return head_served_ == head_.size() && consumed_ >= body_length_; }

}  // namespace staccs::sync
