// cpp-httplib's Server with the connection handling the relay needs (SPEC §3.8): accepted
// sockets go to a ConnectionGate instead of a worker, a worker runs exactly one request on a
// GateStream, the listen backlog is raised from cpp-httplib's 5, and SO_REUSEPORT is not set
// (so a second relay cannot silently share, and steal from, this one's port).
#pragma once

#include <httplib.h>

#include <memory>

#include "connection_gate.h"

namespace staccs::sync {

class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(GateLimits limits);
  ~GuardedServer() override;

  // Call after binding: re-listens with a backlog that holds a burst of connections.
  void RaiseBacklog(int backlog);
  // Closes the gate's connections and joins its threads (after the accept loop has ended).
  void StopGate();
  GateCounters Counters() const { return gate_->Counters(); }

  // Runs one request held in memory through the same parsing and handlers as the network
  // path, writing the answer to `out` (for the fuzz harness). False if the request was bad.
  bool ServeBytes(const std::string& request, std::string& out);

 private:
  bool process_and_close_socket(socket_t sock) override;
  bool ServeOne(GateConnection& c);

  std::unique_ptr<ConnectionGate> gate_;
};

}  // namespace staccs::sync
