// The signed campaign file: the one parser for campaign bytes from outside (a stick, a relay,
// an email). docs/CAMPAIGN_FORMAT.md describes it byte by byte; the constants live here.
//
//   magic "STACCSCF" (8) | version u16 | body length u32 | body | Ed25519 signature (64)
//
// The body is a list of records: tag u16 | length u32 | value. The signature (domain
// kCampaignFile) covers every byte before it, exactly as received: nothing is re-serialised
// before verifying.
#pragma once

#include <cstdint>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/core/campaign.h"

namespace staccs::core {

inline constexpr char kCampaignMagic[8] = {'S', 'T', 'A', 'C', 'C', 'S', 'C', 'F'};
inline constexpr std::uint16_t kCampaignFormatVersion = 1;
inline constexpr std::size_t kCampaignFileMaxSize = 1 << 20;
inline constexpr std::size_t kCampaignHeaderSize = 14;

enum CampaignTag : std::uint16_t {
  kTagCampaignId = 1,
  kTagSigningKey = 2,
  kTagEncryptionKey = 3,
  kTagPullKey = 4,
  kTagPullCertificate = 5,
  kTagSequence = 6,
  kTagCreated = 7,
  kTagDeadline = 8,
  kTagTotalWordLimit = 9,
  kTagAttachmentLimit = 10,
  kTagLanguage = 11,
  kTagAwaitingReview = 12,
  kTagTitle = 13,
  kTagDescription = 14,
  kTagQuestion = 15,
  kTagRelay = 16,
  kTagPracticeField = 17,
  // Tags from here up are extensions an older reader may skip; below, unknown tags are refused.
  kTagFirstOptional = 0x8000,
};

// Inside kTagQuestion and kTagRelay values: the same tag | length | value framing.
enum QuestionTag : std::uint16_t { kQuestionId = 1, kQuestionWordLimit = 2, kQuestionPrompt = 3 };
enum RelayTag : std::uint16_t { kRelayUrl = 1, kRelayReceiptKey = 2, kRelayTlsPin = 3 };

// Parses and verifies: structure, the signature over the exact bytes, the id against the
// signing key, and the pull subkey's certificate. The error says which check failed.
Result<Campaign> ParseCampaignFile(ByteView file);

// Serialises and signs. `signing_key` must be the campaign's own (its public half is
// campaign.signing_key); the id and pull certificate must already be set.
Bytes WriteCampaignFile(const Campaign& campaign, const crypto::SigningKeyPair& signing_key);

// The message the pull certificate signs: campaign id || pull key.
Bytes PullCertificateMessage(const crypto::Hash32& campaign_id, const crypto::SigningPublicKey& pull_key);

}  // namespace staccs::core
