// How a person names a relay for a campaign: URL[#RECEIPT_KEY[#PIN]] (SPEC §5, `campaign
// create --relay`). RECEIPT_KEY is the 64 hex digits `staccs-relay --print-key` prints; PIN is
// the relay's TLS key as curl and nginx operators write it, `sha256//` and the base64 SHA-256
// of its SubjectPublicKeyInfo (docs/RELAY_API.md says how to get it). Either may be left out:
// `URL##sha256//PIN` pins the TLS key of a relay whose receipts stay unverified.
#pragma once

#include <string>
#include <string_view>

#include "staccs/base/result.h"
#include "staccs/core/campaign.h"

namespace staccs::core {

// A usage error naming the part that is wrong, or the entry; the URL must be http(s).
Result<RelayEntry> ParseRelayAddress(std::string_view text);

// The inverse: URL, then #KEY and #PIN as present (the form ParseRelayAddress reads).
std::string FormatRelayAddress(const RelayEntry& relay);

// "sha256//" + base64 (standard alphabet, padded), as curl's CURLOPT_PINNEDPUBLICKEY takes it.
std::string FormatTlsPin(const crypto::Hash32& spki_sha256);

}  // namespace staccs::core
