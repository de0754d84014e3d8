// Word of arrival at forum size (issue 15): a participant holding a 100,000-entry received-log
// fetches only the entries added since, through a real relay on loopback, and applies them.
#include <doctest/doctest.h>

#include "cutting_proxy.h"
#include "kit_fixture.h"
#include "relay_fixture.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/received_log.h"
#include "staccs/core/received_log_store.h"
#include "staccs/crypto/random.h"
#include "staccs/sync/http_client.h"
#include "staccs/sync/relay_sync.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

void AddEntries(ReceivedLog& log, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    ReceivedEntry e;
    crypto::FillRandom(e.bundle_id.data(), 32);
    crypto::FillRandom(e.ack_tag.data(), 32);
    log.entries.push_back(e);
  }
}

}  // namespace

TEST_CASE("a participant holding a 100,000-entry log receives at most 4 KiB when it grew by 10") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int relay_port = test::FreePort();
  test::CuttingProxy proxy(relay_port, 1ull << 40);  // counts the bytes both ways, never cuts
  Campaign content = ForumCallTemplate();
  content.relays.push_back({test::LoopbackUrl(proxy.port()), *sync::RelayStore::LoadOrCreateKey(dir / "relay"), std::nullopt});
  const Bytes campaign_file = *CampaignStore(secretariat).Create(content);
  const Campaign campaign = *ParseCampaignFile(campaign_file);
  test::RunningRelay relay(dir / "relay", {campaign}, {}, relay_port);
  const crypto::SigningKeyPair pull = std::move(CampaignStore(secretariat).Secrets(campaign.id_hex())->pull);

  // The log as the participant last saw it: 100,000 entries (written with the pull key, not
  // collected one by one), held by the participant and published at the relay.
  ReceivedLog log{campaign.id, 1, {}};
  AddEntries(log, 100'000);
  Kit participant = test::MakeParticipant(dir / "participant", campaign_file);
  REQUIRE(ReceivedLogStore(participant).Offer(WriteReceivedLog(log, pull)).ok());
  // The secretariat collects 10 more and publishes the grown log.
  log.sequence = 2;
  AddEntries(log, 10);
  const Bytes grown = WriteReceivedLog(log, pull);
  REQUIRE(ReceivedLogStore(secretariat).Offer(grown).ok());
  auto published = sync::PublishReceivedLogs(secretariat, {});
  REQUIRE_MESSAGE(published.ok(), test::Why(published));
  REQUIRE(published->logs_published == 1);

  sync::SyncOptions options;
  options.fetch_logs_always = true;
  options.campaigns_for_logs = {campaign.id_hex()};
  const std::uint64_t before = proxy.bytes_forwarded();
  auto report = sync::SendToRelays(participant, options);
  REQUIRE_MESSAGE(report.ok(), test::Why(report));
  const std::uint64_t link_bytes = proxy.bytes_forwarded() - before;
  MESSAGE("sync after 10 new entries of 100,010: " << report->bytes_received << " bytes received, " << link_bytes
                                                   << " bytes on the link both ways");
  CHECK(report->problems.empty());
  CHECK(report->bytes_received <= 4096);
  CHECK(link_bytes <= 4096);
  // The participant now holds exactly the log the secretariat signed.
  CHECK(ReceivedLogStore(participant).File(campaign.id_hex()).value() == grown);
  // The next sync is idle: nothing new, a 304.
  const std::uint64_t idle_before = proxy.bytes_forwarded();
  REQUIRE(sync::SendToRelays(participant, options).ok());
  CHECK(proxy.bytes_forwarded() - idle_before <= 1024);
}

TEST_CASE("a kit without a log, and a relay asked for more entries than it has, get the whole log") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  Campaign content = ForumCallTemplate();
  const int relay_port = test::FreePort();
  content.relays.push_back({test::LoopbackUrl(relay_port), *sync::RelayStore::LoadOrCreateKey(dir / "relay"), std::nullopt});
  const Bytes campaign_file = *CampaignStore(secretariat).Create(content);
  const Campaign campaign = *ParseCampaignFile(campaign_file);
  test::RunningRelay relay(dir / "relay", {campaign}, {}, relay_port);
  const crypto::SigningKeyPair pull = std::move(CampaignStore(secretariat).Secrets(campaign.id_hex())->pull);
  ReceivedLog log{campaign.id, 3, {}};
  AddEntries(log, 40);
  const Bytes whole = WriteReceivedLog(log, pull);
  REQUIRE(ReceivedLogStore(secretariat).Offer(whole).ok());
  REQUIRE(sync::PublishReceivedLogs(secretariat, {})->logs_published == 1);

  sync::HttpClient http;
  const std::string url = test::LoopbackUrl(relay_port) + "/v1/campaigns/" + campaign.id_hex() + "/received-log";
  auto all = http.Request("GET", url, {});
  REQUIRE(all.ok());
  CHECK(all->status == 200);
  CHECK(Bytes(all->body.begin(), all->body.end()) == whole);
  auto beyond = http.Request("GET", url + "?after=41", {});
  REQUIRE(beyond.ok());
  CHECK(Bytes(beyond->body.begin(), beyond->body.end()) == whole);
  auto some = http.Request("GET", url + "?after=30", {});
  REQUIRE(some.ok());
  CHECK(some->body.size() == kReceivedLogExtensionHeaderSize + 10 * 64);
  for (const char* bad : {"?after=", "?after=-1", "?after=1e3", "?after=99999999", "?after=12x"}) {
    auto refused = http.Request("GET", url + bad, {});
    REQUIRE(refused.ok());
    CHECK_MESSAGE(refused->status == 400, bad);
  }
  // A participant with no log yet gets it whole and holds it.
  Kit participant = test::MakeParticipant(dir / "participant", campaign_file);
  sync::SyncOptions options;
  options.fetch_logs_always = true;
  options.campaigns_for_logs = {campaign.id_hex()};
  REQUIRE(sync::SendToRelays(participant, options).ok());
  CHECK(ReceivedLogStore(participant).File(campaign.id_hex()).value() == whole);
}
