// TLS pins (SPEC §2: a campaign lists each relay with, optionally, its TLS key pin): with a pin
// the client trusts exactly that key, also on a self-signed relay; a different key is refused
// before any byte is sent. The server here is cpp-httplib's SSLServer with a certificate made
// for the test (a relay on the open internet sits behind nginx with TLS the same way).
#include <doctest/doctest.h>

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstdio>
#include <thread>

#include "test_support.h"
#include "staccs/sync/http_client.h"

using namespace staccs;

namespace {

// A fresh P-256 key and a self-signed certificate for it, written as PEM files; returns the
// SHA-256 of the key's SubjectPublicKeyInfo (what a campaign file pins).
crypto::Hash32 MakeSelfSigned(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  REQUIRE(key != nullptr);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("relay.test"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
  FILE* f = std::fopen(cert_path.c_str(), "w");
  PEM_write_X509(f, cert);
  std::fclose(f);
  f = std::fopen(key_path.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  unsigned char* spki = nullptr;
  const int len = i2d_PUBKEY(key, &spki);
  REQUIRE(len > 0);
  crypto::Hash32 pin{};
  SHA256(spki, static_cast<std::size_t>(len), pin.data());
  OPENSSL_free(spki);
  X509_free(cert);
  EVP_PKEY_free(key);
  return pin;
}

}  // namespace

TEST_CASE("a pinned relay key is trusted without a certificate authority, and any other key is refused") {
  test::TempDir dir;
  const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  const crypto::Hash32 pin = MakeSelfSigned(cert, key);
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
