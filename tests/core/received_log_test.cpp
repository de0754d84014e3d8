#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kit_fixture.h"
#include "staccs/core/bundle_store.h"
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

// A secretariat's kit with one campaign: the file participants import and the pull key that
// signs its received-logs.
struct Secretariat {
  Kit kit;
  Bytes campaign_file;
  Campaign campaign;
  crypto::SigningKeyPair pull;
};

Secretariat MakeSecretariat(const std::filesystem::path& home) {
  Kit kit = test::MakeKit(home);
  Bytes file = test::MakeCampaign(kit);
  CampaignStore store(kit);
  Campaign c = store.List()->front();
  auto pull = std::move(store.Secrets(c.id_hex())->pull);
  return {std::move(kit), std::move(file), std::move(c), std::move(pull)};
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

TEST_CASE("a received-log's header is read by the one parser, which refuses every malformed header for its reason") {
  test::TempDir dir;
  Secretariat secretariat = MakeSecretariat(dir / "secretariat");
  const Campaign& c = secretariat.campaign;
  const Bytes file = WriteReceivedLog({c.id, 7, {Entry(), Entry()}}, secretariat.pull);
  auto header = ParseReceivedLogHeader(file);
  REQUIRE(header.ok());
  CHECK(header->campaign_id == c.id);
  CHECK(header->sequence == 7);
  CHECK(header->count == 2);
  CHECK(header->version == kReceivedLogVersion);
  CHECK(StoredReceivedLogSequence(file) == std::optional<std::uint64_t>(7));
  CHECK(StoredReceivedLogCount(file) == std::optional<std::uint32_t>(2));

  // Each malformed header, and the same reason from the header parser, the full parser, the
  // kit's store, the stored-sequence and -count readers (which answer nothing) and the relay's
  // extension builder.
  auto with = [&](std::size_t at, std::uint8_t value) {
    Bytes b = file;
    b[at] = value;
    return b;
  };
  const std::vector<std::pair<Bytes, std::string>> bad = {
      {Bytes(file.begin(), file.begin() + 44), "received-log: truncated (44 bytes)"},
      {with(0, 'X'), "received-log: not a STACCS received-log"},
      {with(8, 3), "received-log: format version 3 is not supported by this kit"},
      // A version 2 log labelled version 1 has 32 bytes too many for a version 1 log.
      {with(8, 1), "received-log: length does not match its 2 entries"},
      {with(10, 1), "received-log: reserved field is not zero"},
      {with(52, 3), "received-log: length does not match its 3 entries"},
      {with(55, 0xff), "received-log: lists more entries than a log may hold"},
  };
  ReceivedLogStore store(secretariat.kit);
  for (const auto& [bytes, reason] : bad) {
    CAPTURE(reason);
    CHECK(ParseReceivedLogHeader(bytes).error().message == reason);
    CHECK(ParseReceivedLog(bytes, c).error().message == reason);
    CHECK(store.Offer(bytes).error().message == reason);
    CHECK_FALSE(StoredReceivedLogSequence(bytes).has_value());
    CHECK_FALSE(StoredReceivedLogCount(bytes).has_value());
    CHECK(ReceivedLogExtensionFrom(bytes, 0).error().message == "the stored " + reason);
  }
  // The header says nothing of the signature: that is the full parser's to check.
  Bytes unsigned_log = file;
  unsigned_log.back() ^= 1;
  CHECK(ParseReceivedLogHeader(unsigned_log).ok());
  CHECK(ParseReceivedLog(unsigned_log, c).error().message == "received-log: signature does not verify");
}

TEST_CASE("a kit accepts only newer received-logs that extend the one it holds") {
  test::TempDir dir;
  Secretariat secretariat = MakeSecretariat(dir / "secretariat");
  const Bytes& campaign_file = secretariat.campaign_file;
  const Campaign& c = secretariat.campaign;
  const crypto::SigningKeyPair& pull = secretariat.pull;
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

namespace {
crypto::Hash32 IdOf(const std::string& hex) {
  crypto::Hash32 id{};
  auto raw = FromHex(hex);
  REQUIRE((raw && raw->size() == 32));
  std::copy(raw->begin(), raw->end(), id.begin());
  return id;
}
}  // namespace

TEST_CASE("a received-log index finds each listed bundle and only the tag listed with it") {
  std::vector<ReceivedEntry> entries;
  for (int i = 0; i < 500; ++i) entries.push_back(Entry());
  ReceivedLogIndex index(entries);
  CHECK(index.size() == 500);
  for (const auto& e : entries) {
    CHECK(index.Lists(e.bundle_id));
    CHECK(index.Acknowledges(e.bundle_id, e.ack_tag));
    crypto::Hash32 other_tag = e.ack_tag;
    other_tag[31] ^= 1;
    CHECK_FALSE(index.Acknowledges(e.bundle_id, other_tag));
  }
  ReceivedEntry absent = Entry();
  CHECK_FALSE(index.Lists(absent.bundle_id));
  CHECK_FALSE(index.Acknowledges(absent.bundle_id, absent.ack_tag));
  CHECK_FALSE(ReceivedLogIndex({}).Lists(absent.bundle_id));
}

TEST_CASE("a newer received-log marks only the kit's own entries with their tag and drops every bundle it lists") {
  test::TempDir dir;
  Secretariat secretariat = MakeSecretariat(dir / "secretariat");
  const Bytes& campaign_file = secretariat.campaign_file;
  const Campaign& c = secretariat.campaign;
  const crypto::SigningKeyPair& pull = secretariat.pull;

  Kit kit = test::MakeParticipant(dir / "participant", campaign_file);
  OutboxEntry acked = test::SubmitAnswer(kit, c, "listed with its tag");
  OutboxEntry wrong_tag = test::SubmitAnswer(kit, c, "listed under another tag");
  OutboxEntry unlisted = test::SubmitAnswer(kit, c, "not listed");

  // Thousands of other participants' entries around the kit's own, as a real campaign's log.
  ReceivedLog log{c.id, 1, {}};
  for (int i = 0; i < 3000; ++i) log.entries.push_back(Entry());
  log.entries.insert(log.entries.begin() + 1234, ReceivedEntry{IdOf(acked.bundle_id), AckTag(acked.ack_secret)});
  ReceivedEntry forged{IdOf(wrong_tag.bundle_id), AckTag(wrong_tag.ack_secret)};
  forged.ack_tag[0] ^= 0x80;
  log.entries.push_back(forged);

  auto offer = ReceivedLogStore(kit).Offer(WriteReceivedLog(log, pull));
  REQUIRE(offer.ok());
  CHECK(offer->outcome == LogOffer::Outcome::kNewer);
  CHECK(offer->marked_received == 1);
  CHECK(offer->dropped == 2);  // listed by id, whatever the tag: the secretariat holds them

  auto outbox = Outbox(kit).List();
  REQUIRE(outbox.ok());
  for (const auto& e : *outbox) CHECK(e.received_unix.has_value() == (e.bundle_id == acked.bundle_id));
  auto carried = BundleStore(kit).ToCarry();
  REQUIRE(carried.ok());
  REQUIRE(carried->size() == 1);
  CHECK(carried->front().id == unlisted.bundle_id);

  // Applying the next log again marks nothing twice.
  log.sequence = 2;
  log.entries.push_back(Entry());
  offer = ReceivedLogStore(kit).Offer(WriteReceivedLog(log, pull));
  REQUIRE(offer.ok());
  CHECK(offer->marked_received == 0);
  CHECK(offer->dropped == 0);
}

TEST_CASE("offering a newer received-log of 10^5 entries does not hold either log in SQLite's memory") {
  // The held log is read, and the newer one written, through blob handles. Read as a column,
  // the held log was first assembled in a buffer of SQLite's own, and the INSERT's RETURNING
  // clause filled the zeroblob for real: each 6.4 MB more in SQLite's heap on every newer log,
  // which took a 1-bundle collect at 10^5 past issue 15's memory target.
  test::TempDir dir;
  Secretariat secretariat = MakeSecretariat(dir / "secretariat");
  Kit kit = test::MakeKit(dir / "participant");
  REQUIRE(CampaignStore(kit).Import(secretariat.campaign_file).ok());
  ReceivedLog log{secretariat.campaign.id, 1, {}};
  for (int i = 0; i < 100'000; ++i) log.entries.push_back(Entry());
  ReceivedLogStore logs(kit);
  REQUIRE(logs.Offer(WriteReceivedLog(log, secretariat.pull)).ok());
  log.sequence = 2;
  log.entries.push_back(Entry());
  const Bytes newer = WriteReceivedLog(log, secretariat.pull);

  sqlite3_int64 before = 0, high = 0;
  REQUIRE(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &before, &high, /*reset=*/1) == SQLITE_OK);
  REQUIRE(logs.Offer(newer).ok());
  sqlite3_int64 now = 0;
  REQUIRE(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &now, &high, 0) == SQLITE_OK);
  MESSAGE("SQLite's heap grew by at most " << (high - before) << " bytes while storing a " << newer.size() << "-byte log");
  CHECK(static_cast<std::size_t>(high - before) < newer.size() / 2);
  CHECK(logs.Get(secretariat.campaign.id_hex())->value().entries.size() == 100'001);
}
