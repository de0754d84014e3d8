#include "staccs/core/bundle_file.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "bundle_layout.h"
#include "staccs/core/text.h"
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


// The inner records: everything but the attachments' bytes, with the author's signature.
Result<BundleContents> ParseInnerRecords(ByteView records, const Campaign& campaign) {
  auto fail = [](const std::string& why) { return Error::BadInput(why); };
  BundleContents c;
  crypto::Signature sig{};
  bool have[10] = {};
  TlvReader r(records);
  while (auto rec = r.Next()) {
    if (rec->tag >= 1 && rec->tag <= 9 && rec->tag != kBundleTagAttachment) {
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
      case kBundleTagAttachment: {
        AttachmentDescriptor d;
        ok = v.size() >= 42 && c.attachments.size() < kMaxAttachments;
        if (!ok) break;
        std::copy_n(v.data(), 32, d.hash.begin());
        d.size = GetU64(v.data() + 32);
        const std::size_t name_len = GetU16(v.data() + 40);
        ok = name_len <= v.size() - 42;
        if (!ok) break;
        d.name.assign(reinterpret_cast<const char*>(v.data() + 42), name_len);
        d.media_type.assign(reinterpret_cast<const char*>(v.data() + 42 + name_len), v.size() - 42 - name_len);
        ok = IsCleanUtf8(d.name) && IsCleanUtf8(d.media_type) && d.size <= kBundleMaxSize;
        if (ok) c.attachments.push_back(std::move(d));
        break;
      }
      case kBundleTagSignature: ok = CopyFixed(v, sig); break;
      default: ok = false;
    }
    if (!ok) return fail("field " + std::to_string(rec->tag) + " is malformed or unknown");
  }
  if (r.failed()) return fail("a field runs past the end of the content");
  for (int tag = 1; tag <= 9; ++tag)
    if (tag != kBundleTagAttachment && !have[tag]) return fail("required field " + std::to_string(tag) + " is missing");
  if (!crypto::Verify(c.author_key, crypto::SignatureDomain::kBundleAuthor, kBundleFormatVersion,
                      BundleSignedMessage(c, campaign), sig))
    return fail("author signature does not verify for this campaign");
  return c;
}

// Takes the decrypted plaintext as it comes, chunk by chunk: first the length and the inner
// records (held, they are small), checked and their signature verified as soon as they are
// complete; then each attachment's bytes, hashed and passed to the sink without being kept;
// then the padding, which must be zero.
class PlaintextConsumer {
 public:
  PlaintextConsumer(std::size_t total, const Campaign& campaign, AttachmentSink* sink)
      : total_(total), campaign_(campaign), sink_(sink) {}

  Status Feed(ByteView data) {
    while (!data.empty()) {
      if (!contents_) {
        const std::size_t want = (head_.size() < 4 ? 4 : 4 + GetU32(head_.data())) - head_.size();
        const std::size_t take = std::min(want, data.size());
        head_.insert(head_.end(), data.begin(), data.begin() + static_cast<long>(take));
        data = data.subspan(take);
        consumed_ += take;
        if (head_.size() == 4 && GetU32(head_.data()) > total_ - 4) return Error::BadInput("content length runs past its end");
        if (head_.size() == 4 && GetU32(head_.data()) > kBundleMaxRecords)
          return Error::BadInput("its records are larger than " + std::to_string(kBundleMaxRecords >> 20) + " MiB");
        if (head_.size() >= 4 && head_.size() == 4 + GetU32(head_.data())) STACCS_TRY(ParseHead());
        continue;
      }
      if (attachment_ < contents_->attachments.size()) {
        const AttachmentDescriptor& d = contents_->attachments[attachment_];
        if (written_ == 0 && !begun_) {
          if (sink_) STACCS_TRY(sink_->Begin(attachment_, d));
          hasher_ = crypto::Hasher();
          begun_ = true;
        }
        const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(d.size - written_, data.size()));
        hasher_.Update(data.first(take));
        if (sink_ && take) STACCS_TRY(sink_->Write(data.first(take)));
        written_ += take;
        consumed_ += take;
        data = data.subspan(take);
        if (written_ == d.size) STACCS_TRY(EndAttachment());
        continue;
      }
      if (std::any_of(data.begin(), data.end(), [](std::uint8_t x) { return x != 0; }))
        return Error::BadInput("padding is not zero");
      consumed_ += data.size();
      data = {};
    }
    return {};
  }

  Result<BundleContents> Finish() {
    if (!contents_) return Error::BadInput(head_.size() < 4 ? "content is truncated" : "content length runs past its end");
    // Zero-length attachments at the very end still need their begin/end.
    while (attachment_ < contents_->attachments.size() && contents_->attachments[attachment_].size == 0) {
      if (sink_) STACCS_TRY(sink_->Begin(attachment_, contents_->attachments[attachment_]));
      hasher_ = crypto::Hasher();
      STACCS_TRY(EndAttachment());
    }
    if (attachment_ < contents_->attachments.size() || consumed_ != total_)
      return Error::BadInput("attachments run past the end of the content");
    return std::move(*contents_);
  }

 private:
  Status ParseHead() {
    STACCS_ASSIGN(BundleContents c, ParseInnerRecords(ByteView(head_).subspan(4), campaign_));
    std::uint64_t sizes = 0;
    for (const auto& d : c.attachments) sizes += d.size;
    if (sizes > total_ - head_.size()) return Error::BadInput("attachments are larger than the bundle");
    contents_ = std::move(c);
    return {};
  }

  Status EndAttachment() {
    const AttachmentDescriptor& d = contents_->attachments[attachment_];
    if (hasher_.Finish() != d.hash) return Error::BadInput("attachment '" + d.name + "' does not match its signed hash");
    if (sink_) STACCS_TRY(sink_->End());
    ++attachment_;
    written_ = 0;
    begun_ = false;
    return {};
  }

  std::size_t total_;
  const Campaign& campaign_;
  AttachmentSink* sink_;
  crypto::WipedBytes head_;  // clear records: wiped as it grows and when the consumer goes
  std::optional<BundleContents> contents_;
  std::size_t consumed_ = 0;
  std::size_t attachment_ = 0;
  std::uint64_t written_ = 0;
  bool begun_ = false;
  crypto::Hasher hasher_;
};

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
  PutU32(m, static_cast<std::uint32_t>(c.attachments.size()));
  for (const auto& d : c.attachments) {
    Bytes encoded = EncodeAttachmentDescriptor(d);
    PutU32(m, static_cast<std::uint32_t>(encoded.size()));
    Append(m, encoded);
  }
  return m;
}

Bytes EncodeAttachmentDescriptor(const AttachmentDescriptor& d) {
  Bytes out;
  Append(out, d.hash);
  PutU64(out, d.size);
  PutU16(out, static_cast<std::uint16_t>(d.name.size()));
  Append(out, AsBytes(d.name));
  Append(out, AsBytes(d.media_type));
  return out;
}

Result<BundleEnvelope> ParseBundleHeader(ByteView b, std::size_t size) {
  if (size < kBundleEnvelopeSize || b.size() < kBundleEnvelopeSize) return Bad("truncated (" + std::to_string(size) + " bytes)");
  if (std::memcmp(b.data(), kBundleMagic, 8) != 0) return Bad("not a STACCS bundle");
  if (GetU16(b.data() + 8) != kBundleFormatVersion)
    return Bad("format version " + std::to_string(GetU16(b.data() + 8)) + " is not supported by this kit");
  if (GetU16(b.data() + 10) != 0) return Bad("reserved header field is not zero");
  if (!IsBundleBucket(size)) return Bad("size " + std::to_string(size) + " is not a bundle size (truncated?)");
  BundleEnvelope e;
  std::copy_n(b.data() + 12, 32, e.campaign_id.begin());
  e.size = size;
  return e;
}

Result<BundleEnvelope> ParseBundleEnvelope(ByteView b, const crypto::Hash32* known_id) {
  STACCS_ASSIGN(BundleEnvelope e, ParseBundleHeader(b, b.size()));
  e.id = known_id ? *known_id : crypto::Blake2b256(b);
  return e;
}

namespace {

// The opening of a bundle, whatever holds its bytes: `read(offset, length)` gives a view of
// those bytes, valid until the next call; it is called once for the envelope, then once per
// sealed chunk, in order. `who` starts every error ("bundle 3f2a…: ").
template <class ReadAt>
Result<BundleContents> OpenSealed(std::size_t size, ReadAt&& read, const std::string& who, const Campaign& campaign,
                                  const crypto::BoxKeyPair& encryption, AttachmentSink* sink) {
  auto bad = [&](const std::string& why) { return Error::BadInput(who + why); };
  STACCS_ASSIGN(ByteView head, read(0, std::min(size, kBundleEnvelopeSize)));
  auto env = ParseBundleHeader(head, size);
  if (!env) return bad(env.error().message.substr(8));  // without its own "bundle: "
  if (env->campaign_id != campaign.id) return bad("belongs to another campaign");
  auto key_bytes = encryption.Open(head.subspan(kSealedKeyAt, kStreamAt - kSealedKeyAt));
  if (!key_bytes) return bad("its key does not open with this campaign's key");
  crypto::SecretBytes key = crypto::SecretBytes::Copy(*key_bytes);  // key_bytes wipes itself
  auto dec = crypto::StreamDecryptor::Start(key, head.subspan(kStreamAt, crypto::kStreamHeaderSize));
  if (!dec) return bad("stream header is malformed");
  Bytes aad(head.begin(), head.begin() + kStreamAt);  // the first chunk's associated data

  const std::size_t body = size - kBodyAt;
  const std::size_t chunks = ChunkCount(body);
  PlaintextConsumer consumer(PlaintextCapacity(size), campaign, sink);
  for (std::size_t i = 0, at = kBodyAt; i < chunks; ++i) {
    const std::size_t len = i + 1 < chunks ? kChunkSealed : size - at;
    STACCS_ASSIGN(ByteView sealed, read(at, len));
    bool final = false;
    auto chunk = dec->Pull(sealed, i == 0 ? ByteView(aad) : ByteView(), final);
    if (!chunk || final != (i + 1 == chunks))
      return bad(chunk ? "its chunks are out of order or truncated" : "content does not authenticate (altered?)");
    auto fed = consumer.Feed(*chunk);  // the chunk wipes itself
    if (!fed) return bad(fed.error().message);
    at += len;
  }
  auto contents = consumer.Finish();
  if (!contents) return bad(contents.error().message);
  return contents;
}

std::string Who(const crypto::Hash32& id) { return "bundle " + ToHex(id).substr(0, 12) + "…: "; }

}  // namespace

Result<BundleContents> OpenBundle(ByteView b, const Campaign& campaign, const crypto::BoxKeyPair& encryption,
                                  AttachmentSink* sink) {
  STACCS_ASSIGN(BundleEnvelope env, ParseBundleEnvelope(b));
  auto read = [&](std::size_t offset, std::size_t n) -> Result<ByteView> { return b.subspan(offset, n); };
  return OpenSealed(b.size(), read, Who(env.id), campaign, encryption, sink);
}

Result<BundleContents> OpenBundleFrom(BundleSource& source, const crypto::Hash32& expected_id,
                                      const Campaign& campaign, const crypto::BoxKeyPair& encryption,
                                      AttachmentSink* sink) {
  const std::string who = Who(expected_id);
  const std::size_t size = source.size();
  if (size > kBundleMaxSize) return Error::BadInput(who + "larger than a bundle may be");
  Bytes buffer(std::min(size, kChunkSealed));
  crypto::Hasher id;
  std::size_t next = 0;  // reads must cover the bundle once, in order, for the hash to be its id
  auto read = [&](std::size_t offset, std::size_t n) -> Result<ByteView> {
    if (offset != next || n > buffer.size()) return Error::Local(who + "read out of order");
    auto st = source.Read(offset, std::span<std::uint8_t>(buffer.data(), n));
    if (!st) return std::move(st).error().Within(who.substr(0, who.size() - 2));
    const ByteView view(buffer.data(), n);
    id.Update(view);
    next += n;
    return view;
  };
  STACCS_ASSIGN(BundleContents contents, OpenSealed(size, read, who, campaign, encryption, sink));
  if (next != size || id.Finish() != expected_id)
    return Error::BadInput(who + "its bytes do not hash to its id (altered in the store?)");
  return contents;
}

Result<BundleContents> ParseBundlePlaintext(ByteView plain, const Campaign& campaign, AttachmentSink* sink) {
  PlaintextConsumer consumer(plain.size(), campaign, sink);
  STACCS_TRY(consumer.Feed(plain));
  return consumer.Finish();
}

}  // namespace staccs::core
