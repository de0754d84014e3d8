#include "relay_http_server.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "guarded_server.h"
#include "socket_ops.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/civil_date.h"
#include "staccs/core/platform.h"
#include "staccs/core/received_log.h"
#include "staccs/sync/relay_sync.h"

#ifndef STACCS_VERSION
#define STACCS_VERSION "0.0.0"
#endif

namespace staccs::sync {

namespace {

constexpr const char* kTusVersion = "1.0.0";
constexpr const char* kUploadsPath = "/v1/uploads";
// Creation requests carrying a whole bundle up to this size are taken in memory.
constexpr std::uint64_t kWholeInMemory = 1u << 20;
// The largest body "lacks" takes: 10,000 ids of 64 hex and a newline.
constexpr std::uint64_t kLacksBodyMax = 10000 * 66;

// The one table from error codes to HTTP statuses.
int StatusFor(const Error& e) {
  switch (e.code) {
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kRejected: return 422;
    case ErrorCode::kQuotaFull: return 507;
    case ErrorCode::kUnauthorized: return 401;
    case ErrorCode::kNone: break;
  }
  return e.kind == ErrorKind::kBadInput || e.kind == ErrorKind::kUsage ? 400 : 500;
}

void Fail(httplib::Response& res, int status, const std::string& why) {
  res.status = status;
  res.set_content(why + "\n", "text/plain; charset=utf-8");
}

void Fail(httplib::Response& res, const Error& e) { Fail(res, StatusFor(e), e.message); }

// Tus-Resumable itself is set once, for every answer, by Screen.
void TusHeaders(httplib::Response& res, const UploadState& s) {
  res.set_header("Upload-Offset", std::to_string(s.offset));
  res.set_header("Upload-Length", std::to_string(s.length));
  res.set_header("Cache-Control", "no-store");
  if (!s.receipt.empty()) {
    res.set_header("Staccs-Bundle-Id", s.bundle_id);
    res.set_header("Staccs-Receipt", ToHex(s.receipt));
  }
}

// A count of received-log entries from a query: decimal digits only, at most the log's bound.
std::optional<std::uint32_t> ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 7) return std::nullopt;
  std::uint32_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (n > core::kReceivedLogMaxEntries) return std::nullopt;
  return n;
}

std::optional<std::uint64_t> HeaderNumber(const httplib::Request& req, const char* name) {
  if (!req.has_header(name)) return std::nullopt;
  const std::string v = req.get_header_value(name);
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : v) n = n * 10 + static_cast<std::uint64_t>(c - '0');
  return n;
}

bool IsUploadPath(const std::string& path) { return path == kUploadsPath || path.rfind(std::string(kUploadsPath) + "/", 0) == 0; }

// "Wed, 02 Dec 2026 21:41:43 GMT" (RFC 9110's IMF-fixdate), whatever the machine's locale.
std::string HttpDate() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const core::UtcFields t = core::BreakDownUtc(platform::UnixTimeNow());
  char date[64];
  std::snprintf(date, sizeof date, "%s, %02u %s %04lld %02u:%02u:%02u GMT", kDays[t.weekday], t.day,
                kMonths[t.month - 1], static_cast<long long>(t.year), t.hour, t.minute, t.second);
  return date;
}

// "2026-05-01T12:00:00.123Z": a log line's time, in UTC.
std::string LogTime() {
  const auto now = std::chrono::system_clock::now();
  const auto ms_total = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const core::UtcFields t = core::BreakDownUtc(ms_total / 1000);
  char out[64];
  std::snprintf(out, sizeof out, "%04lld-%02u-%02uT%02u:%02u:%02u.%03dZ", static_cast<long long>(t.year), t.month,
                t.day, t.hour, t.minute, t.second, static_cast<int>(ms_total % 1000));
  return out;
}

std::string GateMetrics(const GateCounters& c) {
  std::string out;
  auto line = [&](const char* name, const char* type, const char* help, std::uint64_t v) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
           std::to_string(v) + "\n";
  };
  line("staccs_relay_connections_open", "gauge", "Client connections held now.", c.open);
  line("staccs_relay_connections_accepted_total", "counter", "Connections admitted.", c.accepted);
  line("staccs_relay_connections_refused_total", "counter", "Connections refused: relay full or per-address cap.",
       c.refused_full + c.refused_per_address);
  line("staccs_relay_requests_rate_limited_total", "counter", "Requests refused by the per-address rate limit.",
       c.rate_limited);
  line("staccs_relay_header_timeouts_total", "counter", "Connections closed for not finishing a request header in time.",
       c.header_timeouts);
  line("staccs_relay_headers_too_large_total", "counter", "Requests refused for an oversized header block.",
       c.header_too_large);
  line("staccs_relay_requests_malformed_total", "counter", "Requests refused for their framing (request_framing.h).",
       c.malformed);
  line("staccs_relay_requests_shed_total", "counter", "Requests refused because too many were waiting.", c.shed);
  line("staccs_relay_read_bytes_total", "counter", "Bytes read from client sockets.", c.bytes_read);
  return out;
}

}  // namespace

struct RelayHttpServer::Impl {
  RelayService& service;
  RelayHttpOptions options;
  GuardedServer server;

  Impl(RelayService& s, RelayHttpOptions o) : service(s), options(std::move(o)), server(options.gate) {}

  void Log(const httplib::Request& req, const httplib::Response& res) {
    std::string line = LogTime() + " " + req.method + " " + req.path + " " + std::to_string(res.status);
    if (options.log_client_addresses) line += " " + req.remote_addr;
    service.CountRequest(res.status);
    if (options.log) options.log(line);
    else std::fprintf(stderr, "staccs-relay: %s\n", line.c_str());
  }

  // What every request gets before its body is read (pre-routing, and the answer to
  // "Expect: 100-continue", which cpp-httplib asks before routing): the relay's clock (so a
  // client can make pull proofs it will accept), the tus version, and refusals of what cannot
  // be bounded or is not spoken here. Returns the status of a refusal, or 0.
  int Screen(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Tus-Resumable", kTusVersion);
    res.set_header("Date", HttpDate());
    if (req.has_header("Content-Encoding") && req.get_header_value("Content-Encoding") != "identity") {
      Fail(res, 415, "compressed request bodies are not accepted");
      return 415;
    }
    // tus 1.0: a request in another protocol version is not processed at all.
    if (IsUploadPath(req.path) && req.method != "OPTIONS" && req.get_header_value("Tus-Resumable") != kTusVersion) {
      res.set_header("Tus-Version", kTusVersion);
      Fail(res, 412, req.has_header("Tus-Resumable")
                         ? "tus version " + req.get_header_value("Tus-Resumable") + " is not supported: this relay speaks 1.0.0"
                         : "uploads need Tus-Resumable: 1.0.0");
      return 412;
    }
    auto length = HeaderNumber(req, "Content-Length");
    // The largest body any endpoint takes: a whole bundle, or 10,000 ids for "lacks".
    const std::uint64_t limit = std::max<std::uint64_t>(service.max_upload(), kLacksBodyMax);
    if (length && *length > limit) {
      Fail(res, 413, "request body is larger than this relay accepts");
      return 413;
    }
    // A campaign file is at most 1 MiB: a bigger one is refused before it is read.
    constexpr std::string_view kCampaigns = "/v1/campaigns/";
    if (length && *length > core::kCampaignFileMaxSize && req.path.size() == kCampaigns.size() + 64 &&
        req.path.compare(0, kCampaigns.size(), kCampaigns) == 0) {
      Fail(res, 413, "a campaign file is at most 1 MiB");
      return 413;
    }
    return 0;
  }

  // The checks a PATCH passes before any of its body is read, also when it asked "Expect:
  // 100-continue": so a client resuming at a stale offset learns the relay's before it sends.
  int ScreenPatch(const httplib::Request& req, httplib::Response& res, const std::string& id) {
    if (req.get_header_value("Content-Type") != "application/offset+octet-stream") {
      Fail(res, 415, "PATCH needs Content-Type: application/offset+octet-stream");
      return 415;
    }
    auto offset = HeaderNumber(req, "Upload-Offset");
    if (!offset) {
      Fail(res, 400, "Upload-Offset is required");
      return 400;
    }
    auto state = service.UploadStatus(id);
    if (!state) {
      Fail(res, state.error());
      return res.status;
    }
    if (*offset != state->offset) {
      res.set_header("Upload-Offset", std::to_string(state->offset));
      Fail(res, 409, "Upload-Offset " + std::to_string(*offset) + " is not the relay's " + std::to_string(state->offset));
      return 409;
    }
    if (HeaderNumber(req, "Content-Length").value_or(0) > state->length - state->offset) {
      Fail(res, 409, "more bytes than Upload-Length");
      return 409;
    }
    return 0;
  }

  httplib::Server::HandlerResponse PreRoute(const httplib::Request& req, httplib::Response& res) {
    return Screen(req, res) != 0 ? httplib::Server::HandlerResponse::Handled : httplib::Server::HandlerResponse::Unhandled;
  }

  // Streams a request body into an upload; on a refusal answers and returns false. A body cut
  // short is not an error here: what arrived is kept and flushed, and the client resumes.
  bool Receive(const httplib::ContentReader& content, const std::string& id, std::uint64_t offset,
               httplib::Response& res) {
    Status failed;
    content([&](const char* data, std::size_t n) {
      auto st = service.AppendChunk(id, offset, ByteView(reinterpret_cast<const std::uint8_t*>(data), n));
      if (!st) {
        failed = std::move(st).error();
        return false;
      }
      offset += n;
      return true;
    });
    if (!failed) {
      (void)service.Settle(id);  // keep what arrived before the refusal, if the upload is kept
      Fail(res, failed.error());
      return false;
    }
    return true;
  }

  // A creation request that carries the whole bundle: read into memory and stored in one
  // step. Only if the body is cut short does it become an upload on disk, for the client to
  // resume (it finds it by the token it named).
  void ReceiveWhole(const httplib::ContentReader& content, const UploadRequest& request, httplib::Response& res) {
    std::optional<RelayService::UploadLock> hold;
    if (request.token) hold = service.LockUpload(*request.token);
    Bytes body;
    body.reserve(static_cast<std::size_t>(request.length));
    Status refused;
    bool judged = false;
    content([&](const char* data, std::size_t n) {
      if (body.size() + n > request.length) return false;
      body.insert(body.end(), data, data + n);
      if (!judged && body.size() >= RelayService::kBundleHeaderPrefix) {
        judged = true;
        refused = service.CheckBundleStart(body);
        return refused.ok();
      }
      return true;
    });
    if (!refused) return Fail(res, refused.error());
    if (body.size() < request.length) {
      auto kept = service.KeepPartial(request, body);
      if (!kept && kept.error().code != ErrorCode::kRejected) return Fail(res, kept.error());
      return Fail(res, 400, "the body ended before Upload-Length bytes");
    }
    auto stored = service.StoreWhole(body, request);
    if (!stored) return Fail(res, stored.error());
    res.status = 201;
    res.set_header("Location", std::string(kUploadsPath) + "/" + stored->id);
    TusHeaders(res, *stored);
  }

  std::string Health() const {
    // Ids are hex and the version is ours: nothing here needs escaping.
    std::string campaigns;
    for (const auto& c : service.store().campaigns()) campaigns += (campaigns.empty() ? "\"" : ",\"") + c.id_hex() + "\"";
    // The receipt key too, for a secretariat that was given only the URL: it uses the key and
    // is told that it was not pinned (what the operator prints with --print-key is).
    return std::string("{\"status\":\"ok\",\"version\":\"") + STACCS_VERSION + "\",\"campaigns_served\":" +
           std::to_string(service.store().campaigns().size()) + ",\"campaigns\":[" + campaigns +
           "],\"receipt_key\":\"" + ToHex(service.receipt_key()) + "\"}\n";
  }

  void Routes() {
    server.Get("/v1/health", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(Health(), "application/json");
    });
    server.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(service.Metrics() + GateMetrics(server.Counters()), "text/plain; version=0.0.4");
    });
    server.Post("/v1/lacks", [this](const httplib::Request& req, httplib::Response& res) {
      auto lacking = service.Lacks(req.body);
      if (!lacking) return Fail(res, lacking.error());
      res.set_content(*lacking, "text/plain");
    });
    server.Options(kUploadsPath, [this](const httplib::Request&, httplib::Response& res) {
      res.status = 204;
      res.set_header("Tus-Version", kTusVersion);
      res.set_header("Tus-Extension", "creation,creation-with-upload,termination");
      res.set_header("Tus-Max-Size", std::to_string(service.max_upload()));
    });
    // Bodies stream to disk as they arrive (a content reader, not a buffered body), so a
    // connection cut mid-upload keeps what it delivered and the client resumes from there.
    server.Post(kUploadsPath, [this](const httplib::Request& req, httplib::Response& res,
                                     const httplib::ContentReader& content) {
      if (req.has_header("Upload-Defer-Length")) return Fail(res, 400, "deferred length is not supported: send Upload-Length");
      auto length = HeaderNumber(req, "Upload-Length");
      if (!length) return Fail(res, 400, "Upload-Length is required (tus creation)");
      UploadRequest request;
      request.length = *length;
      if (req.has_header("Staccs-Upload-Token")) request.token = req.get_header_value("Staccs-Upload-Token");
      if (req.has_header("Staccs-Bundle-Id")) request.bundle_id = req.get_header_value("Staccs-Bundle-Id");
      if (request.token && !IsHexId(*request.token, 32))
        return Fail(res, 400, "Staccs-Upload-Token is not 32 lowercase hex digits");
      if (request.bundle_id && !IsHexId(*request.bundle_id, 64))
        return Fail(res, 400, "Staccs-Bundle-Id is not 64 lowercase hex digits");
      const std::uint64_t body = HeaderNumber(req, "Content-Length").value_or(0);
      if (body > *length) return Fail(res, 409, "more bytes than Upload-Length");
      if (body == *length && *length <= kWholeInMemory && *length <= service.max_upload())
        return ReceiveWhole(content, request, res);
      auto state = service.CreateUpload(request);
      if (!state) return Fail(res, state.error());
      auto hold = service.LockUpload(state->id);
      if (!Receive(content, state->id, 0, res)) return;
      auto settled = service.Settle(state->id);
      if (!settled) return Fail(res, settled.error());
      res.status = 201;
      res.set_header("Location", std::string(kUploadsPath) + "/" + state->id);
      TusHeaders(res, *settled);
    });
    // HEAD is served by the GET handler (cpp-httplib sends no body for HEAD).
    server.Get(R"(/v1/uploads/([0-9a-f]{32}))", [this](const httplib::Request& req, httplib::Response& res) {
      auto hold = service.LockUpload(req.matches[1].str());
      auto state = service.UploadStatus(req.matches[1].str());
      if (!state) return Fail(res, state.error());
      res.status = 200;
      TusHeaders(res, *state);
    });
    server.Patch(R"(/v1/uploads/([0-9a-f]{32}))", [this](const httplib::Request& req, httplib::Response& res,
                                                        const httplib::ContentReader& content) {
      const std::string id = req.matches[1].str();
      auto hold = service.LockUpload(id);
      if (ScreenPatch(req, res, id) != 0) return;
      if (!Receive(content, id, *HeaderNumber(req, "Upload-Offset"), res)) return;
      auto settled = service.Settle(id);
      if (!settled) return Fail(res, settled.error());
      res.status = 204;
      TusHeaders(res, *settled);
    });
    server.Delete(R"(/v1/uploads/([0-9a-f]{32}))", [this](const httplib::Request& req, httplib::Response& res,
                                                         const httplib::ContentReader&) {
      auto hold = service.LockUpload(req.matches[1].str());
      if (auto st = service.RemoveUpload(req.matches[1].str()); !st) return Fail(res, st.error());
      res.status = 204;
    });
    server.Get(R"(/v1/campaigns/([0-9a-f]{64})/bundles/after/([0-9]{1,18}))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 auto list = service.PullList(req.matches[1].str(), std::stoll(req.matches[2].str()),
                                              req.get_header_value("Staccs-Pull-Proof"), req.path);
                 if (!list) return Fail(res, list.error());
                 res.set_content(*list, "text/plain");
               });
    server.Get(R"(/v1/campaigns/([0-9a-f]{64})/bundles/([0-9a-f]{64}))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 auto bytes = service.PullBundle(req.matches[1].str(), req.matches[2].str(),
                                                 req.get_header_value("Staccs-Pull-Proof"), req.path);
                 if (!bytes) return Fail(res, bytes.error());
                 res.set_content(std::string(AsChars(*bytes)), "application/octet-stream");
               });
    // The latest campaign file, tagged with its sequence like the received-log.
    server.Put(R"(/v1/campaigns/([0-9a-f]{64}))", [this](const httplib::Request& req, httplib::Response& res) {
      auto st = service.PutCampaignFile(req.matches[1].str(), AsBytes(req.body));
      if (!st) return Fail(res, st.error());
      res.status = 204;
    });
    server.Get(R"(/v1/campaigns/([0-9a-f]{64}))", [this](const httplib::Request& req, httplib::Response& res) {
      auto file = service.GetCampaignFile(req.matches[1].str());
      if (!file) return Fail(res, file.error());
      const auto campaign = core::ParseCampaignFile(*file);  // stored only once it verified
      const std::string etag = "\"" + std::to_string(campaign ? campaign->sequence : 0) + "\"";
      res.set_header("ETag", etag);
      res.set_header("Cache-Control", "no-cache");
      if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
      }
      res.set_content(std::string(AsChars(*file)), "application/octet-stream");
    });
    server.Put(R"(/v1/campaigns/([0-9a-f]{64})/received-log)", [this](const httplib::Request& req, httplib::Response& res) {
      auto st = service.PutReceivedLog(req.matches[1].str(), AsBytes(req.body));
      if (!st) return Fail(res, st.error());
      res.status = 204;
    });
    server.Get(R"(/v1/campaigns/([0-9a-f]{64})/received-log)", [this](const httplib::Request& req, httplib::Response& res) {
      // `?after=K`: the asker holds the first K entries and needs only the rest (issue 15).
      std::optional<std::uint32_t> after;
      if (req.has_param("after")) {
        after = ParseCount(req.get_param_value("after"));
        if (!after) {
          res.status = 400;
          res.set_content("after: not a count of entries\n", "text/plain");
          return;
        }
      }
      // The sequence of the campaign file held here rides along: a client
      // fetches the file, or puts its own later one, only when the two differ.
      if (auto sequence = service.store().CampaignFileSequence(req.matches[1].str()); sequence && *sequence > 0)
        res.set_header(kCampaignSequenceHeader, std::to_string(*sequence));
      auto file = service.GetReceivedLog(req.matches[1].str());
      if (!file) return Fail(res, file.error());
      // Tagged with its sequence number: a client that holds this one gets a bodiless 304,
      // which keeps an idle sync to one small exchange (and costs no chain hashing here).
      const auto sequence = core::StoredReceivedLogSequence(*file);
      const std::string etag = "\"" + std::to_string(sequence.value_or(0)) + "\"";
      res.set_header("ETag", etag);
      res.set_header("Cache-Control", "no-cache");
      if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
      }
      // Every asker holding K entries gets the same bytes, so nobody learns whose entries it
      // seeks. A version 1 log, or K beyond the log, is answered whole: the asker takes either.
      if (after) {
        if (auto extension = core::ReceivedLogExtensionFrom(*file, *after)) {
          res.set_content(std::string(AsChars(*extension)), "application/octet-stream");
          return;
        }
      }
      res.set_content(std::string(AsChars(*file)), "application/octet-stream");
    });
    server.Get(R"(/v1/receipts/([0-9a-f]{64}))", [this](const httplib::Request& req, httplib::Response& res) {
      auto receipt = service.Receipt(req.matches[1].str());
      if (!receipt) return Fail(res, receipt.error());
      res.set_content(std::string(AsChars(*receipt)), "application/octet-stream");
    });
  }
};

RelayHttpServer::RelayHttpServer(RelayService& service, RelayHttpOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {
  auto& s = impl_->server;
  s.set_payload_max_length(std::max<std::size_t>(impl_->service.max_upload(), kLacksBodyMax));
  // Timeouts, keep-alive and connection caps are the gate's (options.gate): cpp-httplib's own
  // apply only to connections it holds itself, and here it holds none.
  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return impl_->PreRoute(req, res);
  });
  s.set_logger([this](const httplib::Request& req, const httplib::Response& res) { impl_->Log(req, res); });
  // "Expect: 100-continue" is answered before routing: the same screening as pre-routing,
  // and for a PATCH the offset, so a resumed PATCH that raced a cut request learns the
  // relay's offset (409) before it sends its body. cpp-httplib writes the answer from `res`.
  s.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (int refused = impl_->Screen(req, res); refused != 0) return refused;
    const std::string prefix = std::string(kUploadsPath) + "/";
    if (req.method == "PATCH" && req.path.rfind(prefix, 0) == 0) {
      const std::string id = req.path.substr(prefix.size());
      if (!IsHexId(id, 32)) {
        Fail(res, 404, "no such upload");
        return 404;
      }
      auto hold = impl_->service.LockUpload(id);
      if (int refused = impl_->ScreenPatch(req, res, id); refused != 0) return refused;
    }
    res.headers.erase("Tus-Resumable");  // set again by pre-routing, once
    res.headers.erase("Date");
    return 100;
  });
  s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) res.set_content("error " + std::to_string(res.status) + "\n", "text/plain");
  });
  impl_->Routes();
}

RelayHttpServer::~RelayHttpServer() {
  Stop();
  impl_->server.StopGate();
}

Result<int> RelayHttpServer::Bind(const std::string& host, int port) {
  if (port == 0) {
    int bound = impl_->server.bind_to_any_port(host);
    if (bound <= 0) return Error::Local("cannot listen on " + host + ": " + WhyCannotListen(host, 0));
    impl_->server.RaiseBacklog(impl_->options.listen_backlog);
    return bound;
  }
  if (!impl_->server.bind_to_port(host, port))
    return Error::Local("cannot listen on " + host + ":" + std::to_string(port) + ": " + WhyCannotListen(host, port));
  impl_->server.RaiseBacklog(impl_->options.listen_backlog);
  return port;
}

bool RelayHttpServer::Serve() {
  const bool ok = impl_->server.listen_after_bind();
  impl_->server.StopGate();
  return ok;
}

bool RelayHttpServer::ServeBytes(const std::string& request, std::string& out) {
  return impl_->server.ServeBytes(request, out);
}

void RelayHttpServer::Stop() {
  if (impl_->server.is_running()) impl_->server.stop();
}

}  // namespace staccs::sync
