#include "staccs/crypto/hash.h"

#include <sodium.h>

#include "staccs/crypto/secret.h"

namespace staccs::crypto {

static_assert(sizeof(crypto_generichash_state) <= 384, "Hasher state too small");

Hash32 Blake2b256(ByteView data) {
  Initialize();
  Hash32 out;
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  return out;
}

Hash32 Blake2b256Keyed(ByteView key, ByteView data) {
  Initialize();
  Hash32 out;
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), key.data(), key.size());
  return out;
}

Hasher::Hasher() {
  Initialize();
  crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(state_), nullptr, 0, 32);
}

void Hasher::Update(ByteView data) {
  crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(state_), data.data(),
                            data.size());
}

Hash32 Hasher::Finish() {
  Hash32 out;
  crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(state_), out.data(),
                           out.size());
  return out;
}

}  // namespace staccs::crypto
