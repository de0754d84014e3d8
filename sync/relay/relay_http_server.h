// The relay's HTTP face (cpp-httplib): thin handlers that parse, call RelayService and map its
// answer to a status code. Connections are held by a ConnectionGate (connection_gate.h), so
// slow, idle and silent clients cost no worker; requests that cannot be bounded are refused
// before any body is read: a Content-Length over the limit (413), any Content-Encoding (415),
// chunked uploads (411), and their connection is closed. One log line per request, without
// the client's address unless asked.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "connection_gate.h"
#include "staccs/sync/relay_service.h"

namespace staccs::sync {

struct RelayHttpOptions {
  bool log_client_addresses = false;
  std::function<void(const std::string&)> log;  // one line per request; default: stderr
  GateLimits gate;
  int listen_backlog = 1024;
};

class RelayHttpServer {
 public:
  RelayHttpServer(RelayService& service, RelayHttpOptions options = {});
  ~RelayHttpServer();

  // Binds; port 0 picks a free one. Returns the port, or an error.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop() (blocking).
  bool Serve();
  void Stop();
  // One request from memory through the same handlers (the fuzz harness); the answer in `out`.
  bool ServeBytes(const std::string& request, std::string& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace staccs::sync
