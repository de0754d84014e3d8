// Sealing bundles: the author's half, kept apart from the parser (bundle_file.cpp) so that
// file holds only what reads outside bytes.
//
// Sealing streams: the plaintext (length, records, content, signature, padding) is never
// assembled in one buffer. It is cut into 64 KiB chunks in a small staging buffer, each chunk
// is encrypted straight into the output and fed to the id hash while it is still in cache.
// For large content the author's signature (which hashes the content) is computed on a second
// thread while the chunks before it are encrypted: hashing, not encryption, is what costs.
#include <algorithm>
#include <cstring>
#include <functional>
#include <future>

#include "bundle_layout.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/tlv.h"
#include "staccs/crypto/stream_cipher.h"

namespace staccs::core {

using namespace bundle_layout;

namespace {

constexpr std::size_t kParallelSignAbove = 256 * 1024;

// The records before the content's value: type … ack secret, then the content's tag and length.
Bytes RecordsBeforeContent(const BundleContents& c) {
  TlvWriter w;
  const std::uint8_t type = static_cast<std::uint8_t>(c.type);
  w.Add(kBundleTagType, ByteView(&type, 1))
      .Add(kBundleTagSubmissionId, c.submission_id)
      .AddU32(kBundleTagRevision, c.revision)
      .AddU64(kBundleTagCreated, static_cast<std::uint64_t>(c.created_unix))
      .Add(kBundleTagAuthorKey, c.author_key)
      .Add(kBundleTagAckSecret, c.ack_secret);
  Bytes out = w.Take();
  PutU16(out, kBundleTagContent);
  PutU32(out, static_cast<std::uint32_t>(c.content.size()));
  return out;
}

Bytes RecordsAfterContent(const BundleContents& c, const crypto::Signature& sig) {
  TlvWriter w;
  for (const auto& d : c.attachments) w.Add(kBundleTagAttachment, EncodeAttachmentDescriptor(d));
  w.Add(kBundleTagSignature, sig);
  return w.Take();
}

// Reads the plaintext as a sequence of pieces: prefix, content, suffix (asked for only when
// the stream reaches it: it holds the signature), the attachments from their readers, then
// zeros.
class PlaintextReader {
 public:
  PlaintextReader(Bytes prefix, ByteView content, std::function<Bytes()> suffix,
                  const std::vector<AttachmentDescriptor>& attachments, const std::vector<AttachmentReader>& readers)
      : prefix_(crypto::TakeWiped(std::move(prefix))), content_(content), suffix_source_(std::move(suffix)),
        attachments_(attachments), readers_(readers) {}

  // Fills `out` with the next `n` bytes of the plaintext.
  Status Read(std::uint8_t* out, std::size_t n) {
    while (n > 0) {
      if (piece_ < 3) {
        ByteView piece = piece_ == 0 ? ByteView(prefix_) : piece_ == 1 ? content_ : Suffix();
        const std::size_t take = std::min(n, piece.size() - pos_);
        if (take != 0) std::memcpy(out, piece.data() + pos_, take);  // an empty piece may have no data()
        out += take;
        n -= take;
        pos_ += take;
        if (pos_ == piece.size()) Next();
        continue;
      }
      const std::size_t a = piece_ - 3;
      if (a < attachments_.size()) {
        const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(n, attachments_[a].size - pos_));
        if (take > 0) STACCS_TRY(readers_[a](out, take));
        out += take;
        n -= take;
        pos_ += take;
        if (pos_ == attachments_[a].size) Next();
        continue;
      }
      std::memset(out, 0, n);  // padding
      return {};
    }
    return {};
  }

 private:
  void Next() {
    ++piece_;
    pos_ = 0;
  }
  ByteView Suffix() {
    if (suffix_source_) {
      suffix_ = crypto::TakeWiped(suffix_source_());
      suffix_source_ = nullptr;
    }
    return suffix_;
  }

  crypto::WipedBytes prefix_;  // clear records before and after the content: they wipe themselves
  ByteView content_;
  std::function<Bytes()> suffix_source_;
  crypto::WipedBytes suffix_;
  const std::vector<AttachmentDescriptor>& attachments_;
  const std::vector<AttachmentReader>& readers_;
  std::size_t piece_ = 0;
  std::uint64_t pos_ = 0;
};

Result<SealedBundle> Seal(const BundleContents& c, const Campaign& campaign, std::function<crypto::Signature()> sign,
                          bool compute_id, const std::vector<AttachmentReader>& readers) {
  if (readers.size() != c.attachments.size()) return Error::Local("bundle: one reader per attachment is needed");
  if (c.attachments.size() > kMaxAttachments) return Error::Usage("bundle: more than 64 attachments");
  Bytes prefix = RecordsBeforeContent(c);
  std::size_t suffix_size = 6 + 64;
  std::uint64_t attachment_bytes = 0;
  for (const auto& d : c.attachments) {
    suffix_size += 6 + EncodeAttachmentDescriptor(d).size();
    attachment_bytes += d.size;
  }
  if (attachment_bytes > kBundleMaxSize) return Error::Usage("bundle: attachments are larger than a bundle may be (64 MiB)");
  const std::size_t inner = prefix.size() + c.content.size() + suffix_size;
  if (inner > kBundleMaxRecords)
    return Error::Usage("bundle: the text is too long for one bundle (over " + std::to_string(kBundleMaxRecords >> 20) +
                        " MiB); long material can go in attachments");
  const std::size_t needed = 4 + inner + static_cast<std::size_t>(attachment_bytes);
  std::size_t size = BundleBucket(kBodyAt + needed + crypto::kStreamChunkOverhead * (needed / kBundleChunk + 1));
  // Capacity dips by a few bytes at each chunk boundary: take the next bucket if it must.
  while (PlaintextCapacity(size) < needed && size <= kBundleMaxSize) size = BundleBucket(size + 1);
  if (size > kBundleMaxSize) return Error::Usage("bundle: content is larger than a bundle may be (64 MiB)");

  Bytes head;
  head.reserve(4 + prefix.size());
  PutU32(head, static_cast<std::uint32_t>(inner));
  Append(head, prefix);
  PlaintextReader plain(std::move(head), c.content, [&] { return RecordsAfterContent(c, sign()); }, c.attachments,
                        readers);

  SealedBundle sealed;
  Bytes& out = sealed.bytes;
  out.assign(kBundleMagic, kBundleMagic + sizeof kBundleMagic);
  out.reserve(size);
  PutU16(out, kBundleFormatVersion);
  PutU16(out, 0);
  Append(out, campaign.id);
  crypto::SecretBytes key = crypto::SecretBytes::Random(crypto::kStreamKeySize);
  Append(out, crypto::SealTo(campaign.encryption_key, key.view()));
  crypto::StreamEncryptor enc(key, out);
  out.resize(size);
  crypto::Hasher id;
  if (compute_id) id.Update(ByteView(out).first(kBodyAt));

  const std::size_t body = size - kBodyAt;
  const std::size_t chunks = ChunkCount(body);
  crypto::SecretBytes staging(kBundleChunk);
  std::size_t at = kBodyAt;
  for (std::size_t i = 0; i < chunks; ++i) {
    const std::size_t sealed_len = i + 1 < chunks ? kChunkSealed : size - at;
    const std::size_t len = sealed_len - crypto::kStreamChunkOverhead;
    STACCS_TRY(plain.Read(staging.data(), len));
    enc.PushTo(out.data() + at, ByteView(staging.data(), len), i == 0 ? ByteView(out).first(kStreamAt) : ByteView(),
               i + 1 == chunks);
    if (compute_id) id.Update(ByteView(out).subspan(at, sealed_len));
    at += sealed_len;
  }
  if (compute_id) sealed.id = id.Finish();
  return sealed;
}

}  // namespace

crypto::Signature SignBundle(const BundleContents& contents, const Campaign& campaign,
                             const crypto::SigningKeyPair& author) {
  return author.Sign(crypto::SignatureDomain::kBundleAuthor, kBundleFormatVersion,
                     BundleSignedMessage(contents, campaign));
}

Result<SealedBundle> SealBundle(const BundleContents& contents, const Campaign& campaign,
                                const crypto::SigningKeyPair& author, const std::vector<AttachmentReader>& readers) {
  if (author.public_key() != contents.author_key) return Error::Local("bundle: author key does not match");
  if (contents.content.size() < kParallelSignAbove)
    return Seal(contents, campaign, [&] { return SignBundle(contents, campaign, author); }, true, readers);
  // The signature is needed only when the stream reaches the end of the content.
  std::future<crypto::Signature> sig =
      std::async(std::launch::async, [&] { return SignBundle(contents, campaign, author); });
  return Seal(contents, campaign, [&] { return sig.get(); }, true, readers);
}

Result<SealedBundle> SealSignedBundle(const BundleContents& contents, const crypto::Signature& sig,
                                      const Campaign& campaign, bool compute_id,
                                      const std::vector<AttachmentReader>& readers) {
  return Seal(contents, campaign, [&] { return sig; }, compute_id, readers);
}

}  // namespace staccs::core
