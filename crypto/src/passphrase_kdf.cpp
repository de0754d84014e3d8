#include "staccs/crypto/passphrase_kdf.h"

#include <sodium.h>

namespace staccs::crypto {

KdfParams NewKdfParams(KdfProfile profile) {
  Initialize();
  KdfParams p;
  switch (profile) {
    case KdfProfile::kStandard:
      // 256 MiB and 5 passes: ~0.55 s on the reference machine (bench/store_bench), inside
      // the 0.5-1 s unlock budget; libsodium's MODERATE (3 passes) measured only ~0.33 s.
      p.ops_limit = 5;
      p.mem_limit = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
    case KdfProfile::kSensitive:
      // Recovery codes and backups: attacked offline for years, opened rarely. ~0.9 s here.
      p.ops_limit = 8;
      p.mem_limit = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
    case KdfProfile::kFastInsecureForTests:
      p.ops_limit = crypto_pwhash_OPSLIMIT_MIN;
      p.mem_limit = crypto_pwhash_MEMLIMIT_MIN;
      break;
  }
  randombytes_buf(p.salt.data(), p.salt.size());
  return p;
}

Result<SecretBytes> DerivePassphraseKey(ByteView passphrase, const KdfParams& params) {
  Initialize();
  if (params.ops_limit < crypto_pwhash_OPSLIMIT_MIN || params.ops_limit > 64 ||
      params.mem_limit < crypto_pwhash_MEMLIMIT_MIN || params.mem_limit > (std::uint64_t{4} << 30))
    return Error::BadInput("key derivation parameters out of range");
  SecretBytes key(32);
  if (crypto_pwhash(key.data(), key.size(), reinterpret_cast<const char*>(passphrase.data()),
                    passphrase.size(), params.salt.data(), params.ops_limit,
                    static_cast<std::size_t>(params.mem_limit), crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Error::Local("not enough memory to derive the key from the passphrase (" +
                        std::to_string(params.mem_limit >> 20) + " MiB needed)");
  return key;
}

}  // namespace staccs::crypto
