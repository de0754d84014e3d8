#include "staccs/crypto/sealed_box.h"

#include <sodium.h>

namespace staccs::crypto {

static_assert(crypto_box_SEALBYTES == kSealOverhead);

BoxKeyPair BoxKeyPair::Generate() {
  Initialize();
  BoxKeyPair kp;
  kp.secret_key_ = SecretBytes(crypto_box_SECRETKEYBYTES);
  crypto_box_keypair(kp.public_key_.data(), kp.secret_key_.data());
  return kp;
}

Result<BoxKeyPair> BoxKeyPair::FromSecretKey(const SecretBytes& secret32) {
  Initialize();
  if (secret32.size() != crypto_box_SECRETKEYBYTES)
    return Error::BadInput("encryption key has the wrong length");
  BoxKeyPair kp;
  kp.secret_key_ = secret32.Clone();
  crypto_scalarmult_base(kp.public_key_.data(), kp.secret_key_.data());
  return kp;
}

Result<WipedBytes> BoxKeyPair::Open(ByteView sealed) const {
  if (sealed.size() < kSealOverhead) return Error::BadInput("sealed data is truncated");
  WipedBytes out(sealed.size() - kSealOverhead);
  if (crypto_box_seal_open(out.data(), sealed.data(), sealed.size(), public_key_.data(),
                           secret_key_.data()) != 0)
    return Error::BadInput("sealed data does not open with this key");
  return out;
}

Bytes SealTo(const BoxPublicKey& recipient, ByteView plaintext) {
  Initialize();
  Bytes out(plaintext.size() + kSealOverhead);
  crypto_box_seal(out.data(), plaintext.data(), plaintext.size(), recipient.data());
  return out;
}

}  // namespace staccs::crypto
