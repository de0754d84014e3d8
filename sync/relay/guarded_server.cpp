#include "guarded_server.h"

#include <algorithm>

#include "gate_stream.h"
#include "request_framing.h"
#include "socket_ops.h"

namespace staccs::sync {

namespace {

// Runs queued work at once, on the accept loop: the only work cpp-httplib queues is
// process_and_close_socket, which here just hands the socket to the gate.
class InlineQueue final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

}  // namespace

GuardedServer::GuardedServer(GateLimits limits)
    : gate_(std::make_unique<ConnectionGate>(limits, [this](GateConnection& c) { return ServeOne(c); })) {
  new_task_queue = [] { return new InlineQueue(); };
  // Instead of cpp-httplib's default SO_REUSEPORT, which would let another process bind the
  // same port and take its connections (socket_ops.h).
  set_socket_options([](socket_t sock) { PrepareListening(sock); });
}

GuardedServer::~GuardedServer() { StopGate(); }

void GuardedServer::RaiseBacklog(int backlog) {
  if (svr_sock_ != INVALID_SOCKET) sync::RaiseBacklog(svr_sock_, backlog);
}

void GuardedServer::StopGate() { gate_->Stop(); }

bool GuardedServer::process_and_close_socket(socket_t sock) {
  gate_->Admit(sock);
  return true;
}

bool GuardedServer::ServeOne(GateConnection& c) {
  GateStream stream(c, *gate_);
  const bool last = c.requests + 1 >= gate_->limits().max_requests_per_connection;
  bool closed = false;
  const bool ok = process_request(stream, last, closed, nullptr);
  ++c.requests;
  // A body left unread (a refusal before it, a cut upload) would be taken for the next
  // request: such a connection is closed, which also stops a client that keeps sending.
  return ok && !closed && !last && stream.BodyFullyRead();
}

bool GuardedServer::ServeBytes(const std::string& request, std::string& out) {
  // Framed as the gate frames a connection's bytes; cpp-httplib reads the canonical head.
  FramingLimits limits;
  limits.max_head_bytes = gate_->limits().max_header_bytes;
  limits.max_line_bytes = std::min(limits.max_line_bytes, limits.max_head_bytes);
  const Framing framing = FrameRequest(request, limits);
  if (framing.state != Framing::State::kComplete) {
    out = framing.state == Framing::State::kRefused ? RefusalAnswer(framing.status, framing.reason) : std::string();
    return false;
  }
  // A stream over memory: cpp-httplib's BufferStream reads the request and collects the answer.
  const std::string input = CanonicalHead(framing.head) + request.substr(framing.head.head_bytes);
  httplib::detail::BufferStream stream;
  stream.write(input.data(), input.size());
  bool closed = false;
  const bool ok = process_request(stream, true, closed, nullptr);
  out = stream.get_buffer().substr(input.size());
  return ok;
}

}  // namespace staccs::sync
