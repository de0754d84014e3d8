// Ed25519 signatures with domain separation (SPEC §3.7). What is signed is never the bare
// message but: "STACCS-SIG" 0x00, the domain's context string, 0x00, u16 domain, u16 version,
// u64 message length, message. A signature made for one purpose therefore never verifies for
// another, and changing a format's version invalidates old signatures on purpose.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/crypto/secret.h"

namespace staccs::crypto {

// Every purpose a key signs for. Numbers are part of the formats: never reuse one.
enum class SignatureDomain : std::uint16_t {
  kCampaignFile = 1,      // campaign file, by the campaign signing key
  kPullSubkeyCert = 2,    // the signing key certifying the pull subkey
  kBundleAuthor = 3,      // a participant's per-campaign key over a submission
  kReceivedLog = 4,       // received-log, by the pull subkey
  kRelayReceipt = 5,      // a relay's receipt for a stored bundle
  kPullProof = 6,         // a pull request, by the pull subkey
  kReleaseArtifact = 7,   // release signing
};

std::string_view ContextString(SignatureDomain domain);

using SigningPublicKey = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;

class SigningKeyPair {
 public:
  static SigningKeyPair Generate();
  // Deterministic from a 32-byte seed (used for per-campaign participant keys).
  static SigningKeyPair FromSeed(const SecretBytes& seed32);
  // From a stored 64-byte libsodium secret key (seed || public key).
  static Result<SigningKeyPair> FromSecretKey(const SecretBytes& secret64);

  const SigningPublicKey& public_key() const { return public_key_; }
  const SecretBytes& secret_key() const { return secret_key_; }
  SigningKeyPair Clone() const;

  Signature Sign(SignatureDomain domain, std::uint16_t version, ByteView message) const;

 private:
  SigningKeyPair() = default;
  SecretBytes secret_key_;
  SigningPublicKey public_key_{};
};

[[nodiscard]] bool Verify(const SigningPublicKey& key, SignatureDomain domain,
                          std::uint16_t version, ByteView message, const Signature& signature);

}  // namespace staccs::crypto
