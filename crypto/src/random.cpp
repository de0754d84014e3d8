#include "staccs/crypto/random.h"

#include <sodium.h>

#include "staccs/crypto/secret.h"

namespace staccs::crypto {

Bytes RandomBytes(std::size_t size) {
  Bytes out(size);
  FillRandom(out.data(), size);
  return out;
}

void FillRandom(std::uint8_t* out, std::size_t size) {
  Initialize();
  if (size != 0) randombytes_buf(out, size);
}

std::string RandomId() { return ToHex(RandomBytes(16)); }

std::uint32_t RandomBelow(std::uint32_t upper) {
  Initialize();
  return randombytes_uniform(upper);
}

}  // namespace staccs::crypto
