#include "staccs/crypto/secret.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace staccs::crypto {

bool Initialize() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

SecretBytes::SecretBytes(std::size_t size) : size_(size) {
  if (!Initialize()) std::abort();
  if (size == 0) return;
  data_ = static_cast<std::uint8_t*>(sodium_malloc(size));
  // Out of guarded memory: carrying on would put a key in ordinary memory. Stop instead.
  if (data_ == nullptr) std::abort();
  sodium_memzero(data_, size);
}

SecretBytes::~SecretBytes() {
  if (data_ != nullptr) sodium_free(data_);  // wipes before releasing
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) sodium_free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecretBytes SecretBytes::Copy(ByteView bytes) {
  SecretBytes s(bytes.size());
  if (!bytes.empty()) std::memcpy(s.data_, bytes.data(), bytes.size());
  return s;
}

SecretBytes SecretBytes::Random(std::size_t size) {
  SecretBytes s(size);
  if (size != 0) randombytes_buf(s.data_, size);
  return s;
}

bool SecretBytes::Equals(ByteView other) const { return ConstantTimeEqual(view(), other); }

void Wipe(void* data, std::size_t size) {
  if (size != 0) sodium_memzero(data, size);
}

bool ConstantTimeEqual(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace staccs::crypto
