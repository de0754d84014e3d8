// libFuzzer harness for the received-log extension parser (issue 15): an extension from a relay
// against a fixed held log. Whatever it accepts must rebuild a log that parses, starts with the
// held entries, and gives back the same extension.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_campaign.h"
#include "staccs/core/received_log.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const staccs::fuzz::FixedCampaign fixed;
  static const staccs::core::ReceivedLog held = staccs::fuzz::FixedHeldLog(fixed);
  const staccs::ByteView input(data, size);
  auto whole = staccs::core::ExtendReceivedLog(input, fixed.campaign, held);
  if (!whole) return 0;
  auto log = staccs::core::ParseReceivedLog(*whole, fixed.campaign);
  if (!log || log->entries.size() < held.entries.size() ||
      !std::equal(held.entries.begin(), held.entries.end(), log->entries.begin()))
    std::abort();
  auto again = staccs::core::ReceivedLogExtensionFrom(*whole, static_cast<std::uint32_t>(held.entries.size()));
  if (!again || *again != staccs::Bytes(input.begin(), input.end())) std::abort();
  return 0;
}
