#include "staccs/sync/http_client.h"

#include <curl/curl.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "staccs/version.h"

#ifdef __linux__
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace staccs::sync {

namespace {

const std::string kUserAgent = std::string("staccs/") + kVersion;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One request's reading state: the answer so far and its caps.
struct Transfer {
  HttpResponse response;
  std::size_t max_body = 0;
  std::size_t header_bytes = 0;
  bool body_too_large = false, headers_too_large = false;
  std::uint64_t* http_sent = nullptr;
  std::uint64_t* http_received = nullptr;
  const std::atomic<bool>* cancel = nullptr;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t len = size * n;
  if (t->response.body.size() + len > t->max_body) {
    t->body_too_large = true;
    return 0;  // curl stops reading: CURLE_WRITE_ERROR
  }
  t->response.body.append(data, len);
  return len;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t len = size * n;
  t->header_bytes += len;
  if (t->header_bytes > kMaxResponseHeaderBytes) {
    t->headers_too_large = true;
    return 0;
  }
  std::string line(data, len);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    const auto b = value.find_first_not_of(" \t"), e = value.find_last_not_of(" \t\r\n");
    value = b == std::string::npos ? "" : value.substr(b, e - b + 1);
    t->response.headers[name] = value;
  }
  return len;
}

// HTTP bytes as curl sends and reads them (heads and bodies; not TLS or proxy framing).
int OnDebug(CURL*, curl_infotype type, char*, std::size_t size, void* user) {
  auto* t = static_cast<Transfer*>(user);
  if (type == CURLINFO_HEADER_OUT || type == CURLINFO_DATA_OUT) *t->http_sent += size;
  else if (type == CURLINFO_HEADER_IN || type == CURLINFO_DATA_IN) *t->http_received += size;
  return 0;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return t->cancel != nullptr && t->cancel->load() ? 1 : 0;
}

}  // namespace

// What crossed the link on each TCP connection, from the kernel's own counters (payload bytes
// acknowledged by the peer, and received): counted when curl is done with a request and when it
// closes a connection, so reused connections, cut ones and TLS are all counted once.
struct HttpClient::Sockets {
  struct Seen {
    std::uint64_t sent = 0, received = 0;
  };
  std::map<long, Seen> open;
  std::uint64_t sent = 0, received = 0;
  bool measured = false;  // at least one connection reported its counters

  void Account(long fd) {
#ifdef __linux__
    tcp_info info{};
    socklen_t len = sizeof info;
    if (::getsockopt(static_cast<int>(fd), IPPROTO_TCP, TCP_INFO, &info, &len) != 0 ||
        len < offsetof(tcp_info, tcpi_bytes_received) + sizeof info.tcpi_bytes_received)
      return;
    Seen& seen = open[fd];
    measured = true;
    sent += info.tcpi_bytes_acked - std::min<std::uint64_t>(seen.sent, info.tcpi_bytes_acked);
    received += info.tcpi_bytes_received - std::min<std::uint64_t>(seen.received, info.tcpi_bytes_received);
    seen.sent = info.tcpi_bytes_acked;
    seen.received = info.tcpi_bytes_received;
#else
    (void)fd;
#endif
  }
  void AccountAll() {
    for (auto& [fd, seen] : open) Account(fd);
  }
};

std::string HttpResponse::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)), sockets_(std::make_unique<Sockets>()) {
  GlobalInit();
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
  // Closing the cached connection runs the close callback, which counts its last bytes.
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

std::uint64_t HttpClient::bytes_sent() const { return sockets_->measured ? sockets_->sent : http_sent_; }
std::uint64_t HttpClient::bytes_received() const { return sockets_->measured ? sockets_->received : http_received_; }

void HttpClient::PinPublicKey(const std::optional<crypto::Hash32>& spki_sha256) {
  pin_.clear();
  if (!spki_sha256) return;
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, spki_sha256->data(), spki_sha256->size(), sodium_base64_VARIANT_ORIGINAL);
  pin_ = std::string("sha256//") + b64;
}

Result<HttpResponse> HttpClient::Request(const std::string& method, const std::string& url,
                                         const std::vector<std::string>& headers, ByteView body,
                                         std::size_t max_response_bytes) {
  CURL* c = static_cast<CURL*>(curl_);
  if (c == nullptr) return Error::Local("the HTTP library could not start");
  // Reset per-request options but keep the handle: its connection and TLS session are reused.
  curl_easy_reset(c);
  Transfer t;
  t.max_body = max_response_bytes;
  t.http_sent = &http_sent_;
  t.http_received = &http_received_;
  t.cancel = options_.cancel;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_seconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, options_.total_timeout_seconds);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_second);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options_.low_speed_seconds);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // to OnDebug, which counts HTTP bytes
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, OnDebug);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  // A body larger than the cap is refused from its Content-Length before it is read.
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_response_bytes));
#ifdef __linux__
  curl_easy_setopt(c, CURLOPT_SOCKOPTFUNCTION,
                   +[](void* user, curl_socket_t fd, curlsocktype) -> int {
                     static_cast<Sockets*>(user)->open[static_cast<long>(fd)] = {};
                     return CURL_SOCKOPT_OK;
                   });
  curl_easy_setopt(c, CURLOPT_SOCKOPTDATA, sockets_.get());
  curl_easy_setopt(c, CURLOPT_CLOSESOCKETFUNCTION, +[](void* user, curl_socket_t fd) -> int {
    auto* s = static_cast<Sockets*>(user);
    if (s->open.count(static_cast<long>(fd)) != 0) {
      s->Account(static_cast<long>(fd));
      s->open.erase(static_cast<long>(fd));
    }
    return ::close(fd);
  });
  curl_easy_setopt(c, CURLOPT_CLOSESOCKETDATA, sockets_.get());
#endif
  curl_easy_setopt(c, CURLOPT_USERAGENT, kUserAgent.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  if (!options_.proxy.empty()) curl_easy_setopt(c, CURLOPT_PROXY, options_.proxy.c_str());
  if (!pin_.empty()) {
    // The pinned key is the trust anchor (see PinPublicKey): curl still refuses the connection
    // before any byte is sent if the server's key differs.
    curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, pin_.c_str());
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.empty() ? "" : reinterpret_cast<const char*>(body.data()));
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  // No 100-continue round trip on slow links, unless the caller asks for it.
  if (std::none_of(headers.begin(), headers.end(), [](const std::string& h) { return h.rfind("Expect:", 0) == 0; }))
    list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  const CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(list);
  sockets_->AccountAll();
  if (t.body_too_large || rc == CURLE_FILESIZE_EXCEEDED)
    return Error::BadInput(url + ": the answer is larger than " + std::to_string(max_response_bytes) +
                           " bytes: not read further").With(ErrorCode::kTooLarge);
  if (t.headers_too_large)
    return Error::BadInput(url + ": the answer's header is larger than " + std::to_string(kMaxResponseHeaderBytes) +
                           " bytes: not read further").With(ErrorCode::kTooLarge);
  if (rc == CURLE_ABORTED_BY_CALLBACK) return Error::Unreachable(url + ": cancelled");
  if (rc != CURLE_OK) return Error::Unreachable(url + ": " + curl_easy_strerror(rc));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &t.response.status);
  return std::move(t.response);
}

}  // namespace staccs::sync
