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

// Not a parser: it reads the header of a log that was parsed when it was stored.
std::optional<std::uint64_t> StoredReceivedLogSequence(ByteView file) {
  if (file.size() < kReceivedLogHeaderSize) return std::nullopt;
  return GetU64(file.data() + 44);
}

std::optional<std::uint32_t> StoredReceivedLogCount(ByteView file) {
  if (file.size() < kReceivedLogHeaderSize) return std::nullopt;
  return GetU32(file.data() + 52);
}

}  // namespace staccs::core
