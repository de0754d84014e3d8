#include "relay_http_server.h"

#include <httplib.h>

#include "guarded_server.h"
#include "staccs/core/received_log.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace staccs::sync {

namespace {

constexpr const char* kTusVersion = "1.0.0";
constexpr const char* kUploadsPath = "/v1/uploads";
// Creation requests carrying a whole bundle up to this size are taken in memory.
constexpr std::uint64_t kWholeInMemory = 1u << 20;

int StatusFor(RelayRefusal refusal, const Error& e) {
  switch (refusal) {
    case RelayRefusal::kNotFound: return 404;
    case RelayRefusal::kConflict: return 409;
    case RelayRefusal::kTooLarge: return 413;
    case RelayRefusal::kUnprocessable: return 422;
    case RelayRefusal::kFull: return 507;
    case RelayRefusal::kUnauthorized: return 401;
    case RelayRefusal::kNone: break;
  }
  return e.kind == ErrorKind::kBadInput || e.kind == ErrorKind::kUsage ? 400 : 500;
}

void Fail(httplib::Response& res, int status, const std::string& why) {
  res.status = status;
  res.set_content(why + "\n", "text/plain; charset=utf-8");
}

void TusHeaders(httplib::Response& res, const UploadState& s) {
  res.set_header("Tus-Resumable", kTusVersion);
  res.set_header("Upload-Offset", std::to_string(s.offset));
  res.set_header("Upload-Length", std::to_string(s.length));
  res.set_header("Cache-Control", "no-store");
  if (!s.receipt.empty()) {
    res.set_header("Staccs-Bundle-Id", s.bundle_id);
    res.set_header("Staccs-Receipt", ToHex(s.receipt));
  }
}

std::optional<std::uint64_t> HeaderNumber(const httplib::Request& req, const char* name) {
  if (!req.has_header(name)) return std::nullopt;
  const std::string v = req.get_header_value(name);
  if (v.empty() || v.size() > 19 || v.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoull(v);
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
  line("staccs_relay_requests_shed_total", "counter", "Requests refused because too many were waiting.", c.shed);
  line("staccs_relay_bytes_read_total", "counter", "Bytes read from client sockets.", c.bytes_read);
  return out;
}

}  // namespace

struct RelayHttpServer::Impl {
  RelayService& service;
  RelayHttpOptions options;
  GuardedServer server;

  Impl(RelayService& s, RelayHttpOptions o) : service(s), options(std::move(o)), server(options.gate) {}

  void Log(const httplib::Request& req, const httplib::Response& res) {
    std::string line = req.method + " " + req.path + " " + std::to_string(res.status);
    if (options.log_client_addresses) line = req.remote_addr + " " + line;
    service.CountRequest(res.status);
    if (options.log) options.log(line);
    else std::fprintf(stderr, "staccs-relay: %s\n", line.c_str());
  }

  // Runs before any body is read: refuse what cannot be bounded.
  httplib::Server::HandlerResponse PreRoute(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Tus-Resumable", kTusVersion);
    // The relay's clock, so a client can make pull proofs the relay will accept.
    char date[64];
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    res.set_header("Date", date);
    if (req.has_header("Content-Encoding") && req.get_header_value("Content-Encoding") != "identity") {
      Fail(res, 415, "compressed request bodies are not accepted");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method == "POST" || req.method == "PATCH" || req.method == "PUT") {
      if (req.has_header("Transfer-Encoding")) {
        Fail(res, 411, "chunked request bodies are not accepted: send Content-Length");
        return httplib::Server::HandlerResponse::Handled;
      }
      auto length = HeaderNumber(req, "Content-Length");
      // The largest body any endpoint takes: a whole bundle, or 10,000 ids for "lacks".
      const std::uint64_t limit = std::max<std::uint64_t>(service.max_upload(), 10000 * 66);
      if (length && *length > limit) {
        Fail(res, 413, "request body is larger than this relay accepts");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  // Streams a request body into an upload; on a refusal answers and returns false. A body cut
  // short is not an error here: what arrived is kept and flushed, and the client resumes.
  bool Receive(const httplib::Request&, const httplib::ContentReader& content, const std::string& id,
               std::uint64_t offset, httplib::Response& res) {
    RelayRefusal refusal = RelayRefusal::kNone;
    Status failed;
    content([&](const char* data, std::size_t n) {
      auto st = service.AppendChunk(id, offset, ByteView(reinterpret_cast<const std::uint8_t*>(data), n), refusal);
      if (!st) {
        failed = std::move(st).error();
        return false;
      }
      offset += n;
      return true;
    });
    if (!failed) {
      (void)service.Settle(id, refusal);
      Fail(res, StatusFor(refusal, failed.error()), failed.error().message);
      return false;
    }
    return true;
  }

  // A creation request that carries the whole bundle: read into memory and stored in one
  // step. Only if the body is cut short does it become an upload on disk, for the client to
  // resume (it finds it by the bundle id it named).
  void ReceiveWhole(const httplib::Request&, const httplib::ContentReader& content, std::uint64_t length,
                    const std::optional<std::string>& bundle_id, httplib::Response& res) {
    std::optional<RelayService::UploadLock> hold;
    if (bundle_id) hold = service.LockUpload(RelayService::UploadIdFor(*bundle_id));
    Bytes body;
    body.reserve(static_cast<std::size_t>(length));
    content([&](const char* data, std::size_t n) {
      if (body.size() + n > length) return false;
      body.insert(body.end(), data, data + n);
      return true;
    });
    RelayRefusal refusal;
    if (body.size() < length) {
      if (bundle_id) (void)service.KeepPartial(length, *bundle_id, body, refusal);
      return Fail(res, 400, "the body ended before Upload-Length bytes");
    }
    auto stored = service.StoreWhole(body, bundle_id, refusal);
    if (!stored) return Fail(res, StatusFor(refusal, stored.error()), stored.error().message);
    res.status = 201;
    res.set_header("Location", std::string(kUploadsPath) + "/" + stored->id);
    TusHeaders(res, *stored);
  }

  void Routes() {
    server.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("ok\n", "text/plain");
    });
    server.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(service.Metrics() + GateMetrics(server.Counters()), "text/plain; version=0.0.4");
    });
    server.Post("/v1/lacks", [this](const httplib::Request& req, httplib::Response& res) {
      auto lacking = service.Lacks(req.body);
      if (!lacking) return Fail(res, 400, lacking.error().message);
      res.set_content(*lacking, "text/plain");
    });
    server.Options(kUploadsPath, [this](const httplib::Request&, httplib::Response& res) {
      res.status = 204;
      res.set_header("Tus-Version", kTusVersion);
      res.set_header("Tus-Extension", "creation,creation-with-upload");
      res.set_header("Tus-Max-Size", std::to_string(service.max_upload()));
    });
    // Bodies stream to disk as they arrive (a content reader, not a buffered body), so a
    // connection cut mid-upload keeps what it delivered and the client resumes from there.
    server.Post(kUploadsPath, [this](const httplib::Request& req, httplib::Response& res,
                                     const httplib::ContentReader& content) {
      auto length = HeaderNumber(req, "Upload-Length");
      if (!length) return Fail(res, 400, "Upload-Length is required (tus creation; deferred length is not supported)");
      std::optional<std::string> bundle_id;
      if (req.has_header("Staccs-Bundle-Id")) bundle_id = req.get_header_value("Staccs-Bundle-Id");
      RelayRefusal refusal;
      if (bundle_id && !IsHexId(*bundle_id, 64)) return Fail(res, 409, "Staccs-Bundle-Id is malformed");
      if (HeaderNumber(req, "Content-Length") == length && *length <= kWholeInMemory && *length <= service.max_upload())
        return ReceiveWhole(req, content, *length, bundle_id, res);
      auto state = service.CreateUpload(*length, bundle_id, refusal);
      if (!state) return Fail(res, StatusFor(refusal, state.error()), state.error().message);
      auto hold = service.LockUpload(state->id);
      if (!Receive(req, content, state->id, 0, res)) return;
      auto settled = service.Settle(state->id, refusal);
      if (!settled) return Fail(res, StatusFor(refusal, settled.error()), settled.error().message);
      res.status = 201;
      res.set_header("Location", std::string(kUploadsPath) + "/" + state->id);
      TusHeaders(res, *settled);
    });
    // HEAD is served by the GET handler (cpp-httplib sends no body for HEAD).
    server.Get(R"(/v1/uploads/([0-9a-f]{32}))", [this](const httplib::Request& req, httplib::Response& res) {
      RelayRefusal refusal;
      auto hold = service.LockUpload(req.matches[1].str());
      auto state = service.UploadStatus(req.matches[1].str(), refusal);
      if (!state) return Fail(res, StatusFor(refusal, state.error()), state.error().message);
      res.status = 200;
      TusHeaders(res, *state);
    });
    server.Patch(R"(/v1/uploads/([0-9a-f]{32}))", [this](const httplib::Request& req, httplib::Response& res,
                                                        const httplib::ContentReader& content) {
      if (req.get_header_value("Content-Type") != "application/offset+octet-stream")
        return Fail(res, 415, "PATCH needs Content-Type: application/offset+octet-stream");
      auto offset = HeaderNumber(req, "Upload-Offset");
      if (!offset) return Fail(res, 400, "Upload-Offset is required");
      const std::string id = req.matches[1].str();
      RelayRefusal refusal;
      auto hold = service.LockUpload(id);
      auto before = service.UploadStatus(id, refusal);
      if (!before) return Fail(res, StatusFor(refusal, before.error()), before.error().message);
      if (*offset != before->offset)
        return Fail(res, 409, "Upload-Offset " + std::to_string(*offset) + " is not the relay's " + std::to_string(before->offset));
      if (!Receive(req, content, id, *offset, res)) return;
      auto settled = service.Settle(id, refusal);
      if (!settled) return Fail(res, StatusFor(refusal, settled.error()), settled.error().message);
      res.status = 204;
      TusHeaders(res, *settled);
    });
    server.Get(R"(/v1/campaigns/([0-9a-f]{64})/bundles/after/([0-9]{1,18}))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 RelayRefusal refusal;
                 auto list = service.PullList(req.matches[1].str(), std::stoll(req.matches[2].str()),
                                              req.get_header_value("Staccs-Pull-Proof"), req.path, refusal);
                 if (!list) return Fail(res, StatusFor(refusal, list.error()), list.error().message);
                 res.set_content(*list, "text/plain");
               });
    server.Get(R"(/v1/campaigns/([0-9a-f]{64})/bundles/([0-9a-f]{64}))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 RelayRefusal refusal;
                 auto bytes = service.PullBundle(req.matches[1].str(), req.matches[2].str(),
                                                 req.get_header_value("Staccs-Pull-Proof"), req.path, refusal);
                 if (!bytes) return Fail(res, StatusFor(refusal, bytes.error()), bytes.error().message);
                 res.set_content(std::string(AsChars(*bytes)), "application/octet-stream");
               });
    server.Put(R"(/v1/campaigns/([0-9a-f]{64})/received-log)", [this](const httplib::Request& req, httplib::Response& res) {
      RelayRefusal refusal;
      auto st = service.PutReceivedLog(req.matches[1].str(), AsBytes(req.body), refusal);
      if (!st) return Fail(res, StatusFor(refusal, st.error()), st.error().message);
      res.status = 204;
    });
    server.Get(R"(/v1/campaigns/([0-9a-f]{64})/received-log)", [this](const httplib::Request& req, httplib::Response& res) {
      RelayRefusal refusal;
      auto file = service.GetReceivedLog(req.matches[1].str(), refusal);
      if (!file) return Fail(res, StatusFor(refusal, file.error()), file.error().message);
      // Tagged with its sequence number: a client that holds this one gets a bodiless 304,
      // which keeps an idle sync to one small exchange.
      const auto sequence = core::StoredReceivedLogSequence(*file);
      const std::string etag = "\"" + std::to_string(sequence.value_or(0)) + "\"";
      res.set_header("ETag", etag);
      res.set_header("Cache-Control", "no-cache");
      if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
      }
      res.set_content(std::string(AsChars(*file)), "application/octet-stream");
    });
    server.Get(R"(/v1/receipts/([0-9a-f]{64}))", [this](const httplib::Request& req, httplib::Response& res) {
      RelayRefusal refusal;
      auto receipt = service.Receipt(req.matches[1].str(), refusal);
      if (!receipt) return Fail(res, StatusFor(refusal, receipt.error()), receipt.error().message);
      res.set_content(std::string(AsChars(*receipt)), "application/octet-stream");
    });
  }
};

RelayHttpServer::RelayHttpServer(RelayService& service, RelayHttpOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {
  auto& s = impl_->server;
  s.set_payload_max_length(std::max<std::size_t>(impl_->service.max_upload(), 10000 * 66));
  // Timeouts, keep-alive and connection caps are the gate's (options.gate): cpp-httplib's own
  // apply only to connections it holds itself, and here it holds none.
  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return impl_->PreRoute(req, res);
  });
  s.set_logger([this](const httplib::Request& req, const httplib::Response& res) { impl_->Log(req, res); });
  // A resumed PATCH asks "Expect: 100-continue": refuse a stale offset before the body is
  // sent, so a client that raced a cut request does not push 32 KiB into a 409.
  s.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
    const std::string prefix = std::string(kUploadsPath) + "/";
    if (req.method != "PATCH" || req.path.rfind(prefix, 0) != 0) return 100;
    const std::string id = req.path.substr(prefix.size());
    auto offset = HeaderNumber(req, "Upload-Offset");
    RelayRefusal refusal;
    auto hold = impl_->service.LockUpload(id);
    auto state = impl_->service.UploadStatus(id, refusal);
    if (!state || !offset || *offset != state->offset) {
      res.set_header("Upload-Offset", state ? std::to_string(state->offset) : "0");
      return state ? 409 : 404;
    }
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
    if (bound <= 0) return Error::Local("cannot listen on " + host);
    impl_->server.RaiseBacklog(impl_->options.listen_backlog);
    return bound;
  }
  if (!impl_->server.bind_to_port(host, port)) return Error::Local("cannot listen on " + host + ":" + std::to_string(port));
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
