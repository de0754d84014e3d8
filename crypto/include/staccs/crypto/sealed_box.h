// Anonymous sealing to a recipient's X25519 key (libsodium crypto_box_seal): the campaign's
// encryption key. Only the holder of the secret key opens; the sender stays anonymous.
#pragma once

#include <array>
#include <cstdint>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/crypto/secret.h"

namespace staccs::crypto {

using BoxPublicKey = std::array<std::uint8_t, 32>;
inline constexpr std::size_t kSealOverhead = 48;

class BoxKeyPair {
 public:
  static BoxKeyPair Generate();
  static Result<BoxKeyPair> FromSecretKey(const SecretBytes& secret32);
  const BoxPublicKey& public_key() const { return public_key_; }
  const SecretBytes& secret_key() const { return secret_key_; }

  Result<WipedBytes> Open(ByteView sealed) const;  // the plaintext wipes itself when freed

 private:
  BoxKeyPair() = default;
  SecretBytes secret_key_;
  BoxPublicKey public_key_{};
};

Bytes SealTo(const BoxPublicKey& recipient, ByteView plaintext);

}  // namespace staccs::crypto
