// A loopback proxy that behaves like a slow, distant link: each direction carries at
// most `bytes_per_second`, and every byte arrives `one_way_delay` after it was sent (half the
// round trip). Counts bytes and connections. For the "bad links" figures (SPEC §6: 240 kbit/s,
// 840 ms round trip).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "loopback.h"

namespace staccs::test {

class ShapingProxy final : public LoopbackProxy {
 public:
  ShapingProxy(int target_port, std::uint64_t bytes_per_second, std::chrono::milliseconds one_way_delay);
  ~ShapingProxy() override;

 private:
  void Carry(int client, int server) override;
  // Carries one direction until either side closes.
  void Direction(int from, int to, std::atomic<bool>& done);

  std::uint64_t rate_;
  std::chrono::milliseconds delay_;
};

}  // namespace staccs::test
