// libFuzzer harness for the attachment metadata stripper (JPEG and PNG walkers). Whatever it
// returns for a JPEG or PNG must be no larger than its input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "staccs/core/attachment_metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  staccs::core::MetadataReport report;
  auto out = staccs::core::StripMetadata({data, size}, "fuzz.jpg", report);
  if (out.ok() && out->size() > size) std::abort();
  return 0;
}
