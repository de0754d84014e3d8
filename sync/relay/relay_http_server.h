// The relay's HTTP face (cpp-httplib): thin handlers that parse, call RelayService and map its
// answer to a status code. Limits are set through cpp-httplib's API (its compile-time macros do
// nothing in Debian's compiled library), and requests it cannot bound are refused before any
// body is read: a Content-Length over the limit (413), any Content-Encoding (415), chunked
// uploads (411). One log line per request, without the client's address unless asked.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "staccs/sync/relay_service.h"

namespace staccs::sync {

struct RelayHttpOptions {
  bool log_client_addresses = false;
  std::function<void(const std::string&)> log;  // one line per request; default: stderr
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace staccs::sync
