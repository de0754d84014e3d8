// Secrets in ordinary memory wipe themselves: whatever way the code leaves a scope, the bytes
// are zero before the memory goes back to the heap (issue 8: manual wipes were skipped by
// early returns).
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

#include "staccs/crypto/secret.h"

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
