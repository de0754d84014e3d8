// The received-log (SPEC §2): per campaign, the append-only list of what the secretariat
// has received, signed with the campaign's pull subkey. Each entry is a bundle id and the
// acknowledgement tag derived from the secret sealed inside that bundle, so an author finds
// their own entries without anyone else learning which are theirs. Each new version holds the
// whole list and a higher sequence number.
//
//   magic "STACCSRL" (8) | version u16 | reserved u16 | campaign id (32) | sequence u64 |
//   count u32 | count × (bundle id (32) | ack tag (32)) | Ed25519 signature (64)
#pragma once

#include <optional>

#include <cstdint>
#include <vector>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/core/campaign.h"
#include "staccs/crypto/hash.h"
#include "staccs/crypto/signing.h"

namespace staccs::core {

inline constexpr char kReceivedLogMagic[8] = {'S', 'T', 'A', 'C', 'C', 'S', 'R', 'L'};
inline constexpr std::uint16_t kReceivedLogVersion = 1;
inline constexpr std::size_t kReceivedLogHeaderSize = 8 + 2 + 2 + 32 + 8 + 4;
inline constexpr std::size_t kReceivedLogMaxEntries = 1'000'000;

struct ReceivedEntry {
  crypto::Hash32 bundle_id{};
  crypto::Hash32 ack_tag{};
  bool operator==(const ReceivedEntry&) const = default;
};

struct ReceivedLog {
  crypto::Hash32 campaign_id{};
  std::uint64_t sequence = 0;
  std::vector<ReceivedEntry> entries;

  bool Lists(const crypto::Hash32& bundle_id) const;
};

// A log's entries sorted once, so applying a log of n entries to a kit holding m bundles costs
// O((n + m) log n) rather than n × m comparisons (issue 15: 10⁵-entry logs).
class ReceivedLogIndex {
 public:
  explicit ReceivedLogIndex(const std::vector<ReceivedEntry>& entries);
  bool Lists(const crypto::Hash32& bundle_id) const;
  // The log lists this bundle with this acknowledgement tag (the author's own entry).
  bool Acknowledges(const crypto::Hash32& bundle_id, const crypto::Hash32& ack_tag) const;
  std::size_t size() const { return sorted_.size(); }

 private:
  std::vector<ReceivedEntry> sorted_;  // by (bundle id, ack tag)
};

// The one parser for received-log bytes: structure, campaign, and the pull key's signature.
Result<ReceivedLog> ParseReceivedLog(ByteView file, const Campaign& campaign);
Bytes WriteReceivedLog(const ReceivedLog& log, const crypto::SigningKeyPair& pull_key);
// The sequence number in a received-log's header, without verifying anything: only for bytes
// that were parsed when they were stored (a relay tagging the log it holds).
std::optional<std::uint64_t> StoredReceivedLogSequence(ByteView file);

}  // namespace staccs::core
