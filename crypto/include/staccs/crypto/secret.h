// Secrets in guarded memory. Keys live in sodium_malloc'd pages (guard pages around them,
// excluded from core dumps where the platform allows, wiped on release). They cannot be copied
// by accident: copying a key is an explicit Clone(). sodium_malloc costs whole pages, so only
// keys and passphrases go here, never user content.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>
#include <string>
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

// Wipes an ordinary buffer (a std::string, std::array or Bytes) when the scope that declares it
// ends, however it ends: a return, STACCS_TRY, an exception. For secrets whose type is fixed by
// what they come from or go to (text read from a file, a recovery code shown once); declare it
// right after the buffer. The buffer must outlive the guard. Outside the crypto library, this and
// the self-wiping types above are the only way to wipe (tests/scripts/check-wipes.sh).
template <class Buffer>
class WipeOnExit {
 public:
  explicit WipeOnExit(Buffer& buffer) noexcept : buffer_(buffer) {}
  ~WipeOnExit() { Wipe(buffer_.data(), buffer_.size() * sizeof(*buffer_.data())); }
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  Buffer& buffer_;
};

// The text of a field where a person types a secret (a passphrase, a recovery code): a string the
// GUI edits in place, wiped by Clear(), when replaced and when it goes. Room is reserved up front
// so that typing does not reallocate and strand unwiped copies of what was typed so far.
class SecretText : public std::string {
 public:
  SecretText() { reserve(kRoom); }
  SecretText(const SecretText&) = delete;
  SecretText& operator=(const SecretText&) = delete;
  SecretText(SecretText&& other) noexcept { swap(other); }
  SecretText& operator=(SecretText&& other) noexcept {
    Clear();
    swap(other);
    return *this;
  }
  SecretText& operator=(std::string_view text) {
    Clear();
    append(text);
    return *this;
  }
  ~SecretText() { Clear(); }
  void Clear() noexcept {
    Wipe(data(), size());
    clear();
  }

 private:
  static constexpr std::size_t kRoom = 256;
};

// Constant-time equality of two byte strings of equal length; false if lengths differ.
bool ConstantTimeEqual(ByteView a, ByteView b);

}  // namespace staccs::crypto
