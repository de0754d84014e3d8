// The client side of relay HTTP against relays that misbehave, on loopback (issue 8): an
// answer that never ends stops at its endpoint's cap, a relay that repeats or endlessly
// advances its cursor does not keep collect pulling; what crossed the link is what the data
// budget counts (issue 11); "lacks" goes a page at a time and a refused request is an error
// (issue 15).
#include <doctest/doctest.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "cutting_proxy.h"
#include "kit_fixture.h"
#include "relay_fixture.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/sync/relay_forwarder.h"
#include "staccs/sync/relay_sync.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

// A "relay" that answers as the test says, in this process, counting the requests per path.
struct HostileRelay {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::atomic<int> lists{0}, requests{0};

  HostileRelay() {
    server.set_logger([this](const httplib::Request&, const httplib::Response&) { ++requests; });
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
  }
  void Start() {
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::yield();
  }
  ~HostileRelay() {
    server.stop();
    if (thread.joinable()) thread.join();
  }
};

// A participant whose campaign lists exactly one relay, at `url`, with some receipt key.
struct Participant {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  Campaign campaign;
  Bytes file;
  Kit kit;

  Participant(const std::string& url, const crypto::SigningPublicKey& relay_key, int bundles = 1)
      : kit(Make(url, relay_key)) {
    for (int i = 0; i < bundles; ++i) test::SubmitAnswer(kit, campaign, "answer " + std::to_string(i));
  }
  Kit Make(const std::string& url, const crypto::SigningPublicKey& relay_key) {
    Campaign content = ForumCallTemplate();
    content.relays.push_back({url, relay_key, std::nullopt});
    file = *CampaignStore(secretariat).Create(content);
    campaign = *ParseCampaignFile(file);
    return test::MakeParticipant(dir / "participant", file);
  }
};

// An answer that never ends (chunked, no length).
void Endless(httplib::Response& res) {
  res.set_chunked_content_provider("text/plain", [](std::size_t, httplib::DataSink& sink) {
    static const std::string block(64 * 1024, 'z');
    return sink.write(block.data(), block.size());
  });
}

}  // namespace

TEST_CASE("an answer that never ends stops at its endpoint's cap, and the bytes read are counted") {
  HostileRelay hostile;
  hostile.server.Get(R"(/v1/campaigns/.*/received-log)", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
  });
  hostile.server.Post("/v1/lacks", [](const httplib::Request&, httplib::Response& res) { Endless(res); });
  hostile.Start();
  const auto key = crypto::SigningKeyPair::Generate().public_key();
  Participant p(test::LoopbackUrl(hostile.port), key);

  sync::LinkUsage used;
  sync::SyncOptions options;
  options.usage = &used;
  const auto start = std::chrono::steady_clock::now();
  auto report = sync::SendToRelays(p.kit, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE_MESSAGE(report.ok(), test::Why(report));
  REQUIRE_FALSE(report->problems.empty());
  CHECK(report->problems.front().find("larger than") != std::string::npos);
  CHECK(report->not_sent == 1);
  MESSAGE("an endless answer to \"lacks\": " << used.received << " bytes received in " << seconds << " s");
  CHECK(used.received > 1024);
  CHECK(used.received < (8u << 20));  // the cap is ~1 KiB; the rest is what the kernel had taken in
  CHECK(report->bytes_received == used.received);

  // A forwarding relay meets the same cap on the same endpoint.
  test::TempDir relay_dir;
  auto store = sync::RelayStore::Open(relay_dir.path(), {p.campaign});
  REQUIRE(store.ok());
  REQUIRE((*store)->Store(*BundleStore(p.kit).Read(BundleStore(p.kit).ToCarry()->front().id)).ok());
  auto forwarded = sync::ForwardToUpstream(**store, test::LoopbackUrl(hostile.port));
  REQUIRE(forwarded.ok());
  CHECK(forwarded->bytes_received < (8u << 20));
  CHECK(forwarded->uploaded == 0);
}

TEST_CASE("an answer announcing more than its cap is refused before its body is read") {
  HostileRelay hostile;
  hostile.server.Get(R"(/v1/campaigns/.*/received-log)", [](const httplib::Request&, httplib::Response& res) {
    // 10 GB announced; cpp-httplib would then send them.
    res.set_content_provider(10'000'000'000ull, "application/octet-stream",
                             [](std::size_t, std::size_t length, httplib::DataSink& sink) {
                               static const std::string block(64 * 1024, 'z');
                               return sink.write(block.data(), std::min(length, block.size()));
                             });
  });
  hostile.Start();
  Participant p(test::LoopbackUrl(hostile.port), crypto::SigningKeyPair::Generate().public_key());
  sync::LinkUsage used;
  sync::SyncOptions options;
  options.usage = &used;
  auto report = sync::SendToRelays(p.kit, options);
  REQUIRE_FALSE(report.ok());  // the only relay gave nothing usable
  CHECK(report.error().message.find("larger than") != std::string::npos);
  MESSAGE("a 10 GB received-log announced: " << used.received << " bytes received");
  CHECK(used.received < (8u << 20));
}

TEST_CASE("a relay that repeats its cursor, or advances it forever, does not keep collect pulling") {
  const std::string id(64, 'a');
  for (const bool advancing : {false, true}) {
    CAPTURE(advancing);
    HostileRelay hostile;
    hostile.server.Get(R"(/v1/campaigns/([0-9a-f]{64})/bundles/after/([0-9]+))",
                       [&](const httplib::Request& req, httplib::Response& res) {
                         ++hostile.lists;
                         const long long after = std::stoll(req.matches[2].str());
                         res.set_content((advancing ? std::to_string(after + 1) : "7") + " " + id + "\n", "text/plain");
                       });
    hostile.server.Get(R"(/v1/campaigns/([0-9a-f]{64})/bundles/([0-9a-f]{64}))",
                       [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    hostile.Start();
    test::TempDir dir;
    Kit secretariat = test::MakeKit(dir / "secretariat");
    Campaign content = ForumCallTemplate();
    content.relays.push_back({test::LoopbackUrl(hostile.port), crypto::SigningKeyPair::Generate().public_key(), std::nullopt});
    REQUIRE(CampaignStore(secretariat).Create(content).ok());

    sync::SyncOptions options;
    options.max_pull_pages = 20;
    const auto start = std::chrono::steady_clock::now();
    auto pulled = sync::PullFromRelays(secretariat, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    MESSAGE(hostile.lists.load() << " list requests, " << hostile.requests.load() << " in all, " << seconds << " s");
    // Every fetch failed: an error (staccs-cli collect exits non-zero), after a bounded run.
    REQUIRE_FALSE(pulled.ok());
    CHECK(pulled.error().message.find("every pull from the relays failed") != std::string::npos);
    CHECK(hostile.lists.load() == (advancing ? 20 : 2));
    CHECK(hostile.requests.load() <= 2 * 20 + 2);
  }
}

TEST_CASE("the data budget counts the bytes that crossed the link, within 2%") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const int relay_port = test::FreePort();
  test::CuttingProxy proxy(relay_port, 1ull << 40);  // counts both directions, never cuts
  auto relay_key = sync::RelayStore::LoadOrCreateKey(dir / "relay");
  REQUIRE(relay_key.ok());
  Campaign content = ForumCallTemplate();
  content.relays.push_back({test::LoopbackUrl(proxy.port()), *relay_key, std::nullopt});
  Bytes file = *CampaignStore(secretariat).Create(content);
  Campaign campaign = *ParseCampaignFile(file);
  test::RunningRelay relay(dir / "relay", {campaign}, {}, relay_port);
  Kit participant = test::MakeParticipant(dir / "participant", file);
  test::SubmitAnswer(participant, campaign, std::string(200'000, 'b'));
  for (int i = 0; i < 3; ++i) test::SubmitAnswer(participant, campaign, "small " + std::to_string(i));

  REQUIRE(test::RunCli(dir / "participant", {"settings", "sync-budget", "100000000"}).exit_code == 0);
  auto sync = test::RunCli(dir / "participant", {"sync"});
  REQUIRE_MESSAGE(sync.exit_code == 0, sync.err);
  // "… 12345 bytes sent, 678 received" and "today: 13023 of 100000000 bytes …"
  const auto at = sync.out.find(" bytes sent, ");
  REQUIRE(at != std::string::npos);
  const std::uint64_t sent = std::stoull(sync.out.substr(sync.out.rfind(' ', at - 1) + 1));
  const std::uint64_t received = std::stoull(sync.out.substr(at + 13));
  const auto today = sync.out.find("today: ");
  REQUIRE(today != std::string::npos);
  const std::uint64_t budgeted = std::stoull(sync.out.substr(today + 7));
  const double at_proxy = static_cast<double>(proxy.bytes_forwarded());
  MESSAGE("sync counted " << sent << " sent + " << received << " received; the proxy carried " << at_proxy);
  CHECK(budgeted == sent + received);
  CHECK(static_cast<double>(sent + received) >= at_proxy * 0.98);
  CHECK(static_cast<double>(sent + received) <= at_proxy * 1.02);
  CHECK(sent > 4 * 16384);
}

TEST_CASE("sync asks which bundles the relay lacks a page at a time, and sends them all") {
  test::TempDir dir;
  const int port = test::FreePort();
  auto relay_key = sync::RelayStore::LoadOrCreateKey(dir / "relay");
  Participant p(test::LoopbackUrl(port), *relay_key, 120);
  test::RunningRelay relay(dir / "relay", {p.campaign}, {}, port);
  auto lacks_requests = [&] {
    std::lock_guard lock(relay.log_mutex);
    return std::count_if(relay.log.begin(), relay.log.end(),
                         [](const std::string& l) { return l.find("POST /v1/lacks 200") != std::string::npos; });
  };
  sync::SyncOptions options;
  options.lacks_page_size = 50;
  auto first = sync::SendToRelays(p.kit, options);
  REQUIRE_MESSAGE(first.ok(), test::Why(first));
  CHECK(first->uploaded == 120);
  CHECK(first->not_sent == 0);
  CHECK(lacks_requests() == 3);  // 50 + 50 + 20
  auto second = sync::SendToRelays(p.kit, options);
  REQUIRE(second.ok());
  CHECK(second->uploaded == 0);
  CHECK(second->already_there == 120);
  CHECK(lacks_requests() == 6);
}

TEST_CASE("a relay that refuses \"lacks\" makes sync fail with exit 2, not 0") {
  HostileRelay hostile;
  hostile.server.Get(R"(/v1/campaigns/.*/received-log)", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
  });
  hostile.server.Post("/v1/lacks", [](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content("more than 10,000 ids in one request\n", "text/plain");
  });
  hostile.Start();
  Participant p(test::LoopbackUrl(hostile.port), crypto::SigningKeyPair::Generate().public_key(), 2);
  const fs::path home = p.dir / "participant";
  auto r = test::RunCli(home, {"sync"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("2 bundles could not be sent") != std::string::npos);
  CHECK(r.err.find("refused") != std::string::npos);
}

TEST_CASE("a relay that serves another campaign's valid file as an update does not add or change a campaign") {
  // The other campaign is real and well signed (by its own secretariat's key): only the check
  // that the fetched file names the campaign asked for stops it. Without that check the kit
  // would import it as a campaign of its own, offered by nobody but the relay.
  test::TempDir other_dir;
  Kit other_secretariat = test::MakeKit(other_dir / "secretariat");
  Campaign other_content = ForumCallTemplate();
  other_content.title.by_language["en"] = "Another campaign";
  other_content.sequence = 7;  // later than the participant's, as an update would be
  const Bytes other_file = *CampaignStore(other_secretariat).Create(other_content);
  REQUIRE(ParseCampaignFile(other_file).ok());

  HostileRelay hostile;
  hostile.server.Get(R"(/v1/campaigns/[0-9a-f]+/received-log)", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_header(sync::kCampaignSequenceHeader, "7");  // "I hold a later file of your campaign"
  });
  std::atomic<int> fetched{0};
  hostile.server.Get(R"(/v1/campaigns/[0-9a-f]+)", [&](const httplib::Request&, httplib::Response& res) {
    ++fetched;
    res.set_content(std::string(other_file.begin(), other_file.end()), "application/octet-stream");
  });
  hostile.server.Post("/v1/lacks", [](const httplib::Request&, httplib::Response& res) { res.set_content("", "text/plain"); });
  hostile.Start();
  Participant p(test::LoopbackUrl(hostile.port), crypto::SigningKeyPair::Generate().public_key(), 1);
  const Bytes held_before = *CampaignStore(p.kit).File(p.campaign.id_hex());

  sync::SyncOptions options;
  options.fetch_logs_always = true;
  auto report = sync::SendToRelays(p.kit, options);
  REQUIRE_MESSAGE(report.ok(), test::Why(report));
  CHECK(fetched.load() == 1);
  CHECK(report->campaigns_updated == 0);
  const bool said = std::any_of(report->problems.begin(), report->problems.end(), [](const std::string& s) {
    return s.find("campaign file refused: it is for another campaign") != std::string::npos;
  });
  CHECK_MESSAGE(said, "problems: " << (report->problems.empty() ? std::string("none") : report->problems.front()));
  auto held = CampaignStore(p.kit).List();
  REQUIRE(held.ok());
  REQUIRE(held->size() == 1);
  CHECK(held->front().id_hex() == p.campaign.id_hex());
  CHECK(*CampaignStore(p.kit).File(p.campaign.id_hex()) == held_before);
}
