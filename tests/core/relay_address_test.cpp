// --relay URL[#RECEIPT_KEY[#PIN]]: the one reader of how a secretariat names a relay, with the
// pin spelled as curl and nginx operators spell it (sha256//base64).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "staccs/core/relay_address.h"
#include "test_support.h"

using namespace staccs;
using namespace staccs::core;

namespace {

const std::string kKeyHex(64, 'a');
// SHA-256 of the empty string, in hex and as `openssl dgst -sha256 -binary | base64` prints it.
const std::string kEmptySha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const std::string kEmptyPin = "sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

crypto::Hash32 EmptySha256() {
  crypto::Hash32 h{};
  auto bytes = FromHex(kEmptySha256Hex);
  std::copy(bytes->begin(), bytes->end(), h.begin());
  return h;
}

}  // namespace

TEST_CASE("a relay address reads as URL, URL#KEY, URL#KEY#PIN and URL##PIN, and prints back the same") {
  auto plain = ParseRelayAddress("https://relay.example.org");
  REQUIRE(plain.ok());
  CHECK(plain->url == "https://relay.example.org");
  CHECK_FALSE(plain->receipt_key.has_value());
  CHECK_FALSE(plain->tls_pin.has_value());

  auto keyed = ParseRelayAddress("http://127.0.0.1:8477#" + kKeyHex);
  REQUIRE(keyed.ok());
  CHECK(keyed->url == "http://127.0.0.1:8477");
  REQUIRE(keyed->receipt_key.has_value());
  CHECK(ToHex(*keyed->receipt_key) == kKeyHex);
  CHECK_FALSE(keyed->tls_pin.has_value());

  auto pinned = ParseRelayAddress("https://relay.example.org#" + kKeyHex + "#" + kEmptyPin);
  REQUIRE_MESSAGE(pinned.ok(), test::Why(pinned));
  REQUIRE(pinned->tls_pin.has_value());
  CHECK(*pinned->tls_pin == EmptySha256());
  CHECK(pinned->receipt_key.has_value());

  auto pin_only = ParseRelayAddress("https://relay.example.org##" + kEmptyPin);
  REQUIRE(pin_only.ok());
  CHECK_FALSE(pin_only->receipt_key.has_value());
  CHECK(*pin_only->tls_pin == EmptySha256());

  for (const std::string& s : std::vector<std::string>{"https://relay.example.org", "http://127.0.0.1:8477#" + kKeyHex,
                              "https://relay.example.org#" + kKeyHex + "#" + kEmptyPin,
                              "https://relay.example.org##" + kEmptyPin}) {
    CAPTURE(s);
    CHECK(FormatRelayAddress(*ParseRelayAddress(s)) == s);
  }
  CHECK(FormatTlsPin(EmptySha256()) == kEmptyPin);
}

TEST_CASE("a relay address with a bad URL, key or pin is a usage error that names the part") {
  struct Case {
    std::string text, says;
  };
  const Case cases[] = {
      {"relay.example.org", "http:// or https://"},
      {"ftp://relay.example.org", "http:// or https://"},
      {"https://", "no host"},
      {"https://relay example.org", "space"},
      {"https://relay.example.org#abc", "64 hex digits"},
      {"https://relay.example.org#" + kKeyHex + "00", "64 hex digits"},
      {"https://relay.example.org#" + kKeyHex + "#" + kEmptySha256Hex, "sha256//"},
      {"https://relay.example.org#" + kKeyHex + "#sha256//47DEQpj8HBSa", "44 base64"},
      // A stray bit in the last character: another spelling of a pin is refused, not rounded.
      {"https://relay.example.org#" + kKeyHex + "#sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=", "44 base64"},
      {"https://relay.example.org#" + kKeyHex + "#sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF*=", "44 base64"},
      {"https://relay.example.org#" + kKeyHex + "#" + kEmptyPin + "#x", "too many"},
      {"http://relay.example.org#" + kKeyHex + "#" + kEmptyPin, "https://"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto r = ParseRelayAddress(c.text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::kUsage);
    CHECK(r.error().message.find(c.says) != std::string::npos);
    CHECK(r.error().message.find(c.text) != std::string::npos);
  }
}
