// The client side of HTTP (libcurl): one reused connection per relay (TLS sessions too), total
// and low-speed deadlines so a dead link is given up on, proxies (HTTP CONNECT and SOCKS5, so
// Tor works; curl also honours the usual *_proxy variables), a size cap on every answer,
// enforced while it is read, and byte counters for the data budget. Not thread-safe: one
// HttpClient per thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/crypto/hash.h"

namespace staccs::sync {

struct HttpOptions {
  std::string proxy;                 // "socks5h://127.0.0.1:9050", "http://proxy:3128"; empty: system/env
  long connect_timeout_seconds = 20;
  long total_timeout_seconds = 300;
  long low_speed_bytes_per_second = 10;  // slower than this …
  long low_speed_seconds = 60;           // … for this long: give up
  // When set and true, a request under way gives up within about a second (a relay that is
  // stopping, a user who pressed Cancel). Not owned; must outlive the client.
  const std::atomic<bool>* cancel = nullptr;
};

// What an answer may hold at most when the caller names no cap: enough for every small
// answer of the relay API, far too little to fill a disk.
inline constexpr std::size_t kDefaultMaxResponseBytes = 1u << 20;
// Header block of one answer, at most.
inline constexpr std::size_t kMaxResponseHeaderBytes = 64 * 1024;

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string Header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // An Unreachable error when the relay could not be reached or the link failed mid-way; a
  // BadInput error with code kTooLarge when the answer's body would pass `max_response_bytes`
  // (or its header block kMaxResponseHeaderBytes): reading stops there.
  Result<HttpResponse> Request(const std::string& method, const std::string& url,
                               const std::vector<std::string>& headers, ByteView body = {},
                               std::size_t max_response_bytes = kDefaultMaxResponseBytes);

  // How https:// requests from here on trust the server. With a pin (SHA-256 of the relay's
  // SubjectPublicKeyInfo, from the campaign file) the server's key must match it and no
  // certificate authority is consulted: field relays often have only a self-signed
  // certificate, and the secretariat's signed campaign file is the better authority. Without
  // one, the system's certificate authorities decide.
  void PinPublicKey(const std::optional<crypto::Hash32>& spki_sha256);

  // Bytes that crossed the link, each way, for the data budget: TCP payload on every
  // connection this client made (TLS records, proxy handshakes and answers cut off by a cap
  // included) where the system tells (Linux), else the HTTP bytes below.
  std::uint64_t bytes_sent() const;
  std::uint64_t bytes_received() const;
  // HTTP bytes only: request and answer heads and bodies as sent and read.
  std::uint64_t http_bytes_sent() const { return http_sent_; }
  std::uint64_t http_bytes_received() const { return http_received_; }

 private:
  struct Sockets;  // per-connection TCP counters (http_client.cpp)
  void* curl_ = nullptr;
  HttpOptions options_;
  std::string pin_;  // "sha256//<base64>" for libcurl, or empty
  std::uint64_t http_sent_ = 0, http_received_ = 0;
  std::unique_ptr<Sockets> sockets_;
};

}  // namespace staccs::sync
