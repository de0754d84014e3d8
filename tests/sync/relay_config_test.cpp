// staccs-relay's settings (config file, flags) and its retention period, down to the program
// itself: it starts from a config file, and refuses bad lines and TLS flags with a reason.
#include <doctest/doctest.h>

#include <thread>

#include "flow_fixture.h"
#include "relay_config.h"
#include "staccs/core/platform.h"
#include "staccs/sync/http_client.h"
#include "staccs/sync/relay_store.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

TEST_CASE("the relay's config file sets quotas, retention and connection limits, and names bad lines") {
  sync::RelayConfig defaults;
  // The shipped example only restates the defaults (data and listen aside).
  sync::RelayConfig example;
  auto text = platform::ReadFile(fs::path(STACCS_SOURCE_DIR) / "packaging/relay/staccs-relay.conf", 1 << 20);
  REQUIRE(text.ok());
  REQUIRE_MESSAGE(sync::ApplyRelayConfig(AsChars(*text), example).ok(), "the example config parses");
  CHECK(example.data == "/var/lib/staccs-relay");
  CHECK(example.limits.max_bundle_bytes == defaults.limits.max_bundle_bytes);
  CHECK(example.gate.max_connections_per_address == defaults.gate.max_connections_per_address);
  CHECK(example.campaigns_dir == "/etc/staccs-relay/campaigns");
  CHECK(example.limits.partial_idle_seconds == defaults.limits.partial_idle_seconds);
  CHECK(example.limits.max_partial_uploads == defaults.limits.max_partial_uploads);

  sync::RelayConfig c;
  REQUIRE(sync::ApplyRelayConfig("# a relay in Khartoum\n"
                                 "listen = 0.0.0.0:9000\n"
                                 "campaign = a.stc   # the forum\n"
                                 "campaign = b.stc\n"
                                 "upstream = http://up.example\n"
                                 "max_bundle_size = 2M\n"
                                 "disk_quota = 3G\n"
                                 "retention = 7d\n"
                                 "forward_every = 2m\n"
                                 "max_connections_per_address = 8\n"
                                 "requests_per_second_per_address = 5\n"
                                 "header_timeout = 4s\n"
                                 "log_client_addresses = yes\n",
                                 c)
              .ok());
  CHECK(c.listen == "0.0.0.0:9000");
  CHECK(c.campaign_files == std::vector<std::string>{"a.stc", "b.stc"});
  CHECK(c.upstreams == std::vector<std::string>{"http://up.example"});
  CHECK(c.limits.max_bundle_bytes == 2u << 20);
  CHECK(c.limits.disk_quota_bytes == 3ull << 30);
  CHECK(c.limits.retention_seconds == 7 * 86400);
  CHECK(c.forward_every_seconds == 120);
  CHECK(c.gate.max_connections_per_address == 8);
  CHECK(c.gate.requests_per_second_per_address == 5);
  CHECK(c.gate.header_deadline == std::chrono::seconds(4));
  CHECK(c.log_client_addresses);

  auto unknown = sync::ApplyRelayConfig("data = x\n\nquota = 5G\n", c);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message == "line 3: unknown key 'quota'");
  auto bad = sync::ApplyRelayConfig("disk_quota = lots\n", c);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("line 1: disk_quota") == 0);
  CHECK_FALSE(sync::ApplyRelayConfig("workers = 0\n", c).ok());
  CHECK_FALSE(sync::ApplyRelayConfig("just words\n", c).ok());
}

TEST_CASE("bundles nobody confirmed are dropped after the retention period, and not before") {
  test::Flow flow;
  Kit kit = flow.NewParticipant("p");
  auto e = flow.Submit(kit, "# q\nheld for a while\n");
  sync::RelayLimits limits;
  limits.retention_seconds = 3600;
  auto store = sync::RelayStore::Open(flow.dir / "relay", {flow.campaign}, limits);
  REQUIRE(store.ok());
  REQUIRE((*store)->Store(*BundleStore(kit).Read(e.bundle_id)).ok());
  const std::int64_t now = platform::UnixTimeNow();
  CHECK(*(*store)->ExpireOld(now + 3000) == 0);
  CHECK((*(*store)->Lacks({e.bundle_id})).empty());
  CHECK(*(*store)->ExpireOld(now + 3700) == 1);
  CHECK((*(*store)->Lacks({e.bundle_id})).size() == 1);
  CHECK_FALSE((*store)->Read(e.bundle_id).ok());
}

TEST_CASE("staccs-relay starts from a config file and refuses bad settings with a reason") {
  test::Flow flow;
  const fs::path campaign = flow.dir / "forum.stc";
  REQUIRE(platform::WriteFileAtomically(campaign, flow.campaign_file).ok());
  const int port = test::FreePort();
  const fs::path conf = flow.dir / "relay.conf";
  test::WriteFile(conf, "data = " + (flow.dir / "relay").string() + "\nlisten = 127.0.0.1:" + std::to_string(port) +
                            "\ncampaign = " + campaign.string() + "\nretention = 2d\n");

  auto bad = test::RunProcess({STACCS_RELAY_PATH, "--config", (flow.dir / "missing.conf").string()});
  CHECK(bad.exit_code == 1);
  test::WriteFile(flow.dir / "typo.conf", "listen = 127.0.0.1:1\nmax_conections = 3\n");
  bad = test::RunProcess({STACCS_RELAY_PATH, "--config", (flow.dir / "typo.conf").string()});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("line 2: unknown key 'max_conections'") != std::string::npos);
  bad = test::RunProcess({STACCS_RELAY_PATH, "--tls-cert", "c.pem", "--tls-key", "k.pem"});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("nginx") != std::string::npos);

  // The real program, for two seconds: it serves on the configured port.
  std::thread relay([&] {
    (void)test::RunAndKill({STACCS_RELAY_PATH, "--config", conf.string()}, {}, std::chrono::seconds(2));
  });
  sync::HttpClient http;
  bool healthy = false;
  for (int i = 0; i < 30 && !healthy; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto res = http.Request("GET", test::LoopbackUrl(port) + "/v1/health", {});
    healthy = res.ok() && res->status == 200;
  }
  relay.join();
  CHECK(healthy);
  CHECK(fs::exists(flow.dir / "relay" / "relay_key.bin"));
}
