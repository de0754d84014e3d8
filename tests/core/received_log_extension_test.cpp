// Version 2 received-logs and their extensions (issue 15): a kit that holds k entries verifies
// only what came after k, and gets the very log the secretariat wrote; every way an extension
// can lie is refused with its own reason; version 1 logs are still read.
#include <doctest/doctest.h>

#include "kit_fixture.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/received_log.h"
#include "staccs/core/received_log_store.h"
#include "staccs/crypto/random.h"

using namespace staccs;
using namespace staccs::core;

namespace {

std::vector<ReceivedEntry> Entries(std::size_t n) {
  std::vector<ReceivedEntry> out(n);
  for (auto& e : out) {
    crypto::FillRandom(e.bundle_id.data(), 32);
    crypto::FillRandom(e.ack_tag.data(), 32);
  }
  return out;
}

// A log as kits of the first version wrote it: one signature over everything before it.
Bytes WriteVersion1(const ReceivedLog& log, const crypto::SigningKeyPair& pull) {
  Bytes out(kReceivedLogMagic, kReceivedLogMagic + 8);
  PutU16(out, 1);
  PutU16(out, 0);
  Append(out, log.campaign_id);
  PutU64(out, log.sequence);
  PutU32(out, static_cast<std::uint32_t>(log.entries.size()));
  for (const auto& e : log.entries) {
    Append(out, e.bundle_id);
    Append(out, e.ack_tag);
  }
  Append(out, pull.Sign(crypto::SignatureDomain::kReceivedLog, 1, out));
  return out;
}

struct Campaigned {
  test::TempDir dir;
  Kit kit = test::MakeKit(dir / "secretariat");
  Bytes file = test::MakeCampaign(kit);
  Campaign campaign = CampaignStore(kit).List()->front();
  crypto::SigningKeyPair pull = std::move(CampaignStore(kit).Secrets(campaign.id_hex())->pull);
};

// The secretariat's next log: `held` with sequence 2 and `added` new entries after it.
ReceivedLog Grown(const ReceivedLog& held, std::size_t added) {
  ReceivedLog grown = held;
  grown.sequence = 2;
  for (const auto& e : Entries(added)) grown.entries.push_back(e);
  return grown;
}

std::string Why(const Result<Bytes>& r) { return r.ok() ? "accepted" : r.error().message; }

}  // namespace

TEST_CASE("an extension after k entries rebuilds exactly the log the secretariat signed, in 872 bytes for 10") {
  Campaigned s;
  ReceivedLog old_log{s.campaign.id, 1, Entries(1000)};
  const ReceivedLog grown = Grown(old_log, 10);
  const Bytes whole = WriteReceivedLog(grown, s.pull);
  auto extension = ReceivedLogExtensionFrom(whole, 1000);
  REQUIRE_MESSAGE(extension.ok(), Why(extension));
  CHECK(IsReceivedLogExtension(*extension));
  CHECK(extension->size() == 872);
  auto rebuilt = ExtendReceivedLog(*extension, s.campaign, old_log);
  REQUIRE_MESSAGE(rebuilt.ok(), Why(rebuilt));
  CHECK(*rebuilt == whole);
  // From nothing held, and with nothing new (a sequence raised with no entries).
  CHECK(ExtendReceivedLog(*ReceivedLogExtensionFrom(whole, 0), s.campaign, ReceivedLog{s.campaign.id, 0, {}}).value() == whole);
  CHECK(ExtendReceivedLog(*ReceivedLogExtensionFrom(whole, 1010), s.campaign, grown).value() == whole);
  // Beyond the log's end, or from a version 1 log: none (the relay answers the whole log).
  CHECK_FALSE(ReceivedLogExtensionFrom(whole, 1011).ok());
  CHECK_FALSE(ReceivedLogExtensionFrom(WriteVersion1(grown, s.pull), 1000).ok());
}

TEST_CASE("an extension from another head, cut short, unchained or re-signed is refused, each with its reason") {
  Campaigned s;
  ReceivedLog held{s.campaign.id, 1, Entries(20)};
  const ReceivedLog grown = Grown(held, 10);
  const Bytes extension = *ReceivedLogExtensionFrom(WriteReceivedLog(grown, s.pull), 20);
  auto refused = [&](ByteView ext, const ReceivedLog& h) { return Why(ExtendReceivedLog(ext, s.campaign, h)); };

  // The held log differs from the one the extension carries on from (same count).
  ReceivedLog other{s.campaign.id, 1, Entries(20)};
  CHECK(refused(extension, other) == "received-log extension: carries on from a different log than the one held here");
  // A kit that holds fewer or more entries than the extension starts from.
  ReceivedLog shorter{s.campaign.id, 1, std::vector<ReceivedEntry>(held.entries.begin(), held.entries.end() - 1)};
  CHECK(refused(extension, shorter).find("starts after entry 20, but the log held here has 19") != std::string::npos);
  // Cut short: the last entry half there.
  CHECK(refused(ByteView(extension).first(extension.size() - 32), held) ==
        "received-log extension: length does not match its 10 new entries");
  CHECK(refused(ByteView(extension).first(100), held) == "received-log extension: truncated (100 bytes)");
  // An entry swapped for another: the chain no longer reaches the signed head.
  Bytes swapped = extension;
  swapped[kReceivedLogExtensionHeaderSize + 3] ^= 0x01;
  CHECK(refused(swapped, held) == "received-log extension: its new entries do not chain to its signed head");
  // A head signed by another key, or a version 1 signature over the same log put in its place.
  Bytes resigned = extension;
  const Bytes v1 = WriteVersion1(grown, s.pull);
  std::copy(v1.end() - 64, v1.end(), resigned.begin() + 80 + kReceivedLogHeadMessageSize);
  CHECK(refused(resigned, held) == "received-log extension: signature does not verify");
  // A higher sequence in the head than was signed.
  Bytes bumped = extension;
  bumped[80 + 44] ^= 0x08;
  CHECK(refused(bumped, held) == "received-log extension: signature does not verify");
  // Every flipped byte is refused.
  for (std::size_t i = 0; i < extension.size(); ++i) {
    Bytes bad = extension;
    bad[i] ^= 0x40;
    CHECK_FALSE(ExtendReceivedLog(bad, s.campaign, held).ok());
  }
  CHECK(ExtendReceivedLog(extension, s.campaign, held).ok());
}

TEST_CASE("a version 1 received-log is still read and applied, and a version 2 log carries on from it") {
  Campaigned s;
  test::TempDir dir;
  Kit participant = test::MakeParticipant(dir / "participant", s.file);
  ReceivedLog v1{s.campaign.id, 1, Entries(5)};
  const Bytes old_file = WriteVersion1(v1, s.pull);
  // The one header parser reads both versions, each with its own length rule.
  auto header = ParseReceivedLogHeader(old_file);
  REQUIRE(header.ok());
  CHECK(header->version == 1);
  CHECK(header->count == 5);
  CHECK(StoredReceivedLogCount(old_file) == std::optional<std::uint32_t>(5));
  auto parsed = ParseReceivedLog(old_file, s.campaign);
  REQUIRE(parsed.ok());
  CHECK(parsed->entries == v1.entries);
  REQUIRE(ReceivedLogStore(participant).Offer(old_file).ok());
  // A version 1 signature never verifies as version 2: the version is in what is signed.
  Bytes relabelled = old_file;
  relabelled[8] = 2;
  CHECK(ParseReceivedLogHeader(relabelled).error().message == "received-log: length does not match its 5 entries");
  CHECK_FALSE(ParseReceivedLog(relabelled, s.campaign).ok());
  // The next log, version 2, extends the held version 1 one, by extension too.
  const ReceivedLog grown = Grown(v1, 3);
  const Bytes whole = WriteReceivedLog(grown, s.pull);
  auto rebuilt = ExtendReceivedLog(*ReceivedLogExtensionFrom(whole, 5), s.campaign, *parsed);
  REQUIRE_MESSAGE(rebuilt.ok(), Why(rebuilt));
  auto offer = ReceivedLogStore(participant).Offer(*rebuilt);
  REQUIRE(offer.ok());
  CHECK(offer->sequence == 2);
  CHECK(ReceivedLogStore(participant).Get(s.campaign.id_hex())->value().entries.size() == 8);
}
