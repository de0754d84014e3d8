// TLS pins (SPEC §2: a campaign lists each relay with, optionally, its TLS key pin): with a pin
// the client trusts exactly that key, also on a self-signed relay; a different key is refused
// before any byte is sent. The server here is cpp-httplib's SSLServer with a certificate made
// for the test (a relay on the open internet sits behind nginx with TLS the same way).
#include <doctest/doctest.h>

#include <httplib.h>

#include <thread>

#include "self_signed_cert.h"
#include "test_support.h"
#include "staccs/sync/http_client.h"

using namespace staccs;

TEST_CASE("a pinned relay key is trusted without a certificate authority, and any other key is refused") {
  test::TempDir dir;
  const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  const crypto::Hash32 pin = test::MakeSelfSigned(cert, key);
  httplib::SSLServer server(cert.c_str(), key.c_str());
  REQUIRE(server.is_valid());
  server.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/v1/health";

  sync::HttpOptions quick;
  quick.connect_timeout_seconds = 5;
  quick.total_timeout_seconds = 10;
  sync::HttpClient http(quick);
  // No pin: the self-signed certificate is not trusted.
  CHECK_FALSE(http.Request("GET", url, {}).ok());
  // The campaign's pin: trusted, though no authority signed the certificate.
  http.PinPublicKey(pin);
  auto pinned = http.Request("GET", url, {});
  REQUIRE_MESSAGE(pinned.ok(), test::Why(pinned));
  CHECK(pinned->status == 200);
  CHECK(pinned->body == "ok\n");
  // Another key (one bit off): refused, whatever the certificate says.
  crypto::Hash32 other = pin;
  other[0] ^= 1;
  sync::HttpClient stranger(quick);
  stranger.PinPublicKey(other);
  auto refused = stranger.Request("GET", url, {});
  CHECK_FALSE(refused.ok());
  CHECK(server.is_running());

  server.stop();
  serving.join();
}
