// libFuzzer harness for the received-log parser, and the index a kit builds from what it parsed
// (the index sorts and searches entries that came from outside bytes).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_campaign.h"
#include "staccs/core/received_log.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const staccs::fuzz::FixedCampaign fixed;
  auto log = staccs::core::ParseReceivedLog({data, size}, fixed.campaign);
  if (!log) return 0;
  const staccs::core::ReceivedLogIndex index(log->entries);
  for (const auto& e : log->entries) {
    // Every parsed entry is found, under its own tag and not under another.
    if (!index.Lists(e.bundle_id) || !index.Acknowledges(e.bundle_id, e.ack_tag) || !log->Lists(e.bundle_id))
      std::abort();
    auto other = e.ack_tag;
    other[0] ^= 0x01;
    (void)index.Acknowledges(e.bundle_id, other);
  }
  (void)index.Lists(staccs::crypto::Hash32{});
  // A version 2 log a relay stored: the extension it serves after any prefix rebuilds it.
  const staccs::ByteView file(data, size);
  for (std::size_t k : {std::size_t{0}, log->entries.size() / 2, log->entries.size()}) {
    auto extension = staccs::core::ReceivedLogExtensionFrom(file, static_cast<std::uint32_t>(k));
    if (!extension) continue;  // version 1: served whole
    staccs::core::ReceivedLog prefix{log->campaign_id, 0, {log->entries.begin(), log->entries.begin() + k}};
    auto whole = staccs::core::ExtendReceivedLog(*extension, fixed.campaign, prefix);
    if (!whole || *whole != staccs::Bytes(file.begin(), file.end())) std::abort();
  }
  return 0;
}
