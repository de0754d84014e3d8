// Bundles anyone holding a public campaign file can make: sealed to the campaign and signed
// with a key of their own, with whatever content and attachment they like. For the tests of
// what a secretariat does with hostile (or simply large) bundles.
#pragma once

#include <cstring>
#include <stdexcept>
#include <string>

#include "staccs/core/bundle_file.h"
#include "staccs/core/draft_store.h"
#include "staccs/crypto/random.h"

namespace staccs::test {

// Writes a well-formed bundle header for `campaign` over the start of `body`: an envelope a
// carrier accepts and nobody can open (the rest of `body` is whatever it was, random bytes).
inline void StampEnvelopeHeader(Bytes& body, const core::Campaign& campaign) {
  std::memcpy(body.data(), core::kBundleMagic, 8);
  Bytes version;
  PutU16(version, core::kBundleFormatVersion);
  std::memcpy(body.data() + 8, version.data(), 2);
  body[10] = body[11] = 0;
  std::memcpy(body.data() + 12, campaign.id.data(), 32);
}

// What an honest kit seals for a one-answer draft.
inline Bytes HonestContent(const core::Campaign& campaign, const std::string& answer) {
  core::DraftContent d;
  d.answers.push_back({campaign.questions.at(0).id, answer});
  return core::EncodeDraftContent(d);
}

// `attachment`, if not null, travels inside (its bytes are not copied: keep it alive).
inline core::SealedBundle SealAsStranger(const core::Campaign& campaign, ByteView content,
                                         core::BundleType type = core::BundleType::kSubmission,
                                         const Bytes* attachment = nullptr, const crypto::Hash32* attachment_hash = nullptr) {
  const crypto::SigningKeyPair author = crypto::SigningKeyPair::Generate();
  core::BundleContents c;
  c.type = type;
  crypto::FillRandom(c.submission_id.data(), c.submission_id.size());
  c.revision = 1;
  c.created_unix = 1'760'000'000;
  c.author_key = author.public_key();
  crypto::FillRandom(c.ack_secret.data(), c.ack_secret.size());
  c.content.assign(content.begin(), content.end());
  std::vector<core::AttachmentReader> readers;
  auto served = std::make_shared<std::size_t>(0);
  if (attachment != nullptr) {
    c.attachments.push_back({attachment_hash ? *attachment_hash : crypto::Blake2b256(*attachment), attachment->size(),
                             "field-report.pdf", "application/pdf"});
    readers.push_back([attachment, served](std::uint8_t* out, std::size_t n) -> Status {
      std::memcpy(out, attachment->data() + *served, n);
      *served += n;
      return {};
    });
  }
  auto sealed = core::SealBundle(c, campaign, author, readers);
  if (!sealed) throw std::runtime_error(sealed.error().message);
  return std::move(sealed).value();
}

}  // namespace staccs::test
