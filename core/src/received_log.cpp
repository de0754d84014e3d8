#include "staccs/core/received_log.h"

#include <algorithm>
#include <cstring>

#include "received_log_head.h"

namespace staccs::core {

namespace {
constexpr std::size_t kHeader = kReceivedLogHeaderSize;
Error Bad(const std::string& why) { return Error::BadInput("received-log: " + why); }
}  // namespace

bool ReceivedLog::Lists(const crypto::Hash32& bundle_id) const {
  return std::any_of(entries.begin(), entries.end(), [&](const ReceivedEntry& e) { return e.bundle_id == bundle_id; });
}

namespace {
bool EntryLess(const ReceivedEntry& a, const ReceivedEntry& b) {
  return a.bundle_id != b.bundle_id ? a.bundle_id < b.bundle_id : a.ack_tag < b.ack_tag;
}
}  // namespace

ReceivedLogIndex::ReceivedLogIndex(const std::vector<ReceivedEntry>& entries) : sorted_(entries) {
  std::sort(sorted_.begin(), sorted_.end(), EntryLess);
}

ReceivedLogIndex::ReceivedLogIndex(std::vector<ReceivedEntry>&& entries) : sorted_(std::move(entries)) {
  std::sort(sorted_.begin(), sorted_.end(), EntryLess);
}

bool ReceivedLogIndex::Lists(const crypto::Hash32& bundle_id) const {
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), bundle_id,
                             [](const ReceivedEntry& e, const crypto::Hash32& id) { return e.bundle_id < id; });
  return it != sorted_.end() && it->bundle_id == bundle_id;
}

bool ReceivedLogIndex::Acknowledges(const crypto::Hash32& bundle_id, const crypto::Hash32& ack_tag) const {
  return std::binary_search(sorted_.begin(), sorted_.end(), ReceivedEntry{bundle_id, ack_tag}, EntryLess);
}

Result<ReceivedLogHeader> ParseReceivedLogHeader(ByteView b) {
  if (b.size() < kHeader + 64) return Bad("truncated (" + std::to_string(b.size()) + " bytes)");
  if (std::memcmp(b.data(), kReceivedLogMagic, 8) != 0) return Bad("not a STACCS received-log");
  const std::uint16_t version = GetU16(b.data() + 8);
  if (version != kReceivedLogVersion && version != kReceivedLogVersionWhole)
    return Bad("format version " + std::to_string(version) + " is not supported by this kit");
  if (GetU16(b.data() + 10) != 0) return Bad("reserved field is not zero");
  ReceivedLogHeader h;
  h.version = version;
  std::copy_n(b.data() + 12, 32, h.campaign_id.begin());
  h.sequence = GetU64(b.data() + 44);
  h.count = GetU32(b.data() + 52);
  if (h.count > kReceivedLogMaxEntries) return Bad("lists more entries than a log may hold");
  // Version 2 ends with the chain head and the signature of the head; version 1 with a signature.
  const std::size_t tail = version == kReceivedLogVersion ? 96 : 64;
  if (b.size() != kHeader + static_cast<std::size_t>(h.count) * 64 + tail)
    return Bad("length does not match its " + std::to_string(h.count) + " entries");
  return h;
}

Result<ReceivedLog> ParseReceivedLog(ByteView b, const Campaign& campaign) {
  STACCS_ASSIGN(const ReceivedLogHeader h, ParseReceivedLogHeader(b));
  ReceivedLog log;
  log.campaign_id = h.campaign_id;
  log.sequence = h.sequence;
  const std::uint32_t count = h.count;
  if (log.campaign_id != campaign.id) return Bad("belongs to another campaign");
  crypto::Signature sig;
  std::copy_n(b.end() - 64, 64, sig.begin());
  const std::uint8_t* entries = b.data() + kHeader;
  if (h.version == kReceivedLogVersion) {
    detail::ReceivedLogHead head;
    head.campaign_id = log.campaign_id;
    head.sequence = log.sequence;
    head.count = count;
    std::copy_n(b.end() - 96, 32, head.chain.begin());
    if (detail::ChainOn(detail::ChainStart(log.campaign_id), entries, count) != head.chain)
      return Bad("entries do not chain to its signed head");
    if (!detail::HeadVerifies(campaign, head, sig)) return Bad("signature does not verify");
  } else if (!crypto::Verify(campaign.pull_key, crypto::SignatureDomain::kReceivedLog, kReceivedLogVersionWhole,
                             b.first(b.size() - 64), sig)) {
    return Bad("signature does not verify");
  }
  log.entries.resize(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint8_t* e = entries + static_cast<std::size_t>(i) * 64;
    std::copy_n(e, 32, log.entries[i].bundle_id.begin());
    std::copy_n(e + 32, 32, log.entries[i].ack_tag.begin());
  }
  return log;
}

}  // namespace staccs::core
