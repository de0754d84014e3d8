#include "staccs/crypto/participant_keys.h"

#include <sodium.h>

namespace staccs::crypto {

SecretBytes NewIdentitySeed() { return SecretBytes::Random(kIdentitySeedSize); }

SigningKeyPair DeriveParticipantKey(const SecretBytes& identity_seed, const Hash32& campaign_id) {
  Initialize();
  static constexpr std::string_view kLabel = "staccs participant key v1";
  Bytes input;
  Append(input, AsBytes(kLabel));
  Append(input, campaign_id);
  SecretBytes seed(32);
  crypto_generichash(seed.data(), seed.size(), input.data(), input.size(), identity_seed.data(),
                     identity_seed.size());
  return SigningKeyPair::FromSeed(seed);
}

}  // namespace staccs::crypto
