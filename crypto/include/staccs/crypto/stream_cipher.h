// Chunked authenticated encryption (libsodium secretstream, XChaCha20-Poly1305) for content
// that may be large: each chunk is authenticated on its own, the order is fixed, and the last
// chunk carries a FINAL tag so a truncated stream is detected.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <functional>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/crypto/secret.h"

namespace staccs::crypto {

inline constexpr std::size_t kStreamKeySize = 32;
inline constexpr std::size_t kStreamHeaderSize = 24;
inline constexpr std::size_t kStreamChunkOverhead = 17;

class StreamEncryptor {
 public:
  // Writes the stream header to `out`.
  StreamEncryptor(const SecretBytes& key, Bytes& out);
  ~StreamEncryptor();
  // Appends one encrypted chunk; `associated_data` is authenticated with it (may be empty).
  void Push(ByteView chunk, ByteView associated_data, bool final);
  // Encrypts one chunk into `out`, which must have room for chunk.size() + 17 bytes.
  void PushTo(std::uint8_t* out, ByteView chunk, ByteView associated_data, bool final);

 private:
  Bytes& out_;
  std::unique_ptr<std::uint8_t[]> state_;
};

class StreamDecryptor {
 public:
  // Fails if the header is short.
  static Result<StreamDecryptor> Start(const SecretBytes& key, ByteView header);
  StreamDecryptor(StreamDecryptor&&) noexcept = default;
  ~StreamDecryptor();
  // Decrypts one chunk of exactly `sealed.size()` bytes; `final` tells whether it was the last.
  Result<WipedBytes> Pull(ByteView sealed, ByteView associated_data, bool& final);  // wipes itself when freed

 private:
  StreamDecryptor() = default;
  std::unique_ptr<std::uint8_t[]> state_;
};

}  // namespace staccs::crypto
