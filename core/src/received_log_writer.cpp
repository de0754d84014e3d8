// Writing and signing received-logs (the secretariat's half; the parser is received_log.cpp).
#include "received_log_head.h"

namespace staccs::core {

Bytes WriteReceivedLog(const ReceivedLog& log, const crypto::SigningKeyPair& pull_key) {
  Bytes out(kReceivedLogMagic, kReceivedLogMagic + 8);
  out.reserve(kReceivedLogHeaderSize + log.entries.size() * 64 + 96);
  PutU16(out, kReceivedLogVersion);
  PutU16(out, 0);
  Append(out, log.campaign_id);
  PutU64(out, log.sequence);
  PutU32(out, static_cast<std::uint32_t>(log.entries.size()));
  for (const auto& e : log.entries) {
    Append(out, e.bundle_id);
    Append(out, e.ack_tag);
  }
  detail::ReceivedLogHead head;
  head.campaign_id = log.campaign_id;
  head.sequence = log.sequence;
  head.count = static_cast<std::uint32_t>(log.entries.size());
  head.chain = detail::ChainOn(detail::ChainStart(log.campaign_id), out.data() + kReceivedLogHeaderSize, head.count);
  Append(out, head.chain);
  Append(out, pull_key.Sign(crypto::SignatureDomain::kReceivedLog, kReceivedLogVersion, detail::HeadMessage(head)));
  return out;
}

// The header of a log that was parsed when it was stored, read by the one parser of those bytes.
std::optional<std::uint64_t> StoredReceivedLogSequence(ByteView file) {
  auto header = ParseReceivedLogHeader(file);
  if (!header) return std::nullopt;
  return header->sequence;
}

std::optional<std::uint32_t> StoredReceivedLogCount(ByteView file) {
  auto header = ParseReceivedLogHeader(file);
  if (!header) return std::nullopt;
  return header->count;
}

}  // namespace staccs::core
