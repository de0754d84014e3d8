// keys.bin: the one small file that holds the kit's data key, wrapped by the passphrase key.
// The database never holds the data key, so a panic wipe only has to destroy this file.
//
//   offset size  field
//   0      8     magic "STACCSKF"
//   8      2     format version (1)
//   10     2     reserved (0)
//   12     8     Argon2id ops limit
//   20     8     Argon2id memory limit (bytes)
//   28     16    salt
//   44     4     wipe after this many failed unlocks (0: never)
//   48     72    main slot: nonce(24) || XChaCha20-Poly1305(data key, 32) || tag(16)
//   120    72    duress slot: the same shape; random bytes when no duress passphrase is set,
//                so the file looks the same either way
//   192          end
// Both slots are opened with the key derived from the typed passphrase; bytes 0..43 and a slot
// letter ('M' or 'D') are their associated data, so a changed cost or salt is detected rather
// than silently used. The wipe-after count is deliberately outside it: the owner changes it
// without re-wrapping, and whoever can write this file can delete it anyway.
#pragma once

#include <array>
#include <cstdint>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/crypto/passphrase_kdf.h"

namespace staccs::core {

inline constexpr std::size_t kKeyFileSize = 192;
inline constexpr std::size_t kKeySlotSize = 72;

struct KeyFile {
  crypto::KdfParams kdf;
  std::uint32_t wipe_after_failures = 0;
  std::array<std::uint8_t, kKeySlotSize> main_slot{};
  std::array<std::uint8_t, kKeySlotSize> duress_slot{};

  Bytes Serialize() const;
  static Result<KeyFile> Parse(ByteView bytes);
  // The associated data both slots are sealed with.
  Bytes SlotAssociatedData(bool duress) const;
};

}  // namespace staccs::core
