// tus 1.0 and HTTP as peers expect them, byte for byte on a raw connection (docs/RELAY_API.md):
// a 100-continue PATCH at a stale offset gets a real 409, one Tus-Resumable per answer,
// X-HTTP-Method-Override, 412 for another tus version with nothing processed, 409 past
// Upload-Length, a body-less POST answered at once, and request framing that refuses what two
// parsers could read differently.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "flow_fixture.h"
#include "raw_http.h"
#include "relay_fixture.h"
#include "staccs/sync/http_client.h"

using namespace staccs;
using namespace staccs::core;
using staccs::test::RawConnection;
using staccs::test::RawExchange;
using staccs::test::RunningRelay;
using Clock = std::chrono::steady_clock;

namespace {

Bytes OneBundle(test::Flow& flow) {
  static int n = 0;
  Kit kit = flow.NewParticipant("tus" + std::to_string(++n));
  auto e = flow.Submit(kit, "# q\nan answer for the tus tests\n");
  return *BundleStore(kit).Read(e.bundle_id);
}

std::string Creation(std::size_t length, std::string_view first_bytes, const std::string& extra = "") {
  return "POST /v1/uploads HTTP/1.1\r\nHost: relay\r\nTus-Resumable: 1.0.0\r\nUpload-Length: " + std::to_string(length) +
         "\r\nContent-Type: application/offset+octet-stream\r\n" + extra + "Content-Length: " +
         std::to_string(first_bytes.size()) + "\r\n\r\n" + std::string(first_bytes);
}

std::string Patch(const std::string& location, std::uint64_t offset, std::string_view bytes, const std::string& extra = "") {
  return "PATCH " + location + " HTTP/1.1\r\nHost: relay\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: " +
         std::to_string(offset) + "\r\nContent-Type: application/offset+octet-stream\r\n" + extra +
         "Content-Length: " + std::to_string(bytes.size()) + "\r\n\r\n" + std::string(bytes);
}

// A partial upload of `bundle` holding its first `n` bytes; returns its Location.
std::string PartialUpload(int port, const Bytes& bundle, std::size_t n) {
  auto created = RawExchange(port, Creation(bundle.size(), AsChars(bundle).substr(0, n)));
  REQUIRE(created.status == 201);
  REQUIRE(created.Get("Upload-Offset") == std::to_string(n));
  return created.Get("Location");
}

std::uint64_t OffsetOf(int port, const std::string& location) {
  auto head = RawExchange(port, "HEAD " + location + " HTTP/1.1\r\nHost: relay\r\nTus-Resumable: 1.0.0\r\n\r\n");
  REQUIRE(head.status == 200);
  return std::stoull(head.Get("Upload-Offset"));
}

}  // namespace

TEST_CASE("tus: a PATCH asking 100-continue at a wrong offset gets a real 409 with Tus-Resumable before its body") {
  test::Flow flow;
  const Bytes bundle = OneBundle(flow);
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  const std::string location = PartialUpload(relay.port, bundle, 5000);

  // The head alone: the relay must answer before any of the body is sent.
  RawConnection c(relay.port);
  const std::string head = Patch(location, 4000, "", "Expect: 100-continue\r\n");
  REQUIRE(c.Send(head.substr(0, head.find("Content-Length")) + "Content-Length: 1000\r\n\r\n"));
  auto answer = c.Read();
  CHECK(answer.status_line == "HTTP/1.1 409 Conflict");
  CHECK(answer.All("Tus-Resumable") == std::vector<std::string>{"1.0.0"});
  CHECK(answer.Get("Upload-Offset") == "5000");
  CHECK(c.ClosedWithin(std::chrono::milliseconds(2000)));  // its body is never read
  CHECK(OffsetOf(relay.port, location) == 5000);

  // At the right offset: 100 Continue, then the body, then 204 and the receipt.
  RawConnection ok(relay.port);
  const std::string rest(AsChars(bundle).substr(5000));
  const std::string right = Patch(location, 5000, rest, "Expect: 100-continue\r\n");
  REQUIRE(ok.Send(right.substr(0, right.size() - rest.size())));
  CHECK(ok.Read().status_line == "HTTP/1.1 100 Continue");
  REQUIRE(ok.Send(rest));
  auto done = ok.Read();
  CHECK(done.status == 204);
  CHECK(done.All("Tus-Resumable").size() == 1);
  CHECK(done.Get("Upload-Offset") == std::to_string(bundle.size()));
  CHECK_FALSE(done.Get("Staccs-Receipt").empty());

  // libcurl, as the kit's resume path uses it: a status it understands.
  const std::string again = PartialUpload(relay.port, OneBundle(flow), 3000);
  sync::HttpClient http;
  auto res = http.Request("PATCH", test::LoopbackUrl(relay.port) + again,
                          {"Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream", "Upload-Offset: 10",
                           "Expect: 100-continue"},
                          AsBytes(std::string(2000, 'x')));
  REQUIRE_MESSAGE(res.ok(), test::Why(res));
  CHECK(res->status == 409);
  CHECK(res->Header("upload-offset") == "3000");
}

TEST_CASE("tus: every answer carries Tus-Resumable exactly once") {
  test::Flow flow;
  const Bytes bundle = OneBundle(flow);
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  auto created = RawExchange(relay.port, Creation(bundle.size(), AsChars(bundle).substr(0, 100)));
  CHECK(created.status == 201);
  CHECK(created.All("Tus-Resumable").size() == 1);
  const std::string location = created.Get("Location");
  for (const std::string& request :
       {std::string("OPTIONS /v1/uploads HTTP/1.1\r\nHost: relay\r\n\r\n"),
        "HEAD " + location + " HTTP/1.1\r\nHost: relay\r\nTus-Resumable: 1.0.0\r\n\r\n",
        Patch(location, 7, "x"), Patch(location, 100, AsChars(bundle).substr(100)),
        std::string("GET /v1/health HTTP/1.1\r\nHost: relay\r\n\r\n")}) {
    CAPTURE(request.substr(0, 40));
    auto a = RawExchange(relay.port, request);
    CHECK(a.status >= 200);
    CHECK(a.All("Tus-Resumable") == std::vector<std::string>{"1.0.0"});
  }
}

TEST_CASE("tus: X-HTTP-Method-Override on a POST is served as the method it names") {
  test::Flow flow;
  const Bytes bundle = OneBundle(flow);
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  const std::string location = PartialUpload(relay.port, bundle, 6000);
  const std::string rest(AsChars(bundle).substr(6000));
  std::string request = Patch(location, 6000, rest, "X-HTTP-Method-Override: PATCH\r\n");
  request.replace(0, 5, "POST");
  auto a = RawExchange(relay.port, request);
  CHECK(a.status == 204);
  CHECK(a.Get("Upload-Offset") == std::to_string(bundle.size()));
  CHECK_FALSE(a.Get("Staccs-Receipt").empty());
  // HEAD too; and only on POST, to a method served here.
  const std::string other = PartialUpload(relay.port, OneBundle(flow), 100);
  auto head = RawExchange(relay.port, "POST " + other + " HTTP/1.1\r\nHost: relay\r\nTus-Resumable: 1.0.0\r\n"
                                      "X-HTTP-Method-Override: HEAD\r\nContent-Length: 0\r\n\r\n");
  CHECK(head.status == 200);
  CHECK(head.Get("Upload-Offset") == "100");
  CHECK(RawExchange(relay.port, "GET /v1/health HTTP/1.1\r\nHost: r\r\nX-HTTP-Method-Override: DELETE\r\n\r\n").status == 400);
  CHECK(RawExchange(relay.port, "POST /v1/lacks HTTP/1.1\r\nHost: r\r\nX-HTTP-Method-Override: TRACE\r\n"
                                "Content-Length: 0\r\n\r\n").status == 400);
}

TEST_CASE("tus: another Tus-Resumable version gets 412 with Tus-Version, and nothing is processed") {
  test::Flow flow;
  const Bytes bundle = OneBundle(flow);
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  for (const char* version : {"0.9.9", "9.9.9"}) {
    CAPTURE(version);
    std::string request = Creation(bundle.size(), AsChars(bundle));
    request.replace(request.find("Tus-Resumable: 1.0.0"), 20, std::string("Tus-Resumable: ") + version);
    auto created = RawExchange(relay.port, request);
    CHECK(created.status == 412);
    CHECK(created.Get("Tus-Version") == "1.0.0");
  }
  CHECK(relay.service->Lacks(ToHex(crypto::Blake2b256(bundle)) + "\n")->size() == 65);  // not stored
  CHECK(relay.service->Metrics().find("staccs_relay_partial_uploads 0\n") != std::string::npos);  // none made

  const std::string location = PartialUpload(relay.port, bundle, 2000);
  std::string patch = Patch(location, 2000, AsChars(bundle).substr(2000, 3000));
  patch.replace(patch.find("Tus-Resumable: 1.0.0"), 20, "Tus-Resumable: 9.9.9");
  auto refused = RawExchange(relay.port, patch);
  CHECK(refused.status == 412);
  CHECK(refused.Get("Tus-Version") == "1.0.0");
  CHECK(OffsetOf(relay.port, location) == 2000);  // its bytes were not written
  // No Tus-Resumable at all on an upload request: the same.
  CHECK(RawExchange(relay.port, "HEAD " + location + " HTTP/1.1\r\nHost: r\r\n\r\n").status == 412);
}

TEST_CASE("tus: a PATCH that would go past Upload-Length gets 409 and writes nothing") {
  test::Flow flow;
  const Bytes bundle = OneBundle(flow);
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  const std::string location = PartialUpload(relay.port, bundle, 16000);
  auto a = RawExchange(relay.port, Patch(location, 16000, std::string(bundle.size() - 16000 + 1, 'x')));
  CHECK(a.status == 409);
  CHECK(a.body.find("more bytes than Upload-Length") != std::string::npos);
  CHECK(OffsetOf(relay.port, location) == 16000);
  // The creation itself, likewise.
  CHECK(RawExchange(relay.port, Creation(16384, std::string(16385, 'x'))).status == 409);
}

TEST_CASE("a POST with neither body nor Content-Length is answered at once") {
  test::Flow flow;
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  // cpp-httplib alone reads such a body until the connection closes (10 s here); a request
  // without Content-Length has no body (RFC 9112 §6.3).
  const auto start = Clock::now();
  auto created = RawExchange(relay.port,
                             "POST /v1/uploads HTTP/1.1\r\nHost: relay\r\nTus-Resumable: 1.0.0\r\nUpload-Length: 16384\r\n\r\n",
                             std::chrono::milliseconds(5000));
  auto lacks = RawExchange(relay.port, "POST /v1/lacks HTTP/1.1\r\nHost: relay\r\n\r\n", std::chrono::milliseconds(5000));
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  CHECK(created.status == 201);
  CHECK(created.Get("Upload-Offset") == "0");
  CHECK(lacks.status == 200);
  MESSAGE("two body-less POSTs answered in " << seconds << " s");
  CHECK(seconds < 2.0);
}

TEST_CASE("request framing refuses what two parsers could read differently, before any handler") {
  test::Flow flow;
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  struct Case {
    const char* what;
    std::string request;
    int status;
  };
  const std::string lacks = "POST /v1/lacks HTTP/1.1\r\nHost: r\r\n";
  const std::vector<Case> cases = {
      {"bare LF line ends", "GET /v1/health HTTP/1.1\nHost: r\n\n", 400},
      {"a bare CR", "GET /v1/health HTTP/1.1\r\nHost: r\rX: y\r\n\r\n", 400},
      {"two Content-Lengths", lacks + "Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello", 400},
      {"Content-Length and Transfer-Encoding", lacks + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411},
      {"a space before the colon", lacks + "Content-Length : 5\r\n\r\nhello", 400},
      {"a folded line", lacks + "X-A: b\r\n c\r\nContent-Length: 0\r\n\r\n", 400},
      {"a signed length", lacks + "Content-Length: +5\r\n\r\nhello", 400},
      {"a percent-encoded length", lacks + "Content-Length: %35\r\n\r\nhello", 400},
      {"a body on GET", "GET /v1/health HTTP/1.1\r\nHost: r\r\nContent-Length: 4\r\n\r\nGET ", 400},
      {"a NUL byte", std::string("GET /v1/health HTTP/1.1\r\nHost: r\0\r\n\r\n", 37), 400},
      {"an absolute URI", "GET http://r/v1/health HTTP/1.1\r\nHost: r\r\n\r\n", 400},
      {"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400},
      {"an unknown method", "BREW /v1/health HTTP/1.1\r\nHost: r\r\n\r\n", 501},
      {"an expectation not met", lacks + "Expect: 200-ok\r\nContent-Length: 0\r\n\r\n", 417},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    RawConnection conn(relay.port);
    REQUIRE(conn.Send(c.request));
    CHECK(conn.Read().status == c.status);
    CHECK(conn.ClosedWithin(std::chrono::milliseconds(2000)));
  }
  // None of them reached cpp-httplib (which logs each request it serves).
  std::lock_guard lock(relay.log_mutex);
  CHECK(relay.log.empty());
}
