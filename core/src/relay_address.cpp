#include "staccs/core/relay_address.h"

#include <algorithm>
#include <array>

namespace staccs::core {

namespace {

constexpr std::string_view kPinPrefix = "sha256//";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
  const char* end = kBase64 + 64;
  const char* p = std::find(kBase64, end, c);
  return p == end ? -1 : static_cast<int>(p - kBase64);
}

// Exactly 32 bytes in padded standard base64 (44 characters, one '='), with no stray bits in
// the last character: one spelling per pin, so two pins compare as text too.
std::optional<crypto::Hash32> DecodePin(std::string_view b64) {
  if (b64.size() != 44 || b64[43] != '=') return std::nullopt;
  crypto::Hash32 out{};
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < 43; ++i) {
    const int v = Base64Value(b64[i]);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<std::uint8_t>(acc >> bits);
      acc &= (1u << bits) - 1;
    }
  }
  if (n != 32 || acc != 0) return std::nullopt;
  return out;
}

}  // namespace

std::string FormatTlsPin(const crypto::Hash32& spki_sha256) {
  std::string out(kPinPrefix);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::uint8_t b : spki_sha256) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kBase64[(acc << (6 - bits)) & 63];
  while ((out.size() - kPinPrefix.size()) % 4 != 0) out += '=';
  return out;
}

Result<RelayEntry> ParseRelayAddress(std::string_view text) {
  const std::string whole(text);
  auto bad = [&](const std::string& why) { return Error::Usage("--relay " + whole + ": " + why); };
  RelayEntry relay;
  std::string_view url = text, key, pin;
  bool has_key = false, has_pin = false;
  if (auto h = text.find('#'); h != std::string_view::npos) {
    url = text.substr(0, h);
    key = text.substr(h + 1);
    has_key = true;
    if (auto h2 = key.find('#'); h2 != std::string_view::npos) {
      pin = key.substr(h2 + 1);
      key = key.substr(0, h2);
      has_pin = true;
      if (pin.find('#') != std::string_view::npos) return bad("too many '#': use URL#RECEIPT_KEY#sha256//PIN");
    }
  }
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    return bad("the URL must start with http:// or https://");
  if (url.size() <= url.find("//") + 2) return bad("the URL names no host");
  if (std::any_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; }))
    return bad("the URL has a space or a control character");
  relay.url = std::string(url);
  if (has_key && !(key.empty() && has_pin)) {
    auto k = FromHex(key);
    if (!k || k->size() != 32)
      return bad("the receipt key after '#' must be 64 hex digits (staccs-relay --print-key)");
    crypto::SigningPublicKey rk;
    std::copy(k->begin(), k->end(), rk.begin());
    relay.receipt_key = rk;
  }
  if (has_pin) {
    if (pin.rfind(kPinPrefix, 0) != 0)
      return bad("the TLS pin must be sha256// and the base64 SHA-256 of the relay's public key");
    if (relay.url.rfind("https://", 0) != 0) return bad("a TLS pin needs an https:// URL");
    auto p = DecodePin(pin.substr(kPinPrefix.size()));
    if (!p) return bad("the TLS pin after sha256// must be 44 base64 characters (a SHA-256)");
    relay.tls_pin = *p;
  }
  return relay;
}

std::string FormatRelayAddress(const RelayEntry& relay) {
  std::string out = relay.url;
  if (relay.receipt_key || relay.tls_pin) out += "#";
  if (relay.receipt_key) out += ToHex(*relay.receipt_key);
  if (relay.tls_pin) out += "#" + FormatTlsPin(*relay.tls_pin);
  return out;
}

}  // namespace staccs::core
