// BLAKE2b hashing. Campaign ids, bundle ids and content hashes are 32-byte BLAKE2b digests.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "staccs/base/bytes.h"

namespace staccs::crypto {

using Hash32 = std::array<std::uint8_t, 32>;

Hash32 Blake2b256(ByteView data);
// A keyed hash, for derived tags and keys (key 16..64 bytes).
Hash32 Blake2b256Keyed(ByteView key, ByteView data);

// Streaming form, for content that does not sit in memory whole.
class Hasher {
 public:
  Hasher();
  void Update(ByteView data);
  Hash32 Finish();

 private:
  alignas(64) std::uint8_t state_[384];
};

}  // namespace staccs::crypto
