#include "staccs/sync/http_client.h"

#include <curl/curl.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace staccs::sync {

namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t OnBody(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<HttpResponse*>(user)->body.append(data, size * n);
  return size * n;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t n, void* user) {
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    const auto b = value.find_first_not_of(" \t"), e = value.find_last_not_of(" \t\r\n");
    value = b == std::string::npos ? "" : value.substr(b, e - b + 1);
    static_cast<HttpResponse*>(user)->headers[name] = value;
  }
  return size * n;
}

}  // namespace

std::string HttpResponse::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
  GlobalInit();
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

void HttpClient::PinPublicKey(const std::optional<crypto::Hash32>& spki_sha256) {
  pin_.clear();
  if (!spki_sha256) return;
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, spki_sha256->data(), spki_sha256->size(), sodium_base64_VARIANT_ORIGINAL);
  pin_ = std::string("sha256//") + b64;
}

Result<HttpResponse> HttpClient::Request(const std::string& method, const std::string& url,
                                         const std::vector<std::string>& headers, ByteView body) {
  CURL* c = static_cast<CURL*>(curl_);
  if (c == nullptr) return Error::Local("the HTTP library could not start");
  // Reset per-request options but keep the handle: its connection and TLS session are reused.
  curl_easy_reset(c);
  HttpResponse response;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_seconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, options_.total_timeout_seconds);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_second);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options_.low_speed_seconds);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "staccs/0.1");
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
  curl_off_t up = 0, down = 0;
  long header_bytes = 0, request_bytes = 0;
  curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &up);
  curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &down);
  curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &header_bytes);
  curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request_bytes);
  sent_ += static_cast<std::uint64_t>(up) + static_cast<std::uint64_t>(request_bytes);
  received_ += static_cast<std::uint64_t>(down) + static_cast<std::uint64_t>(header_bytes);
  if (rc != CURLE_OK) return Error::Unreachable(url + ": " + curl_easy_strerror(rc));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace staccs::sync
