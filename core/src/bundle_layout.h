// Where things sit in a bundle file, shared by the sealing and the parsing halves.
#pragma once

#include <cstddef>

#include "staccs/core/bundle_file.h"
#include "staccs/crypto/stream_cipher.h"

namespace staccs::core::bundle_layout {

inline constexpr std::size_t kSealedKeyAt = 44;
inline constexpr std::size_t kStreamAt = 124;
inline constexpr std::size_t kBodyAt = kStreamAt + crypto::kStreamHeaderSize;
inline constexpr std::size_t kChunkSealed = kBundleChunk + crypto::kStreamChunkOverhead;

// A body of `body` bytes holds full sealed chunks while more than one remains, then the rest;
// the layout is valid only if the rest can hold a chunk's overhead.
inline std::size_t ChunkCount(std::size_t body) { return (body + kChunkSealed - 1) / kChunkSealed; }
inline bool BodyIsChunkable(std::size_t body) {
  if (body < crypto::kStreamChunkOverhead) return false;
  return body - (ChunkCount(body) - 1) * kChunkSealed >= crypto::kStreamChunkOverhead;
}
// Plaintext bytes a bundle of `size` bytes carries (0 if the size has no valid layout).
inline std::size_t PlaintextCapacity(std::size_t size) {
  const std::size_t body = size - kBodyAt;
  return BodyIsChunkable(body) ? body - ChunkCount(body) * crypto::kStreamChunkOverhead : 0;
}

}  // namespace staccs::core::bundle_layout
