// A link that drops every few kilobytes: a loopback proxy that cuts each connection after a
// number of bytes (both directions counted), and counts every byte it forwards.
#pragma once

#include <cstdint>

#include "loopback.h"

namespace staccs::test {

class CuttingProxy final : public LoopbackProxy {
 public:
  CuttingProxy(int target_port, std::uint64_t cut_after_bytes);
  ~CuttingProxy() override;

 private:
  void Carry(int client, int server) override;
  std::uint64_t cut_after_;
};

}  // namespace staccs::test
