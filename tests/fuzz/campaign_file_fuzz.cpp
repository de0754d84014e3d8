// libFuzzer harness for the campaign file parser: any bytes in, a Result out, never a crash,
// a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>

#include "staccs/core/campaign_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto result = staccs::core::ParseCampaignFile({data, size});
  if (result.ok()) {
    // Whatever parses must survive a second look at its own fields.
    volatile std::size_t n = result->questions.size() + result->relays.size();
    (void)n;
  }
  return 0;
}
