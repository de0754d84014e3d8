// The signed head of a version 2 received-log, shared by its parser, its writer and the
// extension code (received_log.h has the layout). Private to core.
#pragma once

#include "staccs/core/received_log.h"

namespace staccs::core::detail {

struct ReceivedLogHead {
  crypto::Hash32 campaign_id{};
  std::uint64_t sequence = 0;
  std::uint32_t count = 0;
  crypto::Hash32 chain{};
};

// The 88 bytes the pull key signs.
Bytes HeadMessage(const ReceivedLogHead& head);
bool HeadVerifies(const Campaign& campaign, const ReceivedLogHead& head, const crypto::Signature& signature);
// Chains `entries` on from `from` (h_k) and returns h_{k + entries}.
crypto::Hash32 ChainOn(crypto::Hash32 from, const std::uint8_t* entries, std::size_t n);
crypto::Hash32 ChainStart(const crypto::Hash32& campaign_id);

}  // namespace staccs::core::detail
