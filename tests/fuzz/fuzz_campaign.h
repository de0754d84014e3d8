// A campaign with fixed keys, shared by the fuzz harnesses and the tool that makes their seed
// corpora, so that seeds sealed to it open inside the harness.
#pragma once

#include "staccs/core/campaign.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/received_log.h"
#include "staccs/crypto/sealed_box.h"
#include "staccs/crypto/signing.h"

namespace staccs::fuzz {

inline crypto::SecretBytes FixedSecret(std::uint8_t fill, std::size_t size) {
  crypto::SecretBytes s(size);
  for (std::size_t i = 0; i < size; ++i) s.data()[i] = static_cast<std::uint8_t>(fill + i);
  return s;
}

struct FixedCampaign {
  crypto::SigningKeyPair signing = crypto::SigningKeyPair::FromSeed(FixedSecret(1, 32));
  crypto::SigningKeyPair pull = crypto::SigningKeyPair::FromSeed(FixedSecret(2, 32));
  crypto::SigningKeyPair author = crypto::SigningKeyPair::FromSeed(FixedSecret(4, 32));
  crypto::SigningKeyPair relay = crypto::SigningKeyPair::FromSeed(FixedSecret(5, 32));  // the relay harness's
  crypto::BoxKeyPair encryption = std::move(crypto::BoxKeyPair::FromSecretKey(FixedSecret(3, 32))).value();
  core::Campaign campaign;

  FixedCampaign() {
    campaign = core::ForumCallTemplate();
    campaign.signing_key = signing.public_key();
    campaign.pull_key = pull.public_key();
    campaign.encryption_key = encryption.public_key();
    campaign.id = core::CampaignIdFor(campaign.signing_key);
  }
};

// The log the extension harness holds: three fixed entries, so seeds made for it apply.
inline core::ReceivedLog FixedHeldLog(const FixedCampaign& fixed) {
  core::ReceivedLog log{fixed.campaign.id, 1, {}};
  for (std::uint8_t i = 0; i < 3; ++i) {
    core::ReceivedEntry e;
    e.bundle_id.fill(static_cast<std::uint8_t>(0x10 + i));
    e.ack_tag.fill(static_cast<std::uint8_t>(0x20 + i));
    log.entries.push_back(e);
  }
  return log;
}

}  // namespace staccs::fuzz
