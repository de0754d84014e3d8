// Randomness from the operating system's generator (libsodium's randombytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "staccs/base/bytes.h"

namespace staccs::crypto {

Bytes RandomBytes(std::size_t size);
void FillRandom(std::uint8_t* out, std::size_t size);
// A fresh random identifier: 16 bytes as 32 lowercase hex characters.
std::string RandomId();
// Uniform in [0, upper).
std::uint32_t RandomBelow(std::uint32_t upper);

}  // namespace staccs::crypto
