// Passphrase to key with Argon2id. The salt and cost are stored with whatever the key protects,
// so a kit made on one machine opens on another and the cost can rise later.
#pragma once

#include <array>
#include <cstdint>

#include "staccs/base/result.h"
#include "staccs/crypto/secret.h"

namespace staccs::crypto {

struct KdfParams {
  std::uint64_t ops_limit = 0;
  std::uint64_t mem_limit = 0;  // bytes
  std::array<std::uint8_t, 16> salt{};
};

enum class KdfProfile {
  kStandard,  // for people: 256 MiB, 5 passes: ~0.55 s on the reference machine
  kSensitive, // for recovery codes and backups that may be attacked offline for years
  kFastInsecureForTests,  // tests and benchmarks only: minimal cost, never for real kits
};

// New parameters with a fresh random salt.
KdfParams NewKdfParams(KdfProfile profile);

// Derives a 32-byte key. Fails only when the machine cannot give the memory asked for.
Result<SecretBytes> DerivePassphraseKey(ByteView passphrase, const KdfParams& params);

}  // namespace staccs::crypto
