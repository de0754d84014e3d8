// Hidden metadata in attachments (SPEC §2, Submission): photo EXIF with GPS positions and
// device serials, XMP and IPTC blocks, comments, embedded text. Removed where the format allows
// it without re-encoding (JPEG, PNG); flagged to the participant where it cannot be (PDF and
// office documents keep author fields the kit cannot safely rewrite). The one parser for
// attachment files from outside; it never throws.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"

namespace staccs::core {

struct MetadataReport {
  std::string media_type;             // "image/jpeg", "application/pdf", …
  std::vector<std::string> removed;   // what was taken out, for the participant to see
  std::vector<std::string> warnings;  // what may remain and could identify them
};

// Returns the file without the metadata the kit knows how to remove. A JPEG or PNG that does
// not parse is refused rather than passed on with its metadata.
Result<Bytes> StripMetadata(ByteView file, std::string_view file_name, MetadataReport& report);

}  // namespace staccs::core
