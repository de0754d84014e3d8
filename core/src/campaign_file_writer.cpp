// Writing and signing campaign files: the secretariat's half, kept apart from the parser so
// the parser's file holds only what reads outside bytes (and what its fuzzer must cover).
#include "staccs/core/campaign_file.h"
#include "staccs/core/tlv.h"

namespace staccs::core {

namespace {
// Localised text value: language length u8 | language | text.
Bytes Localized(const std::string& lang, const std::string& text) {
  Bytes out;
  out.push_back(static_cast<std::uint8_t>(lang.size()));
  Append(out, AsBytes(lang));
  Append(out, AsBytes(text));
  return out;
}

}  // namespace

Bytes WriteCampaignFile(const Campaign& c, const crypto::SigningKeyPair& signing_key) {
  TlvWriter w;
  w.Add(kTagCampaignId, c.id)
      .Add(kTagSigningKey, c.signing_key)
      .Add(kTagEncryptionKey, c.encryption_key)
      .Add(kTagPullKey, c.pull_key)
      .Add(kTagPullCertificate, c.pull_certificate)
      .AddU64(kTagSequence, c.sequence)
      .AddU64(kTagCreated, static_cast<std::uint64_t>(c.created_unix))
      .AddU64(kTagDeadline, static_cast<std::uint64_t>(c.deadline_unix))
      .AddU32(kTagTotalWordLimit, c.total_word_limit)
      .AddU64(kTagAttachmentLimit, c.attachment_limit_bytes);
  for (const auto& lang : c.languages) w.Add(kTagLanguage, lang);
  for (const auto& lang : c.awaiting_review) w.Add(kTagAwaitingReview, lang);
  for (const auto& [lang, text] : c.title.by_language) w.Add(kTagTitle, Localized(lang, text));
  for (const auto& [lang, text] : c.description.by_language) w.Add(kTagDescription, Localized(lang, text));
  for (const Question& q : c.questions) {
    TlvWriter qw;
    qw.Add(kQuestionId, q.id).AddU32(kQuestionWordLimit, q.word_limit);
    for (const auto& [lang, text] : q.prompt.by_language) qw.Add(kQuestionPrompt, Localized(lang, text));
    w.Add(kTagQuestion, qw.bytes());
  }
  for (const RelayEntry& relay : c.relays) {
    TlvWriter rw;
    rw.Add(kRelayUrl, relay.url);
    if (relay.receipt_key) rw.Add(kRelayReceiptKey, *relay.receipt_key);
    if (relay.tls_pin) rw.Add(kRelayTlsPin, *relay.tls_pin);
    w.Add(kTagRelay, rw.bytes());
  }
  for (const auto& field : c.practice_fields) w.Add(kTagPracticeField, field);

  Bytes file(kCampaignMagic, kCampaignMagic + 8);
  PutU16(file, kCampaignFormatVersion);
  PutU32(file, static_cast<std::uint32_t>(w.bytes().size()));
  Append(file, w.bytes());
  crypto::Signature sig = signing_key.Sign(crypto::SignatureDomain::kCampaignFile, kCampaignFormatVersion, file);
  Append(file, sig);
  return file;
}

}  // namespace staccs::core
