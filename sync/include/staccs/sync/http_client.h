// The client side of HTTP (libcurl): one reused connection per relay (TLS sessions too), total
// and low-speed deadlines so a dead link is given up on, proxies (HTTP CONNECT and SOCKS5, so
// Tor works; curl also honours the usual *_proxy variables), and byte counters for the data
// budget. Not thread-safe: one HttpClient per thread.
#pragma once

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
};

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

  // An Unreachable error when the relay could not be reached or the link failed mid-way.
  Result<HttpResponse> Request(const std::string& method, const std::string& url,
                               const std::vector<std::string>& headers, ByteView body = {});

  // How https:// requests from here on trust the server. With a pin (SHA-256 of the relay's
  // SubjectPublicKeyInfo, from the campaign file) the server's key must match it and no
  // certificate authority is consulted: field relays often have only a self-signed
  // certificate, and the secretariat's signed campaign file is the better authority. Without
  // one, the system's certificate authorities decide.
  void PinPublicKey(const std::optional<crypto::Hash32>& spki_sha256);

  std::uint64_t bytes_sent() const { return sent_; }
  std::uint64_t bytes_received() const { return received_; }

 private:
  void* curl_ = nullptr;
  HttpOptions options_;
  std::string pin_;  // "sha256//<base64>" for libcurl, or empty
  std::uint64_t sent_ = 0, received_ = 0;
};

}  // namespace staccs::sync
