// libFuzzer harness for the bundle parser. The first byte picks the layer: even, the whole
// file through OpenBundle (envelope, key, stream); odd, a decrypted plaintext through
// ParseBundlePlaintext (inner records and the author signature), which random bytes could
// never reach through the authenticated stream.
#include <cstddef>
#include <cstdint>

#include "fuzz_campaign.h"
#include "staccs/core/bundle_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const staccs::fuzz::FixedCampaign fixed;
  if (size == 0) return 0;
  const staccs::ByteView rest(data + 1, size - 1);
  if (data[0] % 2 == 0) {
    (void)staccs::core::OpenBundle(rest, fixed.campaign, fixed.encryption);
    (void)staccs::core::ParseBundleEnvelope(rest);
  } else {
    (void)staccs::core::ParseBundlePlaintext(rest, fixed.campaign);
  }
  return 0;
}
