// A participant's kit sends its bundles to the campaign's relay over loopback HTTP (libcurl):
// receipts checked against the relay key the campaign lists, nothing sent twice, exit 3 when
// no relay answers.
#include <doctest/doctest.h>

#include <filesystem>

#include "kit_fixture.h"
#include "relay_fixture.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/outbox.h"
#include "staccs/sync/relay_sync.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

TEST_CASE("sync sends sealed bundles to the campaign's relay and keeps verified receipts") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int port = test::FreePort();
  auto relay_key = sync::RelayStore::LoadOrCreateKey(dir / "relay");
  REQUIRE(relay_key.ok());
  Campaign content = ForumCallTemplate();
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  content.relays.push_back({url, *relay_key, std::nullopt});
  auto file = CampaignStore(secretariat).Create(content);
  REQUIRE(file.ok());
  Campaign campaign = *ParseCampaignFile(*file);
  test::RunningRelay relay(dir / "relay", {campaign}, {}, port);

  Kit participant = test::MakeKit(dir / "participant");
  REQUIRE(CampaignStore(participant).Import(*file).ok());
  DraftContent d;
  d.answers.push_back({campaign.questions[0].id, "sent over the network"});
  auto draft = DraftStore(participant).Create(campaign.id_hex(), d);
  auto sealed = Outbox(participant).Submit(draft->id);
  REQUIRE(sealed.ok());

  auto first = sync::SendToRelays(participant, {});
  REQUIRE_MESSAGE(first.ok(), test::Why(first));
  CHECK(first->uploaded == 1);
  CHECK(first->receipts_verified == 1);
  CHECK(first->relays_reached == std::vector<std::string>{url});
  CHECK(first->bytes_sent > 16384);
  auto lacks = relay.service->Lacks(sealed->bundle_id + "\n");
  CHECK(lacks->empty());
  auto entries = Outbox(participant).List();
  bool at_relay = false;
  for (const auto& p : entries->front().paths) at_relay |= p.path == "relay:" + url && p.state == "receipted";
  CHECK(at_relay);

  // Nothing new: one "lacks" request, no upload.
  auto second = sync::SendToRelays(participant, {});
  REQUIRE(second.ok());
  CHECK(second->uploaded == 0);
  CHECK(second->already_there == 1);

  // No relay answering: Unreachable, which staccs-cli maps to exit 3.
  sync::SyncOptions nowhere;
  nowhere.relay = "http://127.0.0.1:" + std::to_string(test::FreePort());
  nowhere.http.connect_timeout_seconds = 2;
  auto failed = sync::SendToRelays(participant, nowhere);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().kind == ErrorKind::kUnreachable);
  auto cli = test::RunCli(dir / "participant", {"sync", "--relay", *nowhere.relay});
  CHECK(cli.exit_code == 3);
  CHECK(cli.err.find("no relay could be reached") != std::string::npos);
  auto ok = test::RunCli(dir / "participant", {"sync"});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("1 already at the relay") != std::string::npos);
  CHECK(test::RunCli(dir / "participant", {"outbox"}).out.find("at relay " + url) != std::string::npos);
}
