// The relay over real loopback HTTP: tus uploads in one request and resumed across requests,
// receipts, "which do you lack", and the refusals SPEC §3.8 asks for before a body is read.
#include <doctest/doctest.h>

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <thread>

#include "flow_fixture.h"
#include "loopback.h"
#include "relay_fixture.h"
#include "staccs/sync/relay_receipt.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;
using staccs::test::RunningRelay;

namespace {

// Sends bytes as they are and returns what comes back before the relay closes or 2 s pass.
std::string RawRequest(int port, const std::string& request) {
  const int fd = test::ConnectToLoopback(port);
  if (fd < 0) return {};
  (void)!::write(fd, request.data(), request.size());
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) {
    out.append(buf, static_cast<std::size_t>(n));
    if (out.find("\r\n\r\n") != std::string::npos) break;
  }
  ::close(fd);
  return out;
}

httplib::Headers Tus(std::initializer_list<std::pair<std::string, std::string>> more = {}) {
  httplib::Headers h = {{"Tus-Resumable", "1.0.0"}};
  for (const auto& [k, v] : more) h.emplace(k, v);
  return h;
}

Bytes OneBundle(test::Flow& flow, const std::string& name) {
  Kit kit = flow.NewParticipant(name);
  auto e = flow.Submit(kit, "# q\nan answer over the network\n");
  return *BundleStore(kit).Read(e.bundle_id);
}

}  // namespace

TEST_CASE("relay: a bundle uploaded in one request gets a receipt signed by the relay's key") {
  test::Flow flow;
  Bytes bundle = OneBundle(flow, "p1");
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  auto client = relay.Client();
  // Health: JSON a monitor can read, with the version and the campaigns served.
  auto health = client.Get("/v1/health");
  REQUIRE(health);
  CHECK(health->get_header_value("Content-Type") == "application/json");
  // The Date header is RFC 9110's fixed form in GMT, built without the C library's locale.
  const std::string date = health->get_header_value("Date");
  CHECK(std::regex_match(date, std::regex(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3][0-9] )"
                                          R"((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20[0-9][0-9] )"
                                          R"([0-2][0-9]:[0-5][0-9]:[0-6][0-9] GMT)")));
  CHECK(health->body == "{\"status\":\"ok\",\"version\":\"" STACCS_VERSION_TEXT "\",\"campaigns_served\":1,\"campaigns\":[\"" +
                            flow.campaign.id_hex() + "\"],\"receipt_key\":\"" +
                            ToHex(relay.service->receipt_key()) + "\"}\n");

  const std::string id = ToHex(crypto::Blake2b256(bundle));
  auto lacks = client.Post("/v1/lacks", id + "\n", "text/plain");
  REQUIRE(lacks);
  CHECK(lacks->body == id + "\n");

  auto res = client.Post("/v1/uploads", Tus({{"Upload-Length", std::to_string(bundle.size())}}),
                         std::string(AsChars(bundle)), "application/offset+octet-stream");
  REQUIRE(res);
  CHECK(res->status == 201);
  CHECK(res->get_header_value("Staccs-Bundle-Id") == id);
  auto receipt_bytes = FromHex(res->get_header_value("Staccs-Receipt"));
  REQUIRE(receipt_bytes.has_value());
  auto receipt = sync::ParseReceipt(*receipt_bytes, &relay.service->receipt_key());
  REQUIRE(receipt.ok());
  CHECK(ToHex(receipt->bundle_id) == id);

  CHECK(client.Post("/v1/lacks", id + "\n", "text/plain")->body.empty());
  auto again = client.Get("/v1/receipts/" + id);
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(Bytes(again->body.begin(), again->body.end()) == *receipt_bytes);
  CHECK(client.Get("/metrics")->body.find("staccs_relay_bundles_stored_total 1") != std::string::npos);
  // One log line per request, stamped with the time in UTC, and no client address in it by
  // default: "2026-05-01T12:00:00.123Z GET /v1/health 200".
  std::lock_guard lock(relay.log_mutex);
  REQUIRE_FALSE(relay.log.empty());
  for (const auto& line : relay.log) {
    CHECK(line.find("127.0.0.1") == std::string::npos);
    REQUIRE(line.size() > 25);
    CHECK(line[4] == '-');
    CHECK(line[10] == 'T');
    CHECK(line.substr(23, 2) == "Z ");
  }
  CHECK(relay.log.front().substr(25) == "GET /v1/health 200");
}

TEST_CASE("relay: an upload cut short resumes from the relay's offset, also after a restart") {
  test::Flow flow;
  Bytes bundle = OneBundle(flow, "p1");
  std::string location;
  {
    RunningRelay relay(flow.dir / "relay", {flow.campaign});
    auto client = relay.Client();
    auto created = client.Post("/v1/uploads", Tus({{"Upload-Length", std::to_string(bundle.size())}}),
                               std::string(AsChars(bundle)).substr(0, 5000), "application/offset+octet-stream");
    REQUIRE(created);
    CHECK(created->status == 201);
    CHECK(created->get_header_value("Upload-Offset") == "5000");
    location = created->get_header_value("Location");
    CHECK(location.rfind("/v1/uploads/", 0) == 0);
  }
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  auto client = relay.Client();
  auto head = client.Head(location.c_str(), Tus());
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->get_header_value("Upload-Offset") == "5000");
  auto wrong = client.Patch(location.c_str(), Tus({{"Upload-Offset", "4000"}}), "xxxx", "application/offset+octet-stream");
  CHECK(wrong->status == 409);
  auto rest = client.Patch(location.c_str(), Tus({{"Upload-Offset", "5000"}}),
                           std::string(AsChars(bundle)).substr(5000), "application/offset+octet-stream");
  REQUIRE(rest);
  CHECK(rest->status == 204);
  CHECK(rest->get_header_value("Upload-Offset") == std::to_string(bundle.size()));
  CHECK_FALSE(rest->get_header_value("Staccs-Receipt").empty());
  CHECK(client.Head(location.c_str(), Tus())->status == 404);  // finished uploads are gone
}

TEST_CASE("relay: foreign campaigns, malformed ids, oversized, compressed and chunked bodies are refused") {
  test::Flow flow;
  test::Flow other;
  Bytes foreign = OneBundle(other, "stranger");
  RunningRelay relay(flow.dir / "relay", {flow.campaign}, {64 * 1024, 1u << 30});
  auto client = relay.Client();

  auto res = client.Post("/v1/uploads", Tus({{"Upload-Length", std::to_string(foreign.size())}}),
                         std::string(AsChars(foreign)), "application/offset+octet-stream");
  REQUIRE(res);
  CHECK(res->status == 422);
  CHECK(res->body.find("not served by this relay") != std::string::npos);
  CHECK(client.Post("/v1/lacks", ToHex(crypto::Blake2b256(foreign)) + "\n", "text/plain")->body.size() == 65);

  CHECK(client.Post("/v1/uploads", Tus({{"Upload-Length", "999999999"}}), "", "application/offset+octet-stream")->status == 413);
  CHECK(client.Post("/v1/lacks", "../../etc/passwd\n", "text/plain")->status == 400);
  CHECK(client.Get("/v1/uploads/..%2F..%2Frelay_key.bin", Tus())->status == 404);
  CHECK(client.Get("/v1/receipts/" + std::string(64, 'g'))->status == 404);
  auto gz = client.Post("/v1/lacks", Tus({{"Content-Encoding", "gzip"}}), "x", "text/plain");
  CHECK(gz->status == 415);

  // A 10 GB Content-Length is refused from the headers alone: the body is never sent.
  const std::string reply = RawRequest(relay.port,
                                       "POST /v1/uploads HTTP/1.1\r\nHost: relay\r\nTus-Resumable: 1.0.0\r\n"
                                       "Upload-Length: 10000000000\r\nContent-Length: 10000000000\r\n\r\n");
  CHECK(reply.rfind("HTTP/1.1 413", 0) == 0);
  // A chunked body (a client that will not say the length) is refused before it is read.
  const std::string chunked = RawRequest(relay.port,
                                         "POST /v1/lacks HTTP/1.1\r\nHost: relay\r\nTransfer-Encoding: chunked\r\n\r\n"
                                         "4\r\nabcd\r\n");
  CHECK(chunked.rfind("HTTP/1.1 411", 0) == 0);
}
