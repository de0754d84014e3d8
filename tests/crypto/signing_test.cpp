#include <doctest/doctest.h>

#include "staccs/crypto/signing.h"

using namespace staccs;
using namespace staccs::crypto;

TEST_CASE("a signature verifies for its own domain, version and message only") {
  auto kp = SigningKeyPair::Generate();
  Bytes msg = {1, 2, 3, 4};
  Signature sig = kp.Sign(SignatureDomain::kCampaignFile, 1, msg);
  CHECK(Verify(kp.public_key(), SignatureDomain::kCampaignFile, 1, msg, sig));

  SUBCASE("another domain") {
    for (auto other : {SignatureDomain::kPullSubkeyCert, SignatureDomain::kBundleAuthor, SignatureDomain::kReceivedLog,
                       SignatureDomain::kRelayReceipt, SignatureDomain::kPullProof, SignatureDomain::kReleaseArtifact})
      CHECK_FALSE(Verify(kp.public_key(), other, 1, msg, sig));
  }
  SUBCASE("another version") { CHECK_FALSE(Verify(kp.public_key(), SignatureDomain::kCampaignFile, 2, msg, sig)); }
  SUBCASE("another message") {
    msg[0] ^= 1;
    CHECK_FALSE(Verify(kp.public_key(), SignatureDomain::kCampaignFile, 1, msg, sig));
  }
  SUBCASE("another key") {
    CHECK_FALSE(Verify(SigningKeyPair::Generate().public_key(), SignatureDomain::kCampaignFile, 1, msg, sig));
  }
  SUBCASE("a flipped signature byte") {
    for (std::size_t i = 0; i < sig.size(); i += 7) {
      Signature bad = sig;
      bad[i] ^= 0x10;
      CHECK_FALSE(Verify(kp.public_key(), SignatureDomain::kCampaignFile, 1, msg, bad));
    }
  }
}

TEST_CASE("a signing key restored from its secret key signs the same way") {
  auto kp = SigningKeyPair::Generate();
  auto restored = SigningKeyPair::FromSecretKey(kp.secret_key());
  REQUIRE(restored.ok());
  CHECK(restored->public_key() == kp.public_key());
  Signature sig = restored->Sign(SignatureDomain::kReceivedLog, 1, AsBytes("log"));
  CHECK(Verify(kp.public_key(), SignatureDomain::kReceivedLog, 1, AsBytes("log"), sig));
  CHECK_FALSE(SigningKeyPair::FromSecretKey(SecretBytes::Random(10)).ok());
}
