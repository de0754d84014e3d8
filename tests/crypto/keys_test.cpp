#include <doctest/doctest.h>

#include "staccs/crypto/hash.h"
#include "staccs/crypto/participant_keys.h"
#include "staccs/crypto/passphrase_kdf.h"

using namespace staccs;
using namespace staccs::crypto;

TEST_CASE("participant keys are stable per campaign and unlinkable across campaigns") {
  SecretBytes seed = NewIdentitySeed();
  Hash32 a = Blake2b256(AsBytes("campaign a")), b = Blake2b256(AsBytes("campaign b"));
  CHECK(DeriveParticipantKey(seed, a).public_key() == DeriveParticipantKey(seed, a).public_key());
  CHECK(DeriveParticipantKey(seed, a).public_key() != DeriveParticipantKey(seed, b).public_key());
  CHECK(DeriveParticipantKey(NewIdentitySeed(), a).public_key() != DeriveParticipantKey(seed, a).public_key());
}

TEST_CASE("the passphrase key depends on the passphrase and the salt") {
  KdfParams p = NewKdfParams(KdfProfile::kFastInsecureForTests);
  auto k1 = DerivePassphraseKey(AsBytes("correct horse"), p);
  auto k2 = DerivePassphraseKey(AsBytes("correct horse"), p);
  auto k3 = DerivePassphraseKey(AsBytes("correct horsf"), p);
  KdfParams other = NewKdfParams(KdfProfile::kFastInsecureForTests);
  auto k4 = DerivePassphraseKey(AsBytes("correct horse"), other);
  REQUIRE((k1.ok() && k2.ok() && k3.ok() && k4.ok()));
  CHECK(k1->Equals(k2->view()));
  CHECK_FALSE(k1->Equals(k3->view()));
  CHECK_FALSE(k1->Equals(k4->view()));
  KdfParams absurd = p;
  absurd.mem_limit = 1;
  CHECK_FALSE(DerivePassphraseKey(AsBytes("x"), absurd).ok());
}

TEST_CASE("secret bytes move without copying and compare in constant time") {
  SecretBytes a = SecretBytes::Random(32);
  Bytes copy(a.view().begin(), a.view().end());
  SecretBytes b = std::move(a);
  CHECK(a.empty());
  CHECK(b.Equals(copy));
  copy[0] ^= 1;
  CHECK_FALSE(b.Equals(copy));
  CHECK_FALSE(ConstantTimeEqual(b.view(), ByteView(copy).first(31)));
}

TEST_CASE("hex round-trips and refuses malformed input") {
  Bytes b = {0x00, 0x7f, 0xff, 0x3a};
  CHECK(ToHex(b) == "007fff3a");
  CHECK(*FromHex("007FFF3a") == b);
  CHECK_FALSE(FromHex("abc").has_value());
  CHECK_FALSE(FromHex("zz").has_value());
}
