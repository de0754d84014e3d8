// The hash chain and signed head of version 2 received-logs, and the extensions built from them
// (issue 15: a kit that holds k entries fetches only what came after k).
#include <cstring>

#include "received_log_head.h"

namespace staccs::core {

namespace detail {

crypto::Hash32 ChainStart(const crypto::Hash32& campaign_id) {
  static constexpr char kLabel[] = "staccs received-log chain";  // its 0x00 is hashed too
  Bytes start(kLabel, kLabel + sizeof kLabel);
  Append(start, campaign_id);
  return crypto::Blake2b256(start);
}

// One link of the chain: h_i from h_{i-1} and entry i's 64 bytes (bundle id | ack tag).
crypto::Hash32 Link(const crypto::Hash32& h, const std::uint8_t* entry) {
  std::uint8_t link[96];
  std::memcpy(link, h.data(), 32);
  std::memcpy(link + 32, entry, 64);
  return crypto::Blake2b256(ByteView(link, sizeof link));
}

crypto::Hash32 ChainOn(crypto::Hash32 h, const std::uint8_t* entries, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) h = Link(h, entries + i * 64);
  return h;
}

Bytes HeadMessage(const ReceivedLogHead& head) {
  Bytes out(kReceivedLogHeadMagic, kReceivedLogHeadMagic + 8);
  out.reserve(kReceivedLogHeadMessageSize);
  PutU16(out, kReceivedLogVersion);
  PutU16(out, 0);
  Append(out, head.campaign_id);
  PutU64(out, head.sequence);
  PutU32(out, head.count);
  Append(out, head.chain);
  return out;
}

bool HeadVerifies(const Campaign& campaign, const ReceivedLogHead& head, const crypto::Signature& signature) {
  return crypto::Verify(campaign.pull_key, crypto::SignatureDomain::kReceivedLog, kReceivedLogVersion, HeadMessage(head),
                        signature);
}

}  // namespace detail

crypto::Hash32 ReceivedLogChain(const crypto::Hash32& campaign_id, const std::vector<ReceivedEntry>& entries,
                                std::size_t count) {
  crypto::Hash32 h = detail::ChainStart(campaign_id);
  std::uint8_t entry[64];
  for (std::size_t i = 0; i < count && i < entries.size(); ++i) {
    std::memcpy(entry, entries[i].bundle_id.data(), 32);
    std::memcpy(entry + 32, entries[i].ack_tag.data(), 32);
    h = detail::Link(h, entry);
  }
  return h;
}

bool IsReceivedLogExtension(ByteView b) {
  return b.size() >= 8 && std::memcmp(b.data(), kReceivedLogExtensionMagic, 8) == 0;
}

namespace {
Error Bad(const std::string& why) { return Error::BadInput("received-log extension: " + why); }
}  // namespace

Result<Bytes> ExtendReceivedLog(ByteView b, const Campaign& campaign, const ReceivedLog& held) {
  constexpr std::size_t kFixed = kReceivedLogExtensionHeaderSize;
  if (b.size() < kFixed) return Bad("truncated (" + std::to_string(b.size()) + " bytes)");
  if (!IsReceivedLogExtension(b)) return Bad("not a STACCS received-log extension");
  if (GetU16(b.data() + 8) != kReceivedLogVersion)
    return Bad("format version " + std::to_string(GetU16(b.data() + 8)) + " is not supported by this kit");
  if (GetU16(b.data() + 10) != 0) return Bad("reserved field is not zero");
  crypto::Hash32 campaign_id;
  std::memcpy(campaign_id.data(), b.data() + 12, 32);
  if (campaign_id != campaign.id || held.campaign_id != campaign.id) return Bad("belongs to another campaign");
  const std::uint32_t from = GetU32(b.data() + 44);
  if (from != held.entries.size())
    return Bad("starts after entry " + std::to_string(from) + ", but the log held here has " +
               std::to_string(held.entries.size()));
  crypto::Hash32 from_head;
  std::memcpy(from_head.data(), b.data() + 48, 32);
  const crypto::Hash32 held_head = ReceivedLogChain(campaign.id, held.entries, held.entries.size());
  if (from_head != held_head) return Bad("carries on from a different log than the one held here");
  // The signed head.
  const std::uint8_t* h = b.data() + 80;
  if (std::memcmp(h, kReceivedLogHeadMagic, 8) != 0) return Bad("its head is not a STACCS received-log head");
  if (GetU16(h + 8) != kReceivedLogVersion || GetU16(h + 10) != 0) return Bad("its head has an unknown version");
  detail::ReceivedLogHead head;
  std::memcpy(head.campaign_id.data(), h + 12, 32);
  head.sequence = GetU64(h + 44);
  head.count = GetU32(h + 52);
  std::memcpy(head.chain.data(), h + 56, 32);
  if (head.campaign_id != campaign.id) return Bad("its head belongs to another campaign");
  if (head.count > kReceivedLogMaxEntries) return Bad("lists more entries than a log may hold");
  if (head.count < from) return Bad("its head lists fewer entries than the log held here");
  const std::size_t added = head.count - from;
  if (b.size() != kFixed + added * 64) return Bad("length does not match its " + std::to_string(added) + " new entries");
  if (detail::ChainOn(held_head, b.data() + kFixed, added) != head.chain)
    return Bad("its new entries do not chain to its signed head");
  crypto::Signature sig;
  std::memcpy(sig.data(), h + kReceivedLogHeadMessageSize, 64);
  if (!detail::HeadVerifies(campaign, head, sig)) return Bad("signature does not verify");
  // The whole version 2 log: the held entries, the new ones, the signed head's chain and signature.
  Bytes out(kReceivedLogMagic, kReceivedLogMagic + 8);
  out.reserve(kReceivedLogHeaderSize + static_cast<std::size_t>(head.count) * 64 + 96);
  PutU16(out, kReceivedLogVersion);
  PutU16(out, 0);
  Append(out, campaign.id);
  PutU64(out, head.sequence);
  PutU32(out, head.count);
  for (const auto& e : held.entries) {
    Append(out, e.bundle_id);
    Append(out, e.ack_tag);
  }
  Append(out, b.subspan(kFixed));
  Append(out, head.chain);
  Append(out, sig);
  return out;
}

Result<Bytes> ReceivedLogExtensionFrom(ByteView f, std::uint32_t from) {
  auto header = ParseReceivedLogHeader(f);
  if (!header) return Error::Local("the stored " + header.error().message);
  if (header->version != kReceivedLogVersion) return Error::BadInput("received-log: version 1 logs have no extensions");
  const std::uint32_t count = header->count;
  if (from > count)
    return Error::BadInput("received-log: asked for entries after " + std::to_string(from) + ", the log has " +
                           std::to_string(count));
  const crypto::Hash32& campaign_id = header->campaign_id;
  const std::uint8_t* entries = f.data() + kReceivedLogHeaderSize;
  detail::ReceivedLogHead head;
  head.campaign_id = campaign_id;
  head.sequence = header->sequence;
  head.count = count;
  std::memcpy(head.chain.data(), f.data() + kReceivedLogHeaderSize + static_cast<std::size_t>(count) * 64, 32);
  Bytes out(kReceivedLogExtensionMagic, kReceivedLogExtensionMagic + 8);
  out.reserve(kReceivedLogExtensionHeaderSize + static_cast<std::size_t>(count - from) * 64);
  PutU16(out, kReceivedLogVersion);
  PutU16(out, 0);
  Append(out, campaign_id);
  PutU32(out, from);
  Append(out, detail::ChainOn(detail::ChainStart(campaign_id), entries, from));
  Append(out, detail::HeadMessage(head));
  Append(out, f.last(64));
  Append(out, ByteView(entries + static_cast<std::size_t>(from) * 64, static_cast<std::size_t>(count - from) * 64));
  return out;
}

}  // namespace staccs::core
