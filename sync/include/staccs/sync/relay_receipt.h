// A relay's receipt for a bundle it has stored durably (SPEC §4): signed with the relay's own
// key, which the campaign file lists so a participant can check it.
//
//   magic "STACCSRR" (8) | version u16 | reserved u16 | relay key (32) | bundle id (32) |
//   campaign id (32) | stored at u64 (Unix seconds) | Ed25519 signature (64), domain kRelayReceipt
#pragma once

#include <cstdint>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/crypto/hash.h"
#include "staccs/crypto/signing.h"

namespace staccs::sync {

inline constexpr char kReceiptMagic[8] = {'S', 'T', 'A', 'C', 'C', 'S', 'R', 'R'};
inline constexpr std::uint16_t kReceiptVersion = 1;
inline constexpr std::size_t kReceiptSize = 8 + 2 + 2 + 32 + 32 + 32 + 8 + 64;

struct RelayReceipt {
  crypto::SigningPublicKey relay_key{};
  crypto::Hash32 bundle_id{};
  crypto::Hash32 campaign_id{};
  std::int64_t stored_unix = 0;
};

Bytes WriteReceipt(const RelayReceipt& receipt, const crypto::SigningKeyPair& relay_key);
// The one parser for receipts. `expected_key`, when given, must be the key that signed (the
// relay's key from the campaign file); without it the receipt is only self-consistent.
Result<RelayReceipt> ParseReceipt(ByteView bytes, const crypto::SigningPublicKey* expected_key);

}  // namespace staccs::sync
