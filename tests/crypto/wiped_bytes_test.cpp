// Secrets in ordinary memory wipe themselves: whatever way the code leaves a scope, the bytes
// are zero before the memory goes back to the heap (issue 8: manual wipes were skipped by
// early returns).
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <stdexcept>
#include <vector>

#include "staccs/crypto/record_cipher.h"
#include "staccs/crypto/sealed_box.h"
#include "staccs/crypto/secret.h"
#include "staccs/crypto/stream_cipher.h"

using namespace staccs;

namespace {

// What the heap got back: for each buffer freed, whether every byte was zero.
std::vector<bool>* g_freed_clean = nullptr;

template <class T>
struct RecordingAllocator : std::allocator<T> {
  using value_type = T;
  template <class U>
  struct rebind { using other = RecordingAllocator<U>; };
  RecordingAllocator() = default;
  template <class U>
  RecordingAllocator(const RecordingAllocator<U>&) noexcept {}
  void deallocate(T* p, std::size_t n) noexcept {
    const auto* bytes = reinterpret_cast<const unsigned char*>(p);
    if (g_freed_clean) g_freed_clean->push_back(std::all_of(bytes, bytes + n * sizeof(T), [](unsigned char b) { return b == 0; }));
    std::allocator<T>::deallocate(p, n);
  }
};

using Recorded = std::vector<std::uint8_t, crypto::WipingAllocator<std::uint8_t, RecordingAllocator<std::uint8_t>>>;

int EarlyReturn(bool leave_early) {
  Recorded secret(64, 0xA5);
  if (leave_early) return 1;
  return 2;
}

void Throws() {
  Recorded secret(64, 0x5A);
  throw std::runtime_error("malformed");
}

}  // namespace

TEST_CASE("a wiping buffer is zero when it is freed: on an early return, an exception and when it grows") {
  std::vector<bool> freed;
  g_freed_clean = &freed;
  CHECK(EarlyReturn(true) == 1);
  CHECK(EarlyReturn(false) == 2);
  CHECK_THROWS(Throws());
  {
    Recorded grows(16, 0x11);
    for (int i = 0; i < 1000; ++i) grows.push_back(0x22);  // reallocations free the old buffers
  }
  g_freed_clean = nullptr;
  REQUIRE(freed.size() >= 5);
  CHECK(std::all_of(freed.begin(), freed.end(), [](bool clean) { return clean; }));
}

TEST_CASE("TakeWiped moves a plain buffer's bytes and leaves the plain one wiped and empty") {
  Bytes plain(32, 0x7F);
  const std::uint8_t* old = plain.data();
  crypto::WipedBytes wiped = crypto::TakeWiped(std::move(plain));
  CHECK(wiped == crypto::WipedBytes(32, 0x7F));
  CHECK(plain.empty());
  CHECK(plain.data() == old);  // the same allocation, cleared: its bytes were overwritten
  CHECK(std::all_of(old, old + 32, [](std::uint8_t b) { return b == 0; }));
}

namespace {

int GuardedEarlyReturn(std::string& secret, bool leave_early) {
  crypto::WipeOnExit wipe(secret);
  if (leave_early) return 1;  // the kind of return that used to skip a manual wipe
  secret += " and more";
  return 2;
}

void GuardedThrow(std::array<std::uint8_t, 32>& secret) {
  crypto::WipeOnExit wipe(secret);
  throw std::runtime_error("malformed");
}

bool AllZero(const char* p, std::size_t n) { return std::all_of(p, p + n, [](char c) { return c == 0; }); }

}  // namespace

TEST_CASE("WipeOnExit wipes its buffer however the scope ends: an early return, the normal end, an exception") {
  std::string early = "answers of the participant";
  CHECK(GuardedEarlyReturn(early, true) == 1);
  CHECK(AllZero(early.data(), early.size()));
  std::string normal = "a recovery code";
  CHECK(GuardedEarlyReturn(normal, false) == 2);
  CHECK(normal.size() == std::string("a recovery code and more").size());
  CHECK(AllZero(normal.data(), normal.size()));
  std::array<std::uint8_t, 32> key{};
  key.fill(0xC3);
  CHECK_THROWS(GuardedThrow(key));
  CHECK(std::all_of(key.begin(), key.end(), [](std::uint8_t b) { return b == 0; }));
}

TEST_CASE("SecretText, a field's passphrase: typing does not reallocate, and Clear wipes in place") {
  crypto::SecretText field;
  const char* buffer = field.data();
  for (char c : std::string("correct horse battery staple, and then some more words")) field.push_back(c);
  CHECK(field.data() == buffer);  // no stranded copy of a shorter prefix
  const std::size_t typed = field.size();
  field.Clear();
  CHECK(field.empty());
  CHECK(AllZero(buffer, typed));
  field = std::string_view("a recovery code");
  CHECK(field == "a recovery code");
}

TEST_CASE("what the crypto library decrypts comes back in a buffer that wipes itself") {
  // A decrypted record, a sealed box's plaintext and a stream chunk: each is a self-wiping type,
  // so no caller can forget (or return before) a wipe.
  using OpenRecordResult = decltype(crypto::OpenRecord(std::declval<const crypto::SecretBytes&>(), ByteView(), ByteView()));
  using BoxOpenResult = decltype(std::declval<const crypto::BoxKeyPair&>().Open(ByteView()));
  using PullResult = decltype(std::declval<crypto::StreamDecryptor&>().Pull(ByteView(), ByteView(), std::declval<bool&>()));
  CHECK(std::is_same_v<OpenRecordResult, Result<crypto::WipedBytes>>);
  CHECK(std::is_same_v<BoxOpenResult, Result<crypto::WipedBytes>>);
  CHECK(std::is_same_v<PullResult, Result<crypto::WipedBytes>>);
}
