// Sealing bundles: the author's half, kept apart from the parser (bundle_file.cpp) so that
// file holds only what reads outside bytes.
#include <algorithm>

#include "bundle_layout.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/tlv.h"
#include "staccs/crypto/stream_cipher.h"

namespace staccs::core {

using namespace bundle_layout;

namespace {

Bytes InnerRecords(const BundleContents& c, const crypto::Signature* signature) {
  TlvWriter w;
  const std::uint8_t type = static_cast<std::uint8_t>(c.type);
  w.Add(kBundleTagType, ByteView(&type, 1))
      .Add(kBundleTagSubmissionId, c.submission_id)
      .AddU32(kBundleTagRevision, c.revision)
      .AddU64(kBundleTagCreated, static_cast<std::uint64_t>(c.created_unix))
      .Add(kBundleTagAuthorKey, c.author_key)
      .Add(kBundleTagAckSecret, c.ack_secret)
      .Add(kBundleTagContent, c.content);
  for (const auto& h : c.attachment_hashes) w.Add(kBundleTagAttachmentHash, h);
  if (signature) w.Add(kBundleTagSignature, *signature);
  return w.Take();
}

}  // namespace

crypto::Signature SignBundle(const BundleContents& contents, const Campaign& campaign,
                             const crypto::SigningKeyPair& author) {
  return author.Sign(crypto::SignatureDomain::kBundleAuthor, kBundleFormatVersion,
                     BundleSignedMessage(contents, campaign));
}

Result<Bytes> SealBundle(const BundleContents& contents, const Campaign& campaign,
                         const crypto::SigningKeyPair& author) {
  if (author.public_key() != contents.author_key) return Error::Local("bundle: author key does not match");
  return SealSignedBundle(contents, SignBundle(contents, campaign, author), campaign);
}

Result<Bytes> SealSignedBundle(const BundleContents& contents, const crypto::Signature& sig, const Campaign& campaign) {
  Bytes inner = InnerRecords(contents, &sig);

  // The smallest bucket whose plaintext capacity holds length prefix + records.
  const std::size_t needed = 4 + inner.size();
  auto capacity = PlaintextCapacity;
  std::size_t size = BundleBucket(kStreamAt + crypto::kStreamHeaderSize + needed +
                                  crypto::kStreamChunkOverhead * (needed / kBundleChunk + 1));
  // Capacity dips by a few bytes at each chunk boundary: take the next bucket if it must.
  while (capacity(size) < needed && size <= kBundleMaxSize) size = BundleBucket(size + 1);
  if (size > kBundleMaxSize) return Error::Usage("bundle: content is larger than a bundle may be (64 MiB)");
  const std::size_t body = size - kStreamAt - crypto::kStreamHeaderSize;
  const std::size_t chunks = ChunkCount(body);
  Bytes plain;
  plain.reserve(body - chunks * crypto::kStreamChunkOverhead);
  PutU32(plain, static_cast<std::uint32_t>(inner.size()));
  Append(plain, inner);
  crypto::Wipe(inner.data(), inner.size());
  plain.resize(capacity(size), 0);

  Bytes out(kBundleMagic, kBundleMagic + 8);
  out.reserve(size);
  PutU16(out, kBundleFormatVersion);
  PutU16(out, 0);
  Append(out, campaign.id);
  crypto::SecretBytes key = crypto::SecretBytes::Random(crypto::kStreamKeySize);
  Append(out, crypto::SealTo(campaign.encryption_key, key.view()));
  const Bytes associated(out.begin(), out.end());  // bytes 0..123
  crypto::StreamEncryptor enc(key, out);
  for (std::size_t i = 0, at = 0; i < chunks; ++i) {
    const std::size_t len = std::min(kBundleChunk, plain.size() - at);
    enc.Push(ByteView(plain).subspan(at, len), i == 0 ? ByteView(associated) : ByteView(), i + 1 == chunks);
    at += len;
  }
  crypto::Wipe(plain.data(), plain.size());
  if (out.size() != size) return Error::Local("bundle: sealed size does not match its bucket");
  return out;
}

}  // namespace staccs::core
