// Bundles: the unit that travels (SPEC §2). The one parser for bundle bytes from outside;
// docs/BUNDLE_FORMAT.md describes the format byte by byte, the constants live here.
//
//   offset size  field (cleartext; bytes 0..123 are the associated data of the first chunk,
//                and the stream header is bound by the stream itself)
//   0      8     magic "STACCSBN"
//   8      2     format version (1)
//   10     2     reserved (0)
//   12     32    campaign id
//   44     80    content key sealed to the campaign's encryption key (crypto_box_seal)
//   124    24    secretstream header
//   148    ...   secretstream chunks: 65,536 plaintext bytes + 17 each, the last one shorter
//                and tagged FINAL. The file's size is always a bucket (BundleBucket()).
//
// The plaintext is: u32 length L | L bytes of inner records (tag u16 | length u32 | value) |
// the attachments' bytes, one after the other in the order of their descriptors | zero padding.
// Attachments stream through sealing and opening: neither side holds one whole in a buffer. The author's signature (domain kBundleAuthor) binds the campaign id, both
// campaign keys, type, submission id, revision, time, author key, acknowledgement secret,
// content and attachment hashes (BundleSignedMessage()).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/core/campaign.h"
#include "staccs/crypto/hash.h"
#include "staccs/crypto/sealed_box.h"
#include "staccs/crypto/secret.h"
#include "staccs/crypto/signing.h"

namespace staccs::core {

inline constexpr char kBundleMagic[8] = {'S', 'T', 'A', 'C', 'C', 'S', 'B', 'N'};
inline constexpr std::uint16_t kBundleFormatVersion = 1;
inline constexpr std::size_t kBundleEnvelopeSize = 148;
inline constexpr std::size_t kBundleChunk = 65536;
inline constexpr std::size_t kBundleMinSize = 16 * 1024;
inline constexpr std::size_t kBundleMaxSize = 64u << 20;
// The inner records (everything but the attachments' bytes) are held in memory while a bundle
// is opened, so they are bounded: 16 MiB holds an 8 MiB answers file in JSON twice over.
// Larger things travel as attachments, which stream.
inline constexpr std::size_t kBundleMaxRecords = 16u << 20;

enum class BundleType : std::uint8_t { kSubmission = 1, kPractice = 2 };
std::string_view BundleTypeName(BundleType t);

enum BundleTag : std::uint16_t {
  kBundleTagType = 1,
  kBundleTagSubmissionId = 2,
  kBundleTagRevision = 3,
  kBundleTagCreated = 4,
  kBundleTagAuthorKey = 5,
  kBundleTagAckSecret = 6,
  kBundleTagContent = 7,
  kBundleTagAttachment = 8,  // descriptor: hash 32 | size u64 | name length u16 | name | media type
  kBundleTagSignature = 9,
};

inline constexpr std::size_t kMaxAttachments = 64;

struct AttachmentDescriptor {
  crypto::Hash32 hash{};  // BLAKE2b-256 of the attachment's bytes (after metadata removal)
  std::uint64_t size = 0;
  std::string name;        // the file name the participant gave
  std::string media_type;  // "image/jpeg", …
  bool operator==(const AttachmentDescriptor&) const = default;
};
Bytes EncodeAttachmentDescriptor(const AttachmentDescriptor& d);

// Supplies an attachment's bytes while sealing: fills `out` with exactly `n` further bytes.
using AttachmentReader = std::function<Status(std::uint8_t* out, std::size_t n)>;

// Receives attachments while a bundle is opened, in order; the bundle is rejected (and the
// sink must discard what it got) if a hash does not match.
class AttachmentSink {
 public:
  virtual ~AttachmentSink() = default;
  virtual Status Begin(std::size_t index, const AttachmentDescriptor& descriptor) = 0;
  virtual Status Write(ByteView bytes) = 0;
  virtual Status End() = 0;
};

// What the author seals. The content is the JSON of a draft's or practice's content.
struct BundleContents {
  BundleType type = BundleType::kSubmission;
  std::array<std::uint8_t, 16> submission_id{};
  std::uint32_t revision = 1;
  std::int64_t created_unix = 0;
  crypto::SigningPublicKey author_key{};
  std::array<std::uint8_t, 32> ack_secret{};
  Bytes content;
  std::vector<AttachmentDescriptor> attachments;
};

// What anyone can read from a bundle without keys: enough to store, dedupe and carry it.
struct BundleEnvelope {
  crypto::Hash32 id{};        // BLAKE2b-256 of the whole file
  crypto::Hash32 campaign_id{};
  std::size_t size = 0;
  std::string id_hex() const { return ToHex(id); }
};

// The smallest bucket that holds `minimum_size` bytes: 16 KiB, then powers of two up to
// 1 MiB, then multiples of 128 KiB. Every bundle's size is one of these.
std::size_t BundleBucket(std::size_t minimum_size);
bool IsBundleBucket(std::size_t size);

struct SealedBundle {
  Bytes bytes;
  crypto::Hash32 id{};  // BLAKE2b-256 of `bytes`, computed while sealing
  std::string id_hex() const { return ToHex(id); }
};

// Seals `contents` (the author key inside must be `author`'s) for `campaign`: signs, then
// SealSignedBundle. For large content the signature is computed on a second thread.
// `readers` supplies the bytes of contents.attachments, one reader per descriptor.
Result<SealedBundle> SealBundle(const BundleContents& contents, const Campaign& campaign,
                                const crypto::SigningKeyPair& author, const std::vector<AttachmentReader>& readers = {});
// The two halves, apart so tests can show that a signature made for one campaign does not
// verify inside a bundle sealed to another.
crypto::Signature SignBundle(const BundleContents& contents, const Campaign& campaign,
                             const crypto::SigningKeyPair& author);
// `compute_id` false leaves `id` zero: only for measuring encryption apart (bench/).
Result<SealedBundle> SealSignedBundle(const BundleContents& contents, const crypto::Signature& signature,
                                      const Campaign& campaign, bool compute_id = true,
                                      const std::vector<AttachmentReader>& readers = {});

// Checks what a carrier can check: magic, version, size, bucket. Computes the id, unless the
// caller has just computed it (`known_id`, from SealBundle).
Result<BundleEnvelope> ParseBundleEnvelope(ByteView bundle, const crypto::Hash32* known_id = nullptr);
// The same checks from the first bytes of a bundle (at least kBundleEnvelopeSize, or all of a
// shorter one) and its size, for a bundle read piece by piece; the id is left zero.
Result<BundleEnvelope> ParseBundleHeader(ByteView first_bytes, std::size_t size);

// Where a bundle is read from when it is not in memory (a blob in the kit's store): its size
// and reads of any range. OpenBundleFrom reads it once, in order, a sealed chunk at a time.
class BundleSource {
 public:
  virtual ~BundleSource() = default;
  virtual std::size_t size() const = 0;
  // Fills `out` with the bytes from `offset`; an error if it cannot.
  virtual Status Read(std::size_t offset, std::span<std::uint8_t> out) = 0;
};

// OpenBundle without holding the bundle: at most one sealed chunk (64 KiB) of it and its
// inner records (≤ kBundleMaxRecords) are in memory at a time, whatever its size. The bytes
// are hashed as they are read and must hash to `expected_id` (the id the kit stored them
// under); otherwise, as on every failure, nothing comes back and the sink must discard.
Result<BundleContents> OpenBundleFrom(BundleSource& source, const crypto::Hash32& expected_id,
                                      const Campaign& campaign, const crypto::BoxKeyPair& encryption,
                                      AttachmentSink* sink = nullptr);

// The secretariat's side: decrypts with the campaign's encryption key and verifies the
// author's signature against this campaign, then streams attachments to `sink` (if given;
// without one they are checked and dropped). Nothing partial comes back on failure.
Result<BundleContents> OpenBundle(ByteView bundle, const Campaign& campaign, const crypto::BoxKeyPair& encryption,
                                  AttachmentSink* sink = nullptr);

// The inner half of OpenBundle: decrypted plaintext to contents, with the author's signature
// checked against `campaign` and the attachments' hashes against their bytes. Errors carry no
// bundle id (OpenBundle adds it).
Result<BundleContents> ParseBundlePlaintext(ByteView plaintext, const Campaign& campaign,
                                            AttachmentSink* sink = nullptr);

Bytes BundleSignedMessage(const BundleContents& contents, const Campaign& campaign);

// The acknowledgement tag the received-log lists for a bundle carrying `ack_secret`.
crypto::Hash32 AckTag(const std::array<std::uint8_t, 32>& ack_secret);

}  // namespace staccs::core
