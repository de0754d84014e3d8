// libFuzzer harness for the received-log parser.
#include <cstddef>
#include <cstdint>

#include "fuzz_campaign.h"
#include "staccs/core/received_log.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const staccs::fuzz::FixedCampaign fixed;
  (void)staccs::core::ParseReceivedLog({data, size}, fixed.campaign);
  return 0;
}
