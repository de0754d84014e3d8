// The received-log (SPEC §2): per campaign, the append-only list of what the secretariat
// has received, signed with the campaign's pull subkey. Each entry is a bundle id and the
// acknowledgement tag derived from the secret sealed inside that bundle, so an author finds
// their own entries without anyone else learning which are theirs. Each new version holds the
// whole list and a higher sequence number.
//
// Version 2 (written since issue 15; version 1 is still read) chains the entries and signs a
// head over the chain, so a kit that holds the first k entries can fetch and verify only what
// came after k (an extension) instead of the whole log (docs/BUNDLE_FORMAT.md §11):
//
//   v1: magic "STACCSRL" (8) | version u16 = 1 | reserved u16 | campaign id (32) | sequence u64 |
//       count u32 | count × (bundle id (32) | ack tag (32)) | Ed25519 signature (64) over all before
//   v2: the same header with version 2 | the entries | chain head (32) | Ed25519 signature (64)
//       over the signed head's 88 bytes: "STACCSRH" | u16 2 | u16 0 | campaign id | sequence |
//       count | chain head
//   chain: h_0 = BLAKE2b-256("staccs received-log chain" 0x00 | campaign id),
//          h_i = BLAKE2b-256(h_{i-1} | bundle id_i | ack tag_i)
//   extension: "STACCSRD" (8) | u16 2 | u16 0 | campaign id (32) | from count u32 (k) |
//       from head h_k (32) | signed head (88 + signature 64) | (count − k) entries
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
inline constexpr char kReceivedLogHeadMagic[8] = {'S', 'T', 'A', 'C', 'C', 'S', 'R', 'H'};
inline constexpr char kReceivedLogExtensionMagic[8] = {'S', 'T', 'A', 'C', 'C', 'S', 'R', 'D'};
inline constexpr std::uint16_t kReceivedLogVersion = 2;        // the version written
inline constexpr std::uint16_t kReceivedLogVersionWhole = 1;   // one signature over everything, still read
inline constexpr std::size_t kReceivedLogHeaderSize = 8 + 2 + 2 + 32 + 8 + 4;
inline constexpr std::size_t kReceivedLogHeadMessageSize = 8 + 2 + 2 + 32 + 8 + 4 + 32;
inline constexpr std::size_t kReceivedLogSignedHeadSize = kReceivedLogHeadMessageSize + 64;
inline constexpr std::size_t kReceivedLogExtensionHeaderSize = 8 + 2 + 2 + 32 + 4 + 32 + kReceivedLogSignedHeadSize;
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
  explicit ReceivedLogIndex(std::vector<ReceivedEntry>&& entries);  // sorts them in place: no copy
  bool Lists(const crypto::Hash32& bundle_id) const;
  // The log lists this bundle with this acknowledgement tag (the author's own entry).
  bool Acknowledges(const crypto::Hash32& bundle_id, const crypto::Hash32& ack_tag) const;
  std::size_t size() const { return sorted_.size(); }

 private:
  std::vector<ReceivedEntry> sorted_;  // by (bundle id, ack tag)
};

// A received-log file's header (versions 1 and 2), read before its campaign is known: whoever
// is handed a log (a stick import, a kit, a relay) needs the campaign id to find the key that
// verifies the rest. Checks the magic, version, reserved field, the entry bound and that the
// length matches the count for that version; verifies nothing, so only ParseReceivedLog's
// result may be trusted. It is the only reader of these bytes: no caller reads the campaign
// id, sequence or count at an offset of its own.
struct ReceivedLogHeader {
  std::uint16_t version = 0;
  crypto::Hash32 campaign_id{};
  std::uint64_t sequence = 0;
  std::uint32_t count = 0;
};
Result<ReceivedLogHeader> ParseReceivedLogHeader(ByteView file);

// The one parser for received-log bytes (versions 1 and 2): the header above, the campaign, the
// chain and the pull key's signature.
Result<ReceivedLog> ParseReceivedLog(ByteView file, const Campaign& campaign);
// Writes version 2.
Bytes WriteReceivedLog(const ReceivedLog& log, const crypto::SigningKeyPair& pull_key);

// The chain over the first `count` entries of a campaign's log.
crypto::Hash32 ReceivedLogChain(const crypto::Hash32& campaign_id, const std::vector<ReceivedEntry>& entries,
                                std::size_t count);

bool IsReceivedLogExtension(ByteView bytes);
// The one parser for extensions: verifies that `extension` carries on from `held` (a log this
// kit or relay parsed when it stored it) — same campaign, starts at its count and its chain
// head, new entries chain to a head the pull key signed — and returns the whole new log
// (version 2), which the caller offers as it would a whole log fetched.
Result<Bytes> ExtendReceivedLog(ByteView extension, const Campaign& campaign, const ReceivedLog& held);
// What a relay answers `?after=k` with, built from a version 2 log it stored after parsing it:
// the entries after the first `from_count`. An error for a version 1 log or k beyond its count
// (the relay then answers the whole log).
Result<Bytes> ReceivedLogExtensionFrom(ByteView stored_file, std::uint32_t from_count);
// The sequence number in a received-log's header (through ParseReceivedLogHeader), without
// verifying the signature: only for bytes that were parsed when they were stored (a relay
// tagging the log it holds). Nothing for bytes whose header does not parse.
std::optional<std::uint64_t> StoredReceivedLogSequence(ByteView file);
// The same for the entry count.
std::optional<std::uint32_t> StoredReceivedLogCount(ByteView file);

}  // namespace staccs::core
