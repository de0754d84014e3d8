#include <doctest/doctest.h>

#include <filesystem>

#include "kit_fixture.h"
#include "staccs/core/campaign_file.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::core;

namespace {

struct SignedCampaign {
  Campaign campaign;
  crypto::SigningKeyPair signing = crypto::SigningKeyPair::Generate();
  crypto::SigningKeyPair pull = crypto::SigningKeyPair::Generate();
  Bytes file;
};

SignedCampaign MakeSigned(std::uint64_t sequence = 1) {
  SignedCampaign s;
  s.campaign = ForumCallTemplate();
  s.campaign.signing_key = s.signing.public_key();
  s.campaign.pull_key = s.pull.public_key();
  s.campaign.encryption_key = crypto::BoxKeyPair::Generate().public_key();
  s.campaign.id = CampaignIdFor(s.campaign.signing_key);
  s.campaign.pull_certificate = s.signing.Sign(crypto::SignatureDomain::kPullSubkeyCert, kCampaignFormatVersion,
                                               PullCertificateMessage(s.campaign.id, s.campaign.pull_key));
  s.campaign.sequence = sequence;
  s.campaign.created_unix = 1'750'000'000;
  s.campaign.relays.push_back({"https://relay.example.org", s.pull.public_key(), std::nullopt});
  s.file = WriteCampaignFile(s.campaign, s.signing);
  return s;
}

}  // namespace

TEST_CASE("a campaign file round-trips through the writer and the parser") {
  SignedCampaign s = MakeSigned();
  auto parsed = ParseCampaignFile(s.file);
  REQUIRE_MESSAGE(parsed.ok(), test::Why(parsed));
  const Campaign& c = *parsed;
  CHECK(c.id == s.campaign.id);
  CHECK(c.questions == s.campaign.questions);
  CHECK(c.title == s.campaign.title);
  CHECK(c.description == s.campaign.description);
  CHECK(c.relays == s.campaign.relays);
  CHECK(c.languages == std::vector<std::string>{"en", "fr", "ar"});
  CHECK(c.awaiting_review == std::vector<std::string>{"fr", "ar"});
  CHECK(c.questions.size() == 4);
  CHECK(c.total_word_limit == 1000);
}

TEST_CASE("every single-byte flip of a campaign file is rejected") {
  SignedCampaign s = MakeSigned();
  REQUIRE(ParseCampaignFile(s.file).ok());
  std::size_t rejected = 0;
  for (std::size_t i = 0; i < s.file.size(); ++i) {
    Bytes bad = s.file;
    bad[i] ^= static_cast<std::uint8_t>(1u << (i % 8));
    auto r = ParseCampaignFile(bad);
    if (!r.ok()) {
      ++rejected;
      CHECK(r.error().kind == ErrorKind::kBadInput);
      CHECK(r.error().message.rfind("campaign file: ", 0) == 0);
    }
  }
  CHECK(rejected == s.file.size());
}

TEST_CASE("truncated, extended and foreign campaign files are rejected with a reason") {
  SignedCampaign s = MakeSigned();
  CHECK(ParseCampaignFile(ByteView(s.file).first(s.file.size() - 1)).error().message.find("length") != std::string::npos);
  Bytes longer = s.file;
  longer.push_back(0);
  CHECK_FALSE(ParseCampaignFile(longer).ok());
  CHECK(ParseCampaignFile(AsBytes("not a campaign at all, just some text that is long enough to parse "
                                  "as far as the magic bytes at the start"))
            .error().message.find("not a STACCS campaign file") != std::string::npos);
  CHECK_FALSE(ParseCampaignFile({}).ok());
}

TEST_CASE("a campaign whose id does not match its signing key is rejected") {
  SignedCampaign s = MakeSigned();
  Campaign wrong = s.campaign;
  wrong.id = crypto::Blake2b256(AsBytes("someone else's campaign"));
  wrong.pull_certificate = s.signing.Sign(crypto::SignatureDomain::kPullSubkeyCert, kCampaignFormatVersion,
                                          PullCertificateMessage(wrong.id, wrong.pull_key));
  auto r = ParseCampaignFile(WriteCampaignFile(wrong, s.signing));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("does not match its signing key") != std::string::npos);
}

TEST_CASE("a campaign signed by another key, or with an uncertified pull key, is rejected") {
  SignedCampaign s = MakeSigned();
  auto other = crypto::SigningKeyPair::Generate();
  auto r = ParseCampaignFile(WriteCampaignFile(s.campaign, other));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("signature does not verify") != std::string::npos);

  Campaign swapped = s.campaign;
  swapped.pull_key = other.public_key();
  auto r2 = ParseCampaignFile(WriteCampaignFile(swapped, s.signing));
  REQUIRE_FALSE(r2.ok());
  CHECK(r2.error().message.find("pull key is not certified") != std::string::npos);
}

TEST_CASE("the fingerprint depends only on the campaign id and is stable") {
  SignedCampaign s = MakeSigned();
  crypto::Hash32 fixed{};
  for (std::size_t i = 0; i < fixed.size(); ++i) fixed[i] = static_cast<std::uint8_t>(i * 37 + 11);
  // A known answer: a change of the algorithm would strand every fingerprint already published.
  CHECK(Fingerprint(fixed) == "48575 11992 23089 91690 87811 00668");
  Campaign next = s.campaign;
  next.sequence = 2;
  auto updated = ParseCampaignFile(WriteCampaignFile(next, s.signing));
  REQUIRE(updated.ok());
  CHECK(Fingerprint(updated->id) == Fingerprint(s.campaign.id));
  CHECK(Fingerprint(s.campaign.id).size() == 35);
}
