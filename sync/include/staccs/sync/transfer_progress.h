// Progress of long transfers (stick export and import, sync), shared between the thread doing
// the work and whoever shows it (the desktop client reads it every frame). Lock-free: the
// worker stores counters, readers load them; cancel is a request the worker honours between
// two bundles, so nothing is left half-written.
#pragma once

#include <atomic>
#include <cstdint>

namespace staccs::sync {

struct TransferProgress {
  std::atomic<std::uint64_t> done{0};   // bundles handled so far
  std::atomic<std::uint64_t> total{0};  // bundles to handle (0 until known)
  std::atomic<std::uint64_t> bytes{0};  // bytes moved so far
  std::atomic<bool> cancel{false};      // set by the reader; the worker stops at the next bundle

  void Reset() {
    done = 0;
    total = 0;
    bytes = 0;
    cancel = false;
  }
  bool cancelled() const { return cancel.load(std::memory_order_relaxed); }
};

}  // namespace staccs::sync
