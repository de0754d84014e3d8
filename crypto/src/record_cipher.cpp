#include "staccs/crypto/record_cipher.h"

#include <sodium.h>

#include <cassert>

namespace staccs::crypto {

static constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
static constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kNonce + kTag == kRecordOverhead);

Bytes SealRecord(const SecretBytes& key, ByteView plaintext, ByteView ad) {
  assert(key.size() == kRecordKeySize);
  Initialize();
  Bytes out(kNonce + plaintext.size() + kTag);
  randombytes_buf(out.data(), kNonce);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kNonce, &written, plaintext.data(),
                                             plaintext.size(), ad.data(), ad.size(), nullptr,
                                             out.data(), key.data());
  return out;
}

// Opens into any buffer type with data()/size(); shared by both public functions.
template <class Buffer>
static bool OpenInto(const SecretBytes& key, ByteView sealed, ByteView ad, Buffer& out) {
  unsigned long long written = 0;
  return crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &written, nullptr,
                                                    sealed.data() + kNonce, sealed.size() - kNonce,
                                                    ad.data(), ad.size(), sealed.data(),
                                                    key.data()) == 0;
}

Result<WipedBytes> OpenRecord(const SecretBytes& key, ByteView sealed, ByteView ad) {
  assert(key.size() == kRecordKeySize);
  Initialize();
  if (sealed.size() < kRecordOverhead) return Error::BadInput("encrypted record is truncated");
  WipedBytes out(sealed.size() - kRecordOverhead);  // wiped when freed, the failure below included
  if (!OpenInto(key, sealed, ad, out)) return Error::BadInput("encrypted record does not authenticate");
  return out;
}

Result<SecretBytes> OpenSecretRecord(const SecretBytes& key, ByteView sealed, ByteView ad) {
  assert(key.size() == kRecordKeySize);
  Initialize();
  if (sealed.size() < kRecordOverhead) return Error::BadInput("encrypted key is truncated");
  SecretBytes out(sealed.size() - kRecordOverhead);
  if (!OpenInto(key, sealed, ad, out)) return Error::BadInput("encrypted key does not authenticate");
  return out;
}

}  // namespace staccs::crypto
