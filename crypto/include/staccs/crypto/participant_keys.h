// One identity seed per kit; a different signing key per campaign derived from it, so the
// same person cannot be linked across campaigns by their keys (SPEC §2, Identity).
#pragma once

#include "staccs/crypto/hash.h"
#include "staccs/crypto/secret.h"
#include "staccs/crypto/signing.h"

namespace staccs::crypto {

inline constexpr std::size_t kIdentitySeedSize = 32;

SecretBytes NewIdentitySeed();
// BLAKE2b keyed by the seed over a fixed label and the campaign id, then Ed25519 from that.
SigningKeyPair DeriveParticipantKey(const SecretBytes& identity_seed, const Hash32& campaign_id);

}  // namespace staccs::crypto
