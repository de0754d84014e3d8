// A participant's kit sends its bundles to the campaign's relay over loopback HTTP (libcurl):
// receipts checked against the relay key the campaign lists, nothing sent twice, exit 3 when
// no relay answers.
#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include "kit_fixture.h"
#include "cutting_proxy.h"
#include "shaping_proxy.h"
#include "raw_http.h"
#include "relay_fixture.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/outbox.h"
#include "staccs/core/collection.h"
#include "staccs/core/platform.h"
#include "staccs/sync/pull_proof.h"
#include "staccs/sync/relay_forwarder.h"
#include "staccs/sync/relay_sync.h"
#include "staccs/sync/sync_now.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

// A campaign made by `secretariat` that lists relays, in order, at these URLs with the receipt
// keys of these relay folders (made now, before the relays start).
struct RelayedCampaign {
  Bytes file;
  Campaign campaign;
};
RelayedCampaign CampaignWithRelays(Kit& secretariat, const std::vector<std::pair<std::string, fs::path>>& relays) {
  Campaign content = ForumCallTemplate();
  for (const auto& [url, folder] : relays) {
    auto key = sync::RelayStore::LoadOrCreateKey(folder);
    REQUIRE(key.ok());
    content.relays.push_back({url, *key, std::nullopt});
  }
  auto file = CampaignStore(secretariat).Create(content);
  REQUIRE(file.ok());
  return {*file, *ParseCampaignFile(*file)};
}

}  // namespace

TEST_CASE("sync sends sealed bundles to the campaign's relay and keeps verified receipts") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int port = test::FreePort();
  const std::string url = test::LoopbackUrl(port);
  auto [file, campaign] = CampaignWithRelays(secretariat, {{url, dir / "relay"}});
  test::RunningRelay relay(dir / "relay", {campaign}, {}, port);

  Kit participant = test::MakeParticipant(dir / "participant", file);
  auto sealed = test::SubmitAnswer(participant, campaign, "sent over the network");

  auto first = sync::SendToRelays(participant, {});
  REQUIRE_MESSAGE(first.ok(), test::Why(first));
  CHECK(first->uploaded == 1);
  CHECK(first->receipts_verified == 1);
  CHECK(first->relays_reached == std::vector<std::string>{url});
  CHECK(first->bytes_sent > 16384);
  auto lacks = relay.service->Lacks(sealed.bundle_id + "\n");
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
  nowhere.relay = test::LoopbackUrl(test::FreePort());
  nowhere.http.connect_timeout_seconds = 2;
  auto failed = sync::SendToRelays(participant, nowhere);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().kind == ErrorKind::kUnreachable);
  auto cli = test::RunCli(dir / "participant", {"sync", "--relay", *nowhere.relay});
  CHECK(cli.exit_code == 3);
  CHECK(cli.err.find("no relay could be reached") != std::string::npos);
  // A data budget too small for a bundle: nothing is uploaded, and the CLI says so.
  sync::SyncOptions tight;
  tight.byte_allowance = 20000;
  Kit other = test::MakeParticipant(dir / "other", file);
  test::SubmitAnswer(other, campaign, "sent over the network");
  auto budgeted = sync::SendToRelays(other, tight);
  REQUIRE(budgeted.ok());
  CHECK(budgeted->uploaded == 0);
  CHECK(budgeted->budget_reached);
  CHECK(test::RunCli(dir / "other", {"settings", "sync-budget", "20000"}).exit_code == 0);
  auto over = test::RunCli(dir / "other", {"sync"});
  CHECK(over.exit_code == 0);
  CHECK(over.err.find("data budget for today reached") != std::string::npos);
  CHECK(over.out.find("of 20000 bytes of the data budget used") != std::string::npos);

  auto ok = test::RunCli(dir / "participant", {"sync"});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("1 already at the relay") != std::string::npos);
  CHECK(test::RunCli(dir / "participant", {"outbox", "--paths"}).out.find("at relay " + url) != std::string::npos);

  // The secretariat pulls with pull proofs, collects, and publishes the received-log there;
  // the participant's next sync brings word of arrival back.
  auto pulled = sync::PullFromRelays(secretariat, {});
  REQUIRE_MESSAGE(pulled.ok(), test::Why(pulled));
  CHECK(pulled->bundles_new == 1);
  REQUIRE(CollectHeldBundles(secretariat)->opened == 1);
  auto published = sync::PublishReceivedLogs(secretariat, {});
  REQUIRE(published.ok());
  CHECK(published->logs_published == 1);
  auto back = sync::SendToRelays(participant, {});
  REQUIRE(back.ok());
  CHECK(back->marked_received == 1);
  CHECK(Outbox(participant).List()->front().received_unix.has_value());
}

TEST_CASE("relay pulls need a fresh proof for this relay and request, and replays and stale proofs are refused") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int port = test::FreePort();
  auto [file, campaign] = CampaignWithRelays(secretariat, {{test::LoopbackUrl(port), dir / "relay"}});
  auto relay_key = sync::RelayStore::LoadOrCreateKey(dir / "relay");
  auto secrets = CampaignStore(secretariat).Secrets(campaign.id_hex());
  test::RunningRelay relay(dir / "relay", {campaign}, {}, port);
  auto client = relay.Client();
  const std::string path = "/v1/campaigns/" + campaign.id_hex() + "/bundles/after/0";
  auto get = [&](const Bytes& proof) {
    return client.Get(path.c_str(), httplib::Headers{{"Staccs-Pull-Proof", ToHex(proof)}})->status;
  };
  const std::int64_t now = platform::UnixTimeNow();
  Bytes good = sync::MakePullProof(secrets->pull, *relay_key, campaign.id, "GET", path, {}, now);
  CHECK(get(good) == 200);
  CHECK(get(good) == 401);  // the same proof again: a replay
  CHECK(client.Get(path.c_str())->status == 401);  // no proof
  CHECK(client.Get(path.c_str())->has_header("Date"));  // the relay tells its clock
  CHECK(get(sync::MakePullProof(secrets->pull, *relay_key, campaign.id, "GET", path, {}, now - 400)) == 401);
  CHECK(get(sync::MakePullProof(secrets->pull, *relay_key, campaign.id, "GET", path + "0", {}, now)) == 401);
  auto other_relay = crypto::SigningKeyPair::Generate().public_key();
  CHECK(get(sync::MakePullProof(secrets->pull, other_relay, campaign.id, "GET", path, {}, now)) == 401);
  // Signed by the campaign's main key, not its pull subkey: refused (domain and key both matter).
  CHECK(get(sync::MakePullProof(secrets->signing, *relay_key, campaign.id, "GET", path, {}, now)) == 401);
  // The received-log is for anyone, without a proof.
  CHECK(client.Get(("/v1/campaigns/" + campaign.id_hex() + "/received-log").c_str())->status == 404);

  // Nonces outlive a restart: a proof used before the restart is still a replay after it.
  Bytes used = sync::MakePullProof(secrets->pull, *relay_key, campaign.id, "GET", path, {}, now);
  CHECK(get(used) == 200);
  relay.server->Stop();
  relay.thread.join();
  relay.server.reset();
  relay.service.reset();
  test::RunningRelay restarted(dir / "relay", {campaign});
  auto again = restarted.Client();
  CHECK(again.Get(path.c_str(), httplib::Headers{{"Staccs-Pull-Proof", ToHex(used)}})->status == 401);

  // Every flipped byte of a proof is refused by its parser.
  std::size_t flips = 0, refused = 0;
  for (std::size_t i = 0; i < good.size(); ++i, ++flips) {
    Bytes bad = good;
    bad[i] ^= 0x02;
    auto p = sync::ParsePullProof(bad, campaign);
    if (!p || !sync::CheckPullProof(*p, *relay_key, "GET", path, {}, now).ok()) ++refused;
  }
  CHECK(refused == flips);
}

TEST_CASE("a 1 MiB bundle crosses a link cut every 32 KiB with at most 1.15 times its size in bytes") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int relay_port = test::FreePort();
  test::CuttingProxy proxy(relay_port, 32 * 1024);
  auto [file, campaign] = CampaignWithRelays(secretariat, {{test::LoopbackUrl(proxy.port()), dir / "relay"}});
  test::RunningRelay relay(dir / "relay", {campaign}, {}, relay_port);

  Kit participant = test::MakeParticipant(dir / "participant", file);
  auto sealed = test::SubmitAnswer(participant, campaign, std::string(900'000, 'w'));
  auto bytes = BundleStore(participant).Read(sealed.bundle_id);
  REQUIRE(bytes->size() == 1u << 20);

  auto report = sync::SendToRelays(participant, {});
  REQUIRE_MESSAGE(report.ok(), test::Why(report));
  CHECK(report->uploaded == 1);
  CHECK(report->receipts_verified == 1);
  CHECK(relay.service->Lacks(sealed.bundle_id + "\n")->empty());
  const double ratio = static_cast<double>(proxy.bytes_forwarded()) / static_cast<double>(bytes->size());
  MESSAGE("1 MiB through a proxy cutting every 32 KiB: " << proxy.connections() << " connections, "
          << proxy.bytes_forwarded() << " bytes at the proxy (" << ratio << "x)");
  CHECK(proxy.connections() > 30);
  if (std::getenv("STACCS_DEBUG_RELAY")) for (const auto& l : relay.log) MESSAGE(l);
  CHECK(ratio <= 1.15);
}

TEST_CASE("participant -> relay A -> relay B -> secretariat, and word of arrival comes back through both") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int port_a = test::FreePort(), port_b = test::FreePort();
  const std::string url_a = test::LoopbackUrl(port_a), url_b = test::LoopbackUrl(port_b);
  auto [file, campaign] = CampaignWithRelays(secretariat, {{url_a, dir / "relay-a"}, {url_b, dir / "relay-b"}});
  test::RunningRelay relay_a(dir / "relay-a", {campaign}, {}, port_a);
  test::RunningRelay relay_b(dir / "relay-b", {campaign}, {}, port_b);

  Kit participant = test::MakeParticipant(dir / "participant", file);
  auto sealed = test::SubmitAnswer(participant, campaign, "across two relays");
  REQUIRE(sync::SendToRelays(participant, {})->uploaded == 1);  // A answers first

  // A forwards to B; a second pass (or a loop back from B to A) sends nothing twice.
  auto forwarded = sync::ForwardToUpstream(relay_a.service->store(), url_b);
  REQUIRE_MESSAGE(forwarded.ok(), test::Why(forwarded));
  CHECK(forwarded->uploaded == 1);
  CHECK(sync::ForwardToUpstream(relay_a.service->store(), url_b)->uploaded == 0);
  CHECK(sync::ForwardToUpstream(relay_b.service->store(), url_a)->uploaded == 0);  // a loop: A has it already

  sync::SyncOptions from_b;
  from_b.relay = url_b;
  auto pulled = sync::PullFromRelays(secretariat, from_b);
  REQUIRE_MESSAGE(pulled.ok(), test::Why(pulled));
  CHECK(pulled->bundles_new == 1);
  REQUIRE(CollectHeldBundles(secretariat)->opened == 1);
  CHECK(sync::PublishReceivedLogs(secretariat, from_b)->logs_published == 1);

  // B's received-log reaches A on A's next pass; A stops carrying the bundle.
  REQUIRE(sync::ForwardToUpstream(relay_a.service->store(), url_b).ok());
  CHECK(*relay_a.service->Lacks(sealed.bundle_id + "\n") == sealed.bundle_id + "\n");
  auto back = sync::SendToRelays(participant, {});
  REQUIRE(back.ok());
  CHECK(back->marked_received == 1);
  CHECK(Outbox(participant).List()->front().received_unix.has_value());
}

TEST_CASE("sync costs N + 2 requests for N new bundles, and an idle sync one request under 1 KiB") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int relay_port = test::FreePort();
  test::CuttingProxy proxy(relay_port, 1ull << 40);  // counts bytes, never cuts
  auto [file, campaign] = CampaignWithRelays(secretariat, {{test::LoopbackUrl(proxy.port()), dir / "relay"}});
  test::RunningRelay relay(dir / "relay", {campaign}, {}, relay_port);
  auto requests = [&] {
    std::lock_guard lock(relay.log_mutex);
    return relay.log.size();
  };

  Kit participant = test::MakeParticipant(dir / "participant", file);
  for (int i = 0; i < 3; ++i) test::SubmitAnswer(participant, campaign, "answer " + std::to_string(i));
  std::size_t before = requests();
  REQUIRE(sync::SendToRelays(participant, {})->uploaded == 3);
  CHECK(requests() - before <= 3 + 2);

  auto pulled = sync::PullFromRelays(secretariat, {});
  REQUIRE_MESSAGE(pulled.ok(), test::Why(pulled));
  REQUIRE(pulled->bundles_new == 3);
  REQUIRE(CollectHeldBundles(secretariat)->opened == 3);
  REQUIRE(sync::PublishReceivedLogs(secretariat, {})->logs_published == 1);
  REQUIRE(sync::SendToRelays(participant, {})->marked_received == 3);
  // The relay holds the campaign file too (its sequence rides on the received-log answer).
  REQUIRE(sync::PublishCampaignFiles(secretariat, {})->campaigns_published == 1);

  // Nothing to send, the log and the campaign already held: one conditional request, answered 304.
  sync::SyncOptions idle;
  idle.fetch_logs_always = true;
  idle.campaigns_for_logs = {campaign.id_hex()};
  // The relay logs each request after its answer: let the line of the campaign file's PUT land
  // before counting (under ASan it landed after, and the idle sync seemed to make two).
  for (int settled = 0, last = requests(); settled < 10; ++settled) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (requests() != last) { last = requests(); settled = 0; }
  }
  before = requests();
  const std::uint64_t bytes_before = proxy.bytes_forwarded();
  auto report = sync::SendToRelays(participant, idle);
  REQUIRE_MESSAGE(report.ok(), test::Why(report));
  const std::uint64_t idle_bytes = proxy.bytes_forwarded() - bytes_before;
  // The relay logs a request after its answer is sent: give the line a moment to land.
  for (int i = 0; i < 100 && requests() == before; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  MESSAGE("idle sync: " << requests() - before << " request, " << idle_bytes << " bytes of HTTP");
  CHECK(requests() - before == 1);
  CHECK(idle_bytes <= 1024);
  {
    std::lock_guard lock(relay.log_mutex);
    CHECK(relay.log.back().find("received-log 304") != std::string::npos);
  }
}

TEST_CASE("a 50 KB bundle crosses a 240 kbit/s link with an 840 ms round trip in at most 3 HTTP exchanges") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int relay_port = test::FreePort();
  test::ShapingProxy link(relay_port, 240'000 / 8, std::chrono::milliseconds(420));
  auto [file, campaign] = CampaignWithRelays(secretariat, {{test::LoopbackUrl(link.port()), dir / "relay"}});
  test::RunningRelay relay(dir / "relay", {campaign}, {}, relay_port);

  Kit participant = test::MakeParticipant(dir / "participant", file);
  auto sealed = test::SubmitAnswer(participant, campaign, std::string(45'000, 'w'));
  const auto size = BundleStore(participant).Read(sealed.bundle_id)->size();

  const auto start = std::chrono::steady_clock::now();
  auto report = sync::SendToRelays(participant, {});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE_MESSAGE(report.ok(), test::Why(report));
  CHECK(report->uploaded == 1);
  std::lock_guard lock(relay.log_mutex);
  MESSAGE("a " << size << "-byte bundle over 240 kbit/s and 840 ms: " << relay.log.size() << " exchanges, "
          << seconds << " s, " << link.bytes_forwarded() << " bytes on the link");
  CHECK(relay.log.size() <= 3);
  CHECK(link.connections() == 1);
}

TEST_CASE("collect against a relay that lost bytes: some pulled is a success, none pulled fails, and both say why") {
  // A relay whose disk lost bytes under it (issue 14: after a power cut the index listed
  // bundles its segment no longer held, and collect said "cannot read: Success" and exit 0).
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int port = test::FreePort();
  const std::string url = test::LoopbackUrl(port);
  auto [file, campaign] = CampaignWithRelays(secretariat, {{url, dir / "relay"}});
  test::RunningRelay relay(dir / "relay", {campaign}, {}, port);
  // A relay that holds nothing for the campaign yet: nothing to pull is no failure.
  auto nothing = test::RunCli(dir / "secretariat", {"collect"});
  CHECK_MESSAGE(nothing.exit_code == 0, nothing.err);
  CHECK(nothing.out.find("from relays: 0 new bundles") != std::string::npos);

  Kit participant = test::MakeParticipant(dir / "participant", file);
  for (int i = 0; i < 3; ++i) test::SubmitAnswer(participant, campaign, "answer " + std::to_string(i));
  REQUIRE(sync::SendToRelays(participant, {})->uploaded == 3);
  fs::path segment;
  for (const auto& e : fs::directory_iterator(dir / "relay" / "segments")) segment = e.path();
  REQUIRE_FALSE(segment.empty());

  // The last bundle's tail is gone: the other two arrive, the command succeeds and names it.
  fs::resize_file(segment, fs::file_size(segment) - 1000);
  auto some = test::RunCli(dir / "secretariat", {"collect"});
  CHECK_MESSAGE(some.exit_code == 0, some.err);
  CHECK_MESSAGE(some.out.find("from relays: 2 new bundles") != std::string::npos, some.out);
  CHECK(some.err.find("problem: bundle ") != std::string::npos);
  CHECK(some.err.find("unexpected end of file") != std::string::npos);
  CHECK(some.err.find("Success") == std::string::npos);

  // Every byte gone. The relay stopped listing the two collected ones when collect published
  // the received-log; it still lists the third and cannot serve it. From the campaign's relays
  // and from one named with --relay alike, every pull failed: collect exits non-zero.
  fs::resize_file(segment, 0);
  for (const std::vector<std::string>& args : {std::vector<std::string>{"collect"},
                                               std::vector<std::string>{"collect", "--relay", url}}) {
    CAPTURE(args.size());
    auto none = test::RunCli(dir / "secretariat", args);
    CHECK_MESSAGE(none.exit_code == 2, none.err);
    CHECK(none.err.find("every pull from the relays failed") != std::string::npos);
    CHECK(none.err.find("unexpected end of file") != std::string::npos);
  }
}

TEST_CASE("collect pulls from a relay no campaign lists by --relay URL#KEY, and without the key says it was not pinned") {
  // A secretariat's own intake relay, which field relays forward to, is in no campaign file.
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  auto [file, campaign] = CampaignWithRelays(secretariat, {});
  const int port = test::FreePort();
  const std::string url = test::LoopbackUrl(port);
  auto key = sync::RelayStore::LoadOrCreateKey(dir / "intake");
  REQUIRE(key.ok());
  test::RunningRelay intake(dir / "intake", {campaign}, {}, port);

  Kit participant = test::MakeParticipant(dir / "participant", file);
  test::SubmitAnswer(participant, campaign, "to the intake relay");
  sync::SyncOptions to_intake;
  to_intake.relay = url;
  REQUIRE(sync::SendToRelays(participant, to_intake)->uploaded == 1);

  // A key that is not 64 hex characters is a usage error naming it.
  auto bad = test::RunCli(dir / "secretariat", {"collect", "--relay", url + "#abc"});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("64 hex") != std::string::npos);

  // A wrong key: the relay refuses the proof, nothing is pulled.
  auto other = sync::RelayStore::LoadOrCreateKey(dir / "other");
  REQUIRE(other.ok());
  auto wrong = test::RunCli(dir / "secretariat", {"collect", "--relay", url + "#" + ToHex(ByteView(other->data(), other->size()))});
  CHECK(wrong.exit_code != 0);
  CHECK(wrong.out.find("1 new bundles") == std::string::npos);

  auto pinned = test::RunCli(dir / "secretariat", {"collect", "--relay", url + "#" + ToHex(ByteView(key->data(), key->size()))});
  CHECK_MESSAGE(pinned.exit_code == 0, pinned.err);
  CHECK_MESSAGE(pinned.out.find("from relays: 1 new bundles") != std::string::npos, pinned.out);
  CHECK(pinned.out.find("opened 1 bundles") != std::string::npos);
  CHECK(pinned.err.find("not pinned") == std::string::npos);

  // Without the key, the one the relay states is used, and the secretariat is told that it
  // was not pinned, which key it was, and how to pin it.
  test::SubmitAnswer(participant, campaign, "a second answer");
  REQUIRE(sync::SendToRelays(participant, to_intake)->uploaded == 1);
  auto keyless = test::RunCli(dir / "secretariat", {"collect", "--relay", url});
  CHECK_MESSAGE(keyless.exit_code == 0, keyless.err);
  CHECK(keyless.out.find("from relays: 1 new bundles") != std::string::npos);
  CHECK(keyless.err.find("not pinned") != std::string::npos);
  CHECK(keyless.err.find(ToHex(ByteView(key->data(), key->size()))) != std::string::npos);
  CHECK_MESSAGE(keyless.err.find("--relay " + url + "#KEY") != std::string::npos, keyless.err);
}

// SPEC §2 through relays (issue 11): the secretariat puts an update on its intake relay, a
// field relay takes it as it forwards, and kits take it at their next sync; a kit that got a
// later one by other means hands it to the relay, which hands it to the next kit.
TEST_CASE("a campaign update travels through relays: published, forwarded, taken at sync, and handed on") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int port_a = test::FreePort(), port_b = test::FreePort();
  const std::string url_a = test::LoopbackUrl(port_a), url_b = test::LoopbackUrl(port_b);
  auto [file, campaign] = CampaignWithRelays(secretariat, {{url_a, dir / "relay-a"}});
  test::RunningRelay relay_a(dir / "relay-a", {campaign}, {}, port_a);
  test::RunningRelay relay_b(dir / "relay-b", {campaign}, {}, port_b);
  Kit first = test::MakeParticipant(dir / "first", file);
  Kit second = test::MakeParticipant(dir / "second", file);
  auto sync_now = [](Kit& kit) {
    auto attempt = sync::RunSync(kit, {}, sync::SyncTrigger::kManual, platform::UnixTimeNow());
    REQUIRE(attempt.ok());
    REQUIRE_MESSAGE(attempt->report.ok(), test::Why(attempt->report));
    return *attempt->report;
  };
  auto held_sequence = [&](Kit& kit) { return CampaignStore(kit).Get(campaign.id_hex())->sequence; };

  // Sequence 2 moves the deadline; the secretariat puts it on its intake relay B (which no
  // kit syncs with), and relay A takes it from B as it forwards.
  auto update = CampaignStore(secretariat).Update(campaign.id_hex(), [](Campaign& c) {
    c.deadline_unix = 4'102'444'800;  // 2100-01-01
    return Status{};
  });
  REQUIRE(update.ok());
  sync::SyncOptions to_b;
  to_b.relay = url_b;
  auto published = sync::PublishCampaignFiles(secretariat, to_b);
  REQUIRE_MESSAGE(published.ok(), test::Why(published));
  CHECK(published->campaigns_published == 1);
  CHECK(*relay_b.service->store().CampaignFileSequence(campaign.id_hex()) == 2);
  CHECK(*relay_a.service->store().CampaignFileSequence(campaign.id_hex()) == 0);
  auto forwarded = sync::ForwardToUpstream(relay_a.service->store(), url_b);
  REQUIRE_MESSAGE(forwarded.ok(), test::Why(forwarded));
  CHECK(forwarded->campaigns_updated == 1);
  CHECK(*relay_a.service->store().CampaignFileSequence(campaign.id_hex()) == 2);

  // A kit with nothing to send still takes the update when it syncs by hand.
  REQUIRE(held_sequence(first) == 1);
  CHECK(sync_now(first).campaigns_updated == 1);
  CHECK(held_sequence(first) == 2);
  CHECK(CampaignStore(first).Get(campaign.id_hex())->deadline_unix == 4'102'444'800);
  CHECK(sync_now(first).campaigns_updated == 0);  // and only once

  // Sequence 3 reaches the second kit on a stick (here: the file); its sync gives it to relay
  // A, whose next answer tells the first kit, which takes it.
  auto third = CampaignStore(secretariat).Update(campaign.id_hex(), [](Campaign& c) {
    c.title.by_language["en"] = "The call, third edition";
    return Status{};
  });
  REQUIRE(third.ok());
  REQUIRE(CampaignStore(second).Import(*third).ok());
  CHECK(sync_now(second).campaigns_handed_on == 1);
  CHECK(*relay_a.service->store().CampaignFileSequence(campaign.id_hex()) == 3);
  CHECK(sync_now(first).campaigns_updated == 1);
  CHECK(held_sequence(first) == 3);
  // Relay B, behind now, gets 3 back from A when A next forwards.
  CHECK(sync::ForwardToUpstream(relay_a.service->store(), url_b)->campaigns_handed_on == 1);
  CHECK(*relay_b.service->store().CampaignFileSequence(campaign.id_hex()) == 3);
}

TEST_CASE("a relay keeps only later campaign files signed by the campaign's key, and says why it refuses the rest") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int port = test::FreePort();
  auto [file, campaign] = CampaignWithRelays(secretariat, {{test::LoopbackUrl(port), dir / "relay"}});
  Kit elsewhere = test::MakeKit(dir / "elsewhere");
  const Bytes other_campaign = test::MakeCampaign(elsewhere);
  test::RunningRelay relay(dir / "relay", {campaign}, {}, port);
  sync::RelayStore& store = relay.service->store();
  using Offer = sync::RelayStore::CampaignOffer;

  REQUIRE(*store.OfferCampaignFile(file) == Offer::kStored);
  CHECK(*store.OfferCampaignFile(file) == Offer::kUnchanged);
  const Bytes second = *CampaignStore(secretariat).Update(campaign.id_hex(), [](Campaign&) { return Status{}; });
  CHECK(*store.OfferCampaignFile(second) == Offer::kStored);
  CHECK(*store.OfferCampaignFile(file) == Offer::kOlder);  // the older one does not come back
  CHECK(*store.CampaignFileSequence(campaign.id_hex()) == 2);

  // A flipped byte, another campaign, and a sequence 2 with other content (signed with the
  // campaign's key, so only the sequence rule stops it): each refused, sequence 2 kept.
  Bytes flipped = second;
  flipped[flipped.size() / 2] ^= 1;
  CHECK_FALSE(store.OfferCampaignFile(flipped).ok());
  auto foreign = store.OfferCampaignFile(other_campaign);
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.error().code == ErrorCode::kNotFound);
  const CampaignSecrets secrets = std::move(CampaignStore(secretariat).Secrets(campaign.id_hex())).value();
  Campaign rival = *ParseCampaignFile(second);
  rival.title.by_language["en"] = "not what the secretariat published as 2";
  auto conflict = store.OfferCampaignFile(WriteCampaignFile(rival, secrets.signing));
  REQUIRE_FALSE(conflict.ok());
  CHECK(conflict.error().code == ErrorCode::kConflict);
  // An update that would change the keys bundles are sealed to, even signed properly.
  Campaign rekeyed = *ParseCampaignFile(second);
  rekeyed.sequence = 3;
  rekeyed.encryption_key = crypto::BoxKeyPair::Generate().public_key();
  auto changed = store.OfferCampaignFile(WriteCampaignFile(rekeyed, secrets.signing));
  REQUIRE_FALSE(changed.ok());
  CHECK(changed.error().code == ErrorCode::kRejected);
  CHECK(*store.CampaignFileSequence(campaign.id_hex()) == 2);

  // Over HTTP: the latest file with its sequence as ETag, 304 for a holder of it; a file put
  // under another campaign's path is refused, and a body over 1 MiB before it is read.
  auto client = relay.Client();
  const std::string path = "/v1/campaigns/" + campaign.id_hex();
  auto got = client.Get(path.c_str());
  REQUIRE(got);
  CHECK(got->status == 200);
  CHECK(got->get_header_value("ETag") == "\"2\"");
  CHECK(Bytes(got->body.begin(), got->body.end()) == second);
  auto held = client.Get(path.c_str(), httplib::Headers{{"If-None-Match", "\"2\""}});
  REQUIRE(held);
  CHECK(held->status == 304);
  auto log = client.Get((path + "/received-log").c_str());
  REQUIRE(log);
  CHECK(log->status == 404);  // no received-log yet, but the campaign's sequence is told
  CHECK(log->get_header_value(sync::kCampaignSequenceHeader) == "2");
  auto misplaced = client.Put(path.c_str(), std::string(AsChars(other_campaign)), "application/octet-stream");
  REQUIRE(misplaced);
  CHECK(misplaced->status == 422);
  {
    // Only the head is sent: the answer comes before any of the body.
    test::RawConnection raw(relay.port);
    REQUIRE(raw.Send("PUT " + path + " HTTP/1.1\r\nHost: relay\r\nContent-Type: application/octet-stream\r\n"
                     "Content-Length: " + std::to_string((1u << 20) + 1) + "\r\n\r\n"));
    CHECK(raw.Read().status == 413);
  }
  auto older = client.Put(path.c_str(), std::string(AsChars(file)), "application/octet-stream");
  REQUIRE(older);
  CHECK(older->status == 409);
}
