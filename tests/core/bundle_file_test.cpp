#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>

#include "kit_fixture.h"
#include "staccs/core/bundle_file.h"
#include "staccs/crypto/participant_keys.h"
#include "staccs/crypto/random.h"

using namespace staccs;
using namespace staccs::core;

namespace {

struct Fixture {
  test::TempDir dir;
  Kit kit = test::MakeKit(dir / "secretariat");
  Campaign campaign;
  crypto::BoxKeyPair encryption = crypto::BoxKeyPair::Generate();
  crypto::SigningKeyPair author = crypto::SigningKeyPair::Generate();

  Fixture() {
    test::MakeCampaign(kit);
    CampaignStore store(kit);
    campaign = store.List()->front();
    encryption = std::move(store.Secrets(campaign.id_hex())->encryption);
  }

  BundleContents Contents(std::size_t content_size = 200) const {
    BundleContents c;
    c.type = BundleType::kSubmission;
    crypto::FillRandom(c.submission_id.data(), c.submission_id.size());
    c.revision = 3;
    c.created_unix = 1'760'000'000;
    c.author_key = author.public_key();
    crypto::FillRandom(c.ack_secret.data(), c.ack_secret.size());
    c.content = crypto::RandomBytes(content_size);
    return c;
  }
};

}  // namespace

TEST_CASE("a sealed bundle opens for its campaign with everything the author put in") {
  Fixture f;
  BundleContents c = f.Contents();
  const Bytes photo = crypto::RandomBytes(300000);
  c.attachments.push_back({crypto::Blake2b256(photo), photo.size(), "tower.jpg", "image/jpeg"});
  std::size_t served = 0;
  AttachmentReader reader = [&](std::uint8_t* out, std::size_t n) -> Status {
    std::memcpy(out, photo.data() + served, n);
    served += n;
    return {};
  };
  auto bundle = SealBundle(c, f.campaign, f.author, {reader});
  REQUIRE(bundle.ok());
  CHECK(bundle->bytes.size() == 512 * 1024);  // the attachment travels inside
  auto env = ParseBundleEnvelope(bundle->bytes);
  REQUIRE(env.ok());
  CHECK(env->campaign_id == f.campaign.id);
  CHECK(env->id == crypto::Blake2b256(bundle->bytes));
  CHECK(bundle->id == env->id);  // the id computed while sealing is the hash of the bytes
  struct Collect : AttachmentSink {
    Bytes got;
    std::string name;
    Status Begin(std::size_t, const AttachmentDescriptor& d) override { name = d.name; return {}; }
    Status Write(ByteView b) override { Append(got, b); return {}; }
    Status End() override { return {}; }
  } sink;
  auto opened = OpenBundle(bundle->bytes, f.campaign, f.encryption, &sink);
  REQUIRE_MESSAGE(opened.ok(), test::Why(opened));
  CHECK(sink.got == photo);
  CHECK(sink.name == "tower.jpg");
  CHECK(opened->content == c.content);
  CHECK(opened->submission_id == c.submission_id);
  CHECK(opened->revision == 3);
  CHECK(opened->created_unix == c.created_unix);
  CHECK(opened->ack_secret == c.ack_secret);
  CHECK(opened->author_key == f.author.public_key());
  CHECK(opened->attachments == c.attachments);

  // An attachment whose bytes are not the ones its signed hash names is refused.
  served = 0;
  BundleContents lying = c;
  lying.attachments[0].hash = crypto::Blake2b256(AsBytes("another photo"));
  auto bad = SealBundle(lying, f.campaign, f.author, {reader});
  REQUIRE(bad.ok());
  auto refused = OpenBundle(bad->bytes, f.campaign, f.encryption);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("does not match its signed hash") != std::string::npos);
}

TEST_CASE("every single-byte flip of a sealed bundle is rejected") {
  Fixture f;
  auto bundle = SealBundle(f.Contents(), f.campaign, f.author);
  REQUIRE(bundle.ok());
  std::size_t rejected = 0;
  for (std::size_t i = 0; i < bundle->bytes.size(); ++i) {
    Bytes bad = bundle->bytes;
    bad[i] ^= static_cast<std::uint8_t>(1u << (i % 8));
    auto r = OpenBundle(bad, f.campaign, f.encryption);
    if (!r.ok()) ++rejected;
  }
  CHECK(rejected == bundle->bytes.size());
}

TEST_CASE("a bundle re-sealed to another campaign fails verification there") {
  Fixture f;
  Kit other_kit = test::MakeKit(f.dir / "other");
  test::MakeCampaign(other_kit);
  CampaignStore other_store(other_kit);
  Campaign other = other_store.List()->front();
  auto other_encryption = std::move(other_store.Secrets(other.id_hex())->encryption);

  BundleContents c = f.Contents();
  crypto::Signature sig = SignBundle(c, f.campaign, f.author);
  // Whoever can read campaign A's bundle re-seals the same signed content to campaign B.
  auto resealed = SealSignedBundle(c, sig, other);
  REQUIRE(resealed.ok());
  auto r = OpenBundle(resealed->bytes, other, other_encryption);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("author signature does not verify for this campaign") != std::string::npos);
  // The original opens where it belongs, and not with the other campaign's key.
  auto original = SealSignedBundle(c, sig, f.campaign);
  CHECK(OpenBundle(original->bytes, f.campaign, f.encryption).ok());
  CHECK(OpenBundle(original->bytes, other, other_encryption).error().message.find("another campaign") != std::string::npos);
}

TEST_CASE("bundle sizes are buckets of at least 16 KiB and large content streams in chunks") {
  CHECK(BundleBucket(1) == 16384);
  CHECK(BundleBucket(16385) == 32768);
  CHECK(BundleBucket((1u << 20) + 1) == (1u << 20) + 128 * 1024);
  for (std::size_t size = kBundleMinSize; size <= kBundleMaxSize; size = BundleBucket(size + 1))
    CHECK_MESSAGE(IsBundleBucket(size), size);
  CHECK_FALSE(IsBundleBucket(20000));

  Fixture f;
  for (std::size_t content : {std::size_t{0}, std::size_t{16000}, std::size_t{65530}, std::size_t{200000},
                              std::size_t{1100000}}) {
    CAPTURE(content);
    BundleContents c = f.Contents(content);
    auto bundle = SealBundle(c, f.campaign, f.author);
    REQUIRE(bundle.ok());
    CHECK(IsBundleBucket(bundle->bytes.size()));
    CHECK(bundle->bytes.size() >= content);
    auto opened = OpenBundle(bundle->bytes, f.campaign, f.encryption);
    REQUIRE(opened.ok());
    CHECK(opened->content == c.content);
  }
}

TEST_CASE("truncated, reordered and foreign bundles are refused with a reason") {
  Fixture f;
  auto bundle = SealBundle(f.Contents(300000), f.campaign, f.author);  // several chunks
  REQUIRE(bundle.ok());
  SUBCASE("truncated to a smaller bucket") {
    auto r = OpenBundle(ByteView(bundle->bytes).first(262144), f.campaign, f.encryption);
    CHECK_FALSE(r.ok());
  }
  SUBCASE("two chunks swapped") {
    Bytes swapped = bundle->bytes;
    const std::size_t chunk = kBundleChunk + 17, at = kBundleEnvelopeSize;
    std::swap_ranges(swapped.begin() + static_cast<long>(at + chunk), swapped.begin() + static_cast<long>(at + 2 * chunk),
                     swapped.begin() + static_cast<long>(at + 2 * chunk));
    CHECK_FALSE(OpenBundle(swapped, f.campaign, f.encryption).ok());
  }
  SUBCASE("not a bundle") {
    Bytes junk(16384, 'x');
    CHECK(ParseBundleEnvelope(junk).error().message == "bundle: not a STACCS bundle");
    CHECK(ParseBundleEnvelope(ByteView(bundle->bytes).first(100)).error().message.find("truncated") != std::string::npos);
    Bytes odd = bundle->bytes;
    odd.pop_back();
    CHECK(ParseBundleEnvelope(odd).error().message.find("not a bundle size") != std::string::npos);
  }
  SUBCASE("an author key other than the signer's") {
    BundleContents c = f.Contents();
    c.author_key = crypto::SigningKeyPair::Generate().public_key();
    crypto::Signature sig = SignBundle(c, f.campaign, f.author);
    auto forged = SealSignedBundle(c, sig, f.campaign);
    CHECK(OpenBundle(forged->bytes, f.campaign, f.encryption).error().message.find("author signature") != std::string::npos);
  }
}
