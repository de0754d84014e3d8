#include <doctest/doctest.h>

#include "staccs/crypto/record_cipher.h"
#include "staccs/crypto/sealed_box.h"

using namespace staccs;
using namespace staccs::crypto;

TEST_CASE("a sealed record opens with its key and associated data") {
  auto key = SecretBytes::Random(kRecordKeySize);
  Bytes plain = {'h', 'e', 'l', 'l', 'o'};
  Bytes sealed = SealRecord(key, plain, AsBytes("drafts/1"));
  CHECK(sealed.size() == plain.size() + kRecordOverhead);
  auto opened = OpenRecord(key, sealed, AsBytes("drafts/1"));
  REQUIRE(opened.ok());
  CHECK(std::ranges::equal(*opened, plain));
}

TEST_CASE("a sealed record moved to another row does not open") {
  auto key = SecretBytes::Random(kRecordKeySize);
  Bytes sealed = SealRecord(key, AsBytes("secret answer"), AsBytes("drafts/1"));
  CHECK_FALSE(OpenRecord(key, sealed, AsBytes("drafts/2")).ok());
  CHECK_FALSE(OpenRecord(SecretBytes::Random(kRecordKeySize), sealed, AsBytes("drafts/1")).ok());
}

TEST_CASE("every single-byte flip of a sealed record is rejected") {
  auto key = SecretBytes::Random(kRecordKeySize);
  Bytes sealed = SealRecord(key, AsBytes("a record of some length"), AsBytes("ad"));
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    Bytes bad = sealed;
    bad[i] ^= 0x01;
    CHECK_FALSE(OpenRecord(key, bad, AsBytes("ad")).ok());
  }
  CHECK_FALSE(OpenRecord(key, ByteView(sealed).first(sealed.size() - 1), AsBytes("ad")).ok());
  CHECK_FALSE(OpenRecord(key, ByteView(sealed).first(10), AsBytes("ad")).ok());
}

TEST_CASE("a sealed box opens only with the recipient's secret key") {
  auto alice = BoxKeyPair::Generate();
  auto mallory = BoxKeyPair::Generate();
  Bytes sealed = SealTo(alice.public_key(), AsBytes("for alice"));
  auto opened = alice.Open(sealed);
  REQUIRE(opened.ok());
  CHECK(AsChars(*opened) == "for alice");
  CHECK_FALSE(mallory.Open(sealed).ok());
  sealed[sealed.size() / 2] ^= 0x80;
  CHECK_FALSE(alice.Open(sealed).ok());
}
