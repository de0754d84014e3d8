#include "staccs/core/campaign_file.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "staccs/core/text.h"
#include "staccs/core/tlv.h"

namespace staccs::core {

namespace {

constexpr std::size_t kMaxText = 64 * 1024;
constexpr std::size_t kMaxQuestions = 100;
constexpr std::size_t kMaxRelays = 32;
constexpr std::size_t kMaxLanguages = 32;

Error Bad(const std::string& why) { return Error::BadInput("campaign file: " + why); }

bool IsLanguageCode(std::string_view s) {
  if (s.size() < 2 || s.size() > 16) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

bool IsQuestionId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

template <std::size_t N>
Result<std::array<std::uint8_t, N>> Fixed(ByteView v, const char* what) {
  if (v.size() != N)
    return Bad(std::string(what) + " has " + std::to_string(v.size()) + " bytes, expected " +
               std::to_string(N));
  std::array<std::uint8_t, N> out;
  std::copy(v.begin(), v.end(), out.begin());
  return out;
}

Result<std::string> Text(ByteView v, const char* what, std::size_t max = kMaxText) {
  if (v.size() > max) return Bad(std::string(what) + " is too long");
  std::string s(AsChars(v));
  if (!IsCleanUtf8(s)) return Bad(std::string(what) + " is not valid UTF-8 text");
  return s;
}

// Localised text value: language length u8 | language | text.
Status AddLocalized(LocalizedText& into, ByteView v, const char* what) {
  if (v.empty() || v[0] > v.size() - 1) return Bad(std::string(what) + " is malformed");
  std::string lang(AsChars(v.subspan(1, v[0])));
  if (!IsLanguageCode(lang)) return Bad(std::string(what) + " has an invalid language code");
  STACCS_ASSIGN(std::string text, Text(v.subspan(1 + v[0]), what));
  if (!into.by_language.emplace(lang, std::move(text)).second)
    return Bad(std::string(what) + " repeats language '" + lang + "'");
  return {};
}

Result<Question> ParseQuestion(ByteView value) {
  Question q;
  bool have_id = false, have_limit = false;
  TlvReader r(value);
  while (auto rec = r.Next()) {
    switch (rec->tag) {
      case kQuestionId: {
        if (have_id) return Bad("question repeats its id");
        STACCS_ASSIGN(q.id, Text(rec->value, "question id", 64));
        if (!IsQuestionId(q.id)) return Bad("question id '" + q.id + "' is not of [a-z0-9-_]");
        have_id = true;
        break;
      }
      case kQuestionWordLimit:
        if (have_limit || rec->value.size() != 4) return Bad("question word limit is malformed");
        q.word_limit = GetU32(rec->value.data());
        have_limit = true;
        break;
      case kQuestionPrompt:
        STACCS_TRY(AddLocalized(q.prompt, rec->value, "question prompt"));
        break;
      default:
        if (rec->tag < kTagFirstOptional) return Bad("question has unknown field " + std::to_string(rec->tag));
    }
  }
  if (r.failed()) return Bad("question record is truncated");
  if (!have_id) return Bad("question has no id");
  if (q.prompt.by_language.empty()) return Bad("question '" + q.id + "' has no prompt");
  return q;
}

Result<RelayEntry> ParseRelay(ByteView value) {
  RelayEntry relay;
  TlvReader r(value);
  while (auto rec = r.Next()) {
    switch (rec->tag) {
      case kRelayUrl: {
        if (!relay.url.empty()) return Bad("relay repeats its URL");
        STACCS_ASSIGN(relay.url, Text(rec->value, "relay URL", 2048));
        if (relay.url.rfind("http://", 0) != 0 && relay.url.rfind("https://", 0) != 0)
          return Bad("relay URL '" + relay.url + "' is not http:// or https://");
        break;
      }
      case kRelayReceiptKey: {
        if (relay.receipt_key) return Bad("relay repeats its receipt key");
        STACCS_ASSIGN(auto key, Fixed<32>(rec->value, "relay receipt key"));
        relay.receipt_key = key;
        break;
      }
      case kRelayTlsPin: {
        if (relay.tls_pin) return Bad("relay repeats its TLS pin");
        STACCS_ASSIGN(auto pin, Fixed<32>(rec->value, "relay TLS pin"));
        relay.tls_pin = pin;
        break;
      }
      default:
        if (rec->tag < kTagFirstOptional) return Bad("relay has unknown field " + std::to_string(rec->tag));
    }
  }
  if (r.failed()) return Bad("relay record is truncated");
  if (relay.url.empty()) return Bad("relay has no URL");
  return relay;
}

}  // namespace

Bytes PullCertificateMessage(const crypto::Hash32& campaign_id, const crypto::SigningPublicKey& pull_key) {
  Bytes m;
  Append(m, campaign_id);
  Append(m, pull_key);
  return m;
}

Result<Campaign> ParseCampaignFile(ByteView file) {
  if (file.size() > kCampaignFileMaxSize) return Bad("larger than 1 MiB");
  if (file.size() < kCampaignHeaderSize + 64) return Bad("truncated (" + std::to_string(file.size()) + " bytes)");
  if (std::memcmp(file.data(), kCampaignMagic, 8) != 0) return Bad("not a STACCS campaign file");
  std::uint16_t version = GetU16(file.data() + 8);
  if (version != kCampaignFormatVersion)
    return Bad("format version " + std::to_string(version) + " is not supported by this kit");
  std::uint32_t body_len = GetU32(file.data() + 10);
  if (static_cast<std::uint64_t>(body_len) + kCampaignHeaderSize + 64 != file.size())
    return Bad("length field says " + std::to_string(body_len) + " body bytes but the file has " +
               std::to_string(file.size() - kCampaignHeaderSize - 64 + 0));

  Campaign c;
  std::set<std::uint16_t> seen;
  TlvReader r(file.subspan(kCampaignHeaderSize, body_len));
  while (auto rec = r.Next()) {
    const std::uint16_t tag = rec->tag;
    const bool single = tag <= kTagAttachmentLimit;
    if (single && !seen.insert(tag).second) return Bad("field " + std::to_string(tag) + " appears twice");
    const ByteView v = rec->value;
    switch (tag) {
      case kTagCampaignId: { STACCS_ASSIGN(c.id, Fixed<32>(v, "campaign id")); break; }
      case kTagSigningKey: { STACCS_ASSIGN(c.signing_key, Fixed<32>(v, "signing key")); break; }
      case kTagEncryptionKey: { STACCS_ASSIGN(c.encryption_key, Fixed<32>(v, "encryption key")); break; }
      case kTagPullKey: { STACCS_ASSIGN(c.pull_key, Fixed<32>(v, "pull key")); break; }
      case kTagPullCertificate: { STACCS_ASSIGN(c.pull_certificate, Fixed<64>(v, "pull key certificate")); break; }
      case kTagSequence: {
        STACCS_ASSIGN(auto b, Fixed<8>(v, "sequence number"));
        c.sequence = GetU64(b.data());
        break;
      }
      case kTagCreated: {
        STACCS_ASSIGN(auto b, Fixed<8>(v, "creation time"));
        c.created_unix = static_cast<std::int64_t>(GetU64(b.data()));
        break;
      }
      case kTagDeadline: {
        STACCS_ASSIGN(auto b, Fixed<8>(v, "deadline"));
        c.deadline_unix = static_cast<std::int64_t>(GetU64(b.data()));
        break;
      }
      case kTagTotalWordLimit: {
        STACCS_ASSIGN(auto b, Fixed<4>(v, "total word limit"));
        c.total_word_limit = GetU32(b.data());
        break;
      }
      case kTagAttachmentLimit: {
        STACCS_ASSIGN(auto b, Fixed<8>(v, "attachment limit"));
        c.attachment_limit_bytes = GetU64(b.data());
        break;
      }
      case kTagLanguage:
      case kTagAwaitingReview: {
        std::string lang(AsChars(v));
        if (!IsLanguageCode(lang)) return Bad("invalid language code");
        auto& list = tag == kTagLanguage ? c.languages : c.awaiting_review;
        if (std::find(list.begin(), list.end(), lang) != list.end()) return Bad("language '" + lang + "' listed twice");
        if (list.size() >= kMaxLanguages) return Bad("too many languages");
        list.push_back(lang);
        break;
      }
      case kTagTitle: STACCS_TRY(AddLocalized(c.title, v, "title")); break;
      case kTagDescription: STACCS_TRY(AddLocalized(c.description, v, "description")); break;
      case kTagQuestion: {
        if (c.questions.size() >= kMaxQuestions) return Bad("too many questions");
        STACCS_ASSIGN(Question q, ParseQuestion(v));
        for (const Question& other : c.questions)
          if (other.id == q.id) return Bad("question id '" + q.id + "' appears twice");
        c.questions.push_back(std::move(q));
        break;
      }
      case kTagRelay: {
        if (c.relays.size() >= kMaxRelays) return Bad("too many relays");
        STACCS_ASSIGN(RelayEntry relay, ParseRelay(v));
        c.relays.push_back(std::move(relay));
        break;
      }
      case kTagPracticeField: {
        STACCS_ASSIGN(std::string field, Text(v, "practice field", 64));
        c.practice_fields.push_back(std::move(field));
        break;
      }
      default:
        if (tag < kTagFirstOptional) return Bad("unknown field " + std::to_string(tag));
    }
  }
  if (r.failed()) return Bad("a field runs past the end of the body");
  for (std::uint16_t required = kTagCampaignId; required <= kTagAttachmentLimit; ++required)
    if (!seen.count(required)) return Bad("required field " + std::to_string(required) + " is missing");
  if (c.title.by_language.empty()) return Bad("has no title");
  if (c.languages.empty()) return Bad("lists no language");

  // The signature covers every byte before it, as received.
  crypto::Signature sig;
  std::copy_n(file.data() + kCampaignHeaderSize + body_len, 64, sig.begin());
  if (!crypto::Verify(c.signing_key, crypto::SignatureDomain::kCampaignFile, kCampaignFormatVersion,
                      file.first(kCampaignHeaderSize + body_len), sig))
    return Bad("signature does not verify");
  if (c.id != CampaignIdFor(c.signing_key))
    return Bad("campaign id " + ToHex(c.id).substr(0, 16) + "… does not match its signing key");
  if (!crypto::Verify(c.signing_key, crypto::SignatureDomain::kPullSubkeyCert, kCampaignFormatVersion,
                      PullCertificateMessage(c.id, c.pull_key), c.pull_certificate))
    return Bad("the pull key is not certified by the campaign's signing key");
  return c;
}

}  // namespace staccs::core
