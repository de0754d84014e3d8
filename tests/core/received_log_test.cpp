#include <doctest/doctest.h>

#include <filesystem>

#include "kit_fixture.h"
#include "staccs/core/received_log.h"
#include "staccs/core/received_log_store.h"
#include "staccs/crypto/random.h"

using namespace staccs;
using namespace staccs::core;

namespace {
ReceivedEntry Entry() {
  ReceivedEntry e;
  crypto::FillRandom(e.bundle_id.data(), 32);
  crypto::FillRandom(e.ack_tag.data(), 32);
  return e;
}
}  // namespace

TEST_CASE("a received-log verifies with the pull key and rejects every flipped byte") {
  test::TempDir dir;
  Kit kit = test::MakeKit(dir / "secretariat");
  test::MakeCampaign(kit);
  CampaignStore store(kit);
  Campaign c = store.List()->front();
  auto secrets = store.Secrets(c.id_hex());
  ReceivedLog log{c.id, 4, {Entry(), Entry(), Entry()}};
  Bytes file = WriteReceivedLog(log, secrets->pull);
  auto parsed = ParseReceivedLog(file, c);
  REQUIRE(parsed.ok());
  CHECK(parsed->entries == log.entries);
  CHECK(parsed->sequence == 4);
  for (std::size_t i = 0; i < file.size(); ++i) {
    Bytes bad = file;
    bad[i] ^= 0x04;
    CHECK_FALSE(ParseReceivedLog(bad, c).ok());
  }
  // Signed by the campaign's main key instead of the pull subkey: refused (SPEC §3.7).
  CHECK(ParseReceivedLog(WriteReceivedLog(log, secrets->signing), c).error().message ==
        "received-log: signature does not verify");
  CHECK_FALSE(ParseReceivedLog(ByteView(file).first(file.size() - 1), c).ok());
}

TEST_CASE("a kit accepts only newer received-logs that extend the one it holds") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  Bytes campaign_file = test::MakeCampaign(secretariat);
  CampaignStore store(secretariat);
  Campaign c = store.List()->front();
  auto pull = std::move(store.Secrets(c.id_hex())->pull);
  ReceivedEntry a = Entry(), b = Entry(), x = Entry();

  Kit kit = test::MakeKit(dir / "participant");
  ReceivedLogStore logs(kit);
  CHECK(logs.Offer(WriteReceivedLog({c.id, 1, {a}}, pull)).error().message.find("does not hold") != std::string::npos);
  REQUIRE(CampaignStore(kit).Import(campaign_file).ok());
  REQUIRE(logs.Offer(WriteReceivedLog({c.id, 2, {a, b}}, pull)).ok());
  CHECK(logs.Offer(WriteReceivedLog({c.id, 1, {a}}, pull)).error().message.find("older") != std::string::npos);
  CHECK(logs.Offer(WriteReceivedLog({c.id, 3, {a, x}}, pull)).error().message.find("does not extend") != std::string::npos);
  CHECK(logs.Offer(WriteReceivedLog({c.id, 2, {a, x}}, pull)).error().message.find("same sequence") != std::string::npos);
  CHECK(logs.Offer(WriteReceivedLog({c.id, 2, {a, b}}, pull))->outcome == LogOffer::Outcome::kUnchanged);
  REQUIRE(logs.Offer(WriteReceivedLog({c.id, 3, {a, b, x}}, pull)).ok());
  CHECK(logs.Get(c.id_hex())->value().entries.size() == 3);
}
