#include "staccs/core/bundle_file.h"

#include <algorithm>
#include <cstring>

#include "bundle_layout.h"
#include "staccs/core/tlv.h"
#include "staccs/crypto/stream_cipher.h"

namespace staccs::core {

namespace {

using namespace bundle_layout;

Error Bad(const std::string& why) { return Error::BadInput("bundle: " + why); }


template <std::size_t N>
bool CopyFixed(ByteView v, std::array<std::uint8_t, N>& out) {
  if (v.size() != N) return false;
  std::copy(v.begin(), v.end(), out.begin());
  return true;
}

}  // namespace

std::string_view BundleTypeName(BundleType t) {
  return t == BundleType::kPractice ? "practice" : "submission";
}

std::size_t BundleBucket(std::size_t n) {
  if (n <= kBundleMinSize) return kBundleMinSize;
  if (n <= (1u << 20)) {
    std::size_t b = kBundleMinSize;
    while (b < n) b <<= 1;
    return b;
  }
  constexpr std::size_t kStep = 128 * 1024;
  return (n + kStep - 1) / kStep * kStep;
}

bool IsBundleBucket(std::size_t size) {
  return size >= kBundleMinSize && size <= kBundleMaxSize && BundleBucket(size) == size &&
         BodyIsChunkable(size - kStreamAt - crypto::kStreamHeaderSize);
}

crypto::Hash32 AckTag(const std::array<std::uint8_t, 32>& ack_secret) {
  return crypto::Blake2b256Keyed(ack_secret, AsBytes("staccs acknowledgement tag v1"));
}

Bytes BundleSignedMessage(const BundleContents& c, const Campaign& campaign) {
  Bytes m;
  Append(m, campaign.id);
  Append(m, campaign.signing_key);
  Append(m, campaign.encryption_key);
  m.push_back(static_cast<std::uint8_t>(c.type));
  Append(m, c.submission_id);
  PutU32(m, c.revision);
  PutU64(m, static_cast<std::uint64_t>(c.created_unix));
  Append(m, c.author_key);
  Append(m, crypto::Blake2b256(c.ack_secret));
  Append(m, crypto::Blake2b256(c.content));
  PutU32(m, static_cast<std::uint32_t>(c.attachment_hashes.size()));
  for (const auto& h : c.attachment_hashes) Append(m, h);
  return m;
}

Result<BundleEnvelope> ParseBundleEnvelope(ByteView b, const crypto::Hash32* known_id) {
  if (b.size() < kBundleEnvelopeSize) return Bad("truncated (" + std::to_string(b.size()) + " bytes)");
  if (std::memcmp(b.data(), kBundleMagic, 8) != 0) return Bad("not a STACCS bundle");
  if (GetU16(b.data() + 8) != kBundleFormatVersion)
    return Bad("format version " + std::to_string(GetU16(b.data() + 8)) + " is not supported by this kit");
  if (GetU16(b.data() + 10) != 0) return Bad("reserved header field is not zero");
  if (!IsBundleBucket(b.size())) return Bad("size " + std::to_string(b.size()) + " is not a bundle size (truncated?)");
  BundleEnvelope e;
  std::copy_n(b.data() + 12, 32, e.campaign_id.begin());
  e.id = known_id ? *known_id : crypto::Blake2b256(b);
  e.size = b.size();
  return e;
}

Result<BundleContents> OpenBundle(ByteView b, const Campaign& campaign, const crypto::BoxKeyPair& encryption) {
  STACCS_ASSIGN(BundleEnvelope env, ParseBundleEnvelope(b));
  const std::string who = "bundle " + env.id_hex().substr(0, 12) + "…: ";
  auto bad = [&](const std::string& why) { return Error::BadInput(who + why); };
  if (env.campaign_id != campaign.id) return bad("belongs to another campaign");
  auto key_bytes = encryption.Open(b.subspan(kSealedKeyAt, kStreamAt - kSealedKeyAt));
  if (!key_bytes) return bad("its key does not open with this campaign's key");
  crypto::SecretBytes key = crypto::SecretBytes::Copy(*key_bytes);
  crypto::Wipe(key_bytes->data(), key_bytes->size());
  auto dec = crypto::StreamDecryptor::Start(key, b.subspan(kStreamAt, crypto::kStreamHeaderSize));
  if (!dec) return bad("stream header is malformed");

  const std::size_t body_at = kStreamAt + crypto::kStreamHeaderSize;
  const std::size_t body = b.size() - body_at;
  const std::size_t chunks = ChunkCount(body);
  Bytes plain;
  plain.reserve(body);
  for (std::size_t i = 0, at = body_at; i < chunks; ++i) {
    const std::size_t len = i + 1 < chunks ? kChunkSealed : b.size() - at;
    bool final = false;
    auto chunk = dec->Pull(b.subspan(at, len), i == 0 ? b.first(kStreamAt) : ByteView(), final);
    if (!chunk || final != (i + 1 == chunks)) {
      crypto::Wipe(plain.data(), plain.size());
      return bad(chunk ? "its chunks are out of order or truncated" : "content does not authenticate (altered?)");
    }
    Append(plain, *chunk);
    at += len;
  }
  auto contents = ParseBundlePlaintext(plain, campaign);
  crypto::Wipe(plain.data(), plain.size());
  if (!contents) return Error::BadInput(who + contents.error().message);
  return contents;
}

Result<BundleContents> ParseBundlePlaintext(ByteView plain, const Campaign& campaign) {
  // These bytes are authentic (the stream authenticated them): a failure here means a
  // malformed bundle from someone holding the campaign's public key.
  auto fail = [](const std::string& why) { return Error::BadInput(why); };
  if (plain.size() < 4) return fail("content is truncated");
  const std::uint32_t len = GetU32(plain.data());
  if (len > plain.size() - 4) return fail("content length runs past its end");
  if (std::any_of(plain.begin() + 4 + len, plain.end(), [](std::uint8_t x) { return x != 0; }))
    return fail("padding is not zero");

  BundleContents c;
  crypto::Signature sig{};
  bool have[10] = {};
  TlvReader r(plain.subspan(4, len));
  while (auto rec = r.Next()) {
    if (rec->tag >= 1 && rec->tag <= 9 && rec->tag != kBundleTagAttachmentHash) {
      if (have[rec->tag]) return fail("field " + std::to_string(rec->tag) + " appears twice");
      have[rec->tag] = true;
    }
    if (have[kBundleTagSignature] && rec->tag != kBundleTagSignature) return fail("fields follow the signature");
    const ByteView v = rec->value;
    bool ok = true;
    switch (rec->tag) {
      case kBundleTagType:
        ok = v.size() == 1 && (v[0] == 1 || v[0] == 2);
        if (ok) c.type = static_cast<BundleType>(v[0]);
        break;
      case kBundleTagSubmissionId: ok = CopyFixed(v, c.submission_id); break;
      case kBundleTagRevision:
        ok = v.size() == 4;
        if (ok) c.revision = GetU32(v.data());
        break;
      case kBundleTagCreated:
        ok = v.size() == 8;
        if (ok) c.created_unix = static_cast<std::int64_t>(GetU64(v.data()));
        break;
      case kBundleTagAuthorKey: ok = CopyFixed(v, c.author_key); break;
      case kBundleTagAckSecret: ok = CopyFixed(v, c.ack_secret); break;
      case kBundleTagContent: c.content.assign(v.begin(), v.end()); break;
      case kBundleTagAttachmentHash: {
        crypto::Hash32 h;
        ok = CopyFixed(v, h) && c.attachment_hashes.size() < 256;
        if (ok) c.attachment_hashes.push_back(h);
        break;
      }
      case kBundleTagSignature: ok = CopyFixed(v, sig); break;
      default: ok = false;
    }
    if (!ok) return fail("field " + std::to_string(rec->tag) + " is malformed or unknown");
  }
  if (r.failed()) return fail("a field runs past the end of the content");
  for (int tag = 1; tag <= 9; ++tag)
    if (tag != kBundleTagAttachmentHash && !have[tag]) return fail("required field " + std::to_string(tag) + " is missing");
  if (!crypto::Verify(c.author_key, crypto::SignatureDomain::kBundleAuthor, kBundleFormatVersion,
                      BundleSignedMessage(c, campaign), sig))
    return fail("author signature does not verify for this campaign");
  return c;
}

}  // namespace staccs::core
