// Secrets in guarded memory. Keys live in sodium_malloc'd pages (guard pages around them,
// excluded from core dumps where the platform allows, wiped on release). They cannot be copied
// by accident: copying a key is an explicit Clone(). sodium_malloc costs whole pages, so only
// keys and passphrases go here, never user content.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>
#include <string_view>

#include "staccs/base/bytes.h"

namespace staccs::crypto {

// Calls sodium_init() once; safe from any thread. Every entry point of this library calls it,
// so callers never need to, but programs call it early to fail fast if the CPU lacks a feature.
bool Initialize();

// A growable-once buffer of secret bytes in guarded memory.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size);  // zero-filled
  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  static SecretBytes Copy(ByteView bytes);
  static SecretBytes Random(std::size_t size);
  SecretBytes Clone() const { return Copy(view()); }

  std::uint8_t* data() { return data_; }
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  ByteView view() const { return {data_, size_}; }
  std::string_view chars() const { return {reinterpret_cast<const char*>(data_), size_}; }

  // Constant-time comparison (sizes are not secret).
  bool Equals(ByteView other) const;

 private:
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// A passphrase typed by a person: same storage, named for what it holds.
using Passphrase = SecretBytes;

// Wipes an ordinary buffer that briefly held a secret (a line read from a file, say).
void Wipe(void* data, std::size_t size);

// An allocator that wipes memory before giving it back: a buffer using it is wiped whenever
// it is freed, on an early return, an exception, or when it grows and moves, so no path can
// forget the wipe. `Base` does the allocating (tests put a recording one there).
template <class T, class Base = std::allocator<T>>
struct WipingAllocator : Base {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = WipingAllocator<U, typename std::allocator_traits<Base>::template rebind_alloc<U>>;
  };
  WipingAllocator() = default;
  template <class U, class B>
  WipingAllocator(const WipingAllocator<U, B>&) noexcept {}
  void deallocate(T* p, std::size_t n) noexcept {
    Wipe(p, n * sizeof(T));
    Base::deallocate(p, n);
  }
  friend bool operator==(const WipingAllocator&, const WipingAllocator&) { return true; }
};

// Ordinary memory for bytes that are secret for a while (a record of keys on its way into or
// out of the store): cheaper than SecretBytes' guarded pages, and it wipes itself.
using WipedBytes = std::vector<std::uint8_t, WipingAllocator<std::uint8_t>>;

// Moves a plain buffer's bytes into a WipedBytes and wipes the plain one.
inline WipedBytes TakeWiped(Bytes&& plain) {
  WipedBytes out(plain.begin(), plain.end());
  Wipe(plain.data(), plain.size());
  plain.clear();
  return out;
}

// Constant-time equality of two byte strings of equal length; false if lengths differ.
bool ConstantTimeEqual(ByteView a, ByteView b);

}  // namespace staccs::crypto
