// The relay as operators install it (issue 10): the systemd unit checked by systemd-analyze,
// the nginx config by nginx itself in a stock Debian layout and then serving real syncs over
// TLS with a pinned self-signed key, and /metrics read by Prometheus's own promtool.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <thread>

#include "kit_fixture.h"
#include "relay_fixture.h"
#include "self_signed_cert.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/platform.h"
#include "staccs/sync/http_client.h"
#include "staccs/sync/relay_store.h"
#include "staccs/sync/relay_sync.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "the packaged file no longer has: " << from);
  return text.replace(at, from.size(), to);
}

// The packaged site file, with what an operator edits set for this test: certificate paths,
// and (for a real run) a loopback address instead of port 443 and the relay's port.
std::string SiteConfig(const fs::path& cert, const fs::path& key, int listen_port = 0, int relay_port = 0) {
  std::string site = test::ReadFileText(STACCS_SOURCE_DIR "/packaging/relay/nginx-staccs-relay.conf");
  site = Replace(site, "/etc/letsencrypt/live/relay.example.org/fullchain.pem", cert.string());
  site = Replace(site, "/etc/letsencrypt/live/relay.example.org/privkey.pem", key.string());
  if (listen_port != 0) {
    site = Replace(site, "listen 443 ssl http2;", "listen 127.0.0.1:" + std::to_string(listen_port) + " ssl http2;");
    site = Replace(site, "listen [::]:443 ssl http2;", "");
    site = Replace(site, "proxy_pass http://127.0.0.1:8477;", "proxy_pass http://127.0.0.1:" + std::to_string(relay_port) + ";");
  }
  return site;
}

// nginx in the foreground as one process, for as long as the object lives.
struct RunningNginx {
  pid_t pid = -1;
  RunningNginx(const fs::path& dir, const std::string& site, int port) {
    fs::create_directories(dir / "sites-enabled");
    test::WriteFile(dir / "sites-enabled" / "staccs-relay", site);
    const std::string d = dir.string();
    test::WriteFile(dir / "nginx.conf",
                    "daemon off; master_process off; worker_processes 1;\n"
                    "pid " + d + "/nginx.pid; error_log " + d + "/error.log;\n"
                    "events { worker_connections 64; }\n"
                    "http {\n  client_body_temp_path " + d + "/body; proxy_temp_path " + d + "/proxy;\n"
                    "  fastcgi_temp_path " + d + "/fastcgi; uwsgi_temp_path " + d + "/uwsgi; scgi_temp_path " + d + "/scgi;\n"
                    "  include " + d + "/sites-enabled/*;\n}\n");
    const int null = ::open("/dev/null", O_WRONLY);
    pid = test::StartProcess({"/usr/sbin/nginx", "-p", d, "-e", d + "/error.log", "-c", d + "/nginx.conf"}, {}, -1, null, null);
    ::close(null);
    // Ready when it answers TLS on its port (any answer will do here).
    for (int i = 0; i < 500; ++i) {
      sync::HttpOptions quick;
      quick.connect_timeout_seconds = 1;
      sync::HttpClient probe(quick);
      crypto::Hash32 any{};
      probe.PinPublicKey(any);  // refused after the handshake: nginx is up
      auto r = probe.Request("GET", "https://127.0.0.1:" + std::to_string(port) + "/v1/health", {});
      if (!r && r.error().message.find("onnect") == std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL("nginx did not start: " << test::ReadFileText(dir / "error.log"));
  }
  ~RunningNginx() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

}  // namespace

TEST_CASE("the systemd unit passes systemd-analyze verify and scores at most 2.0 on its security check") {
  test::TempDir dir;
  // The unit as installed, with the binary where this build put it.
  std::string unit = test::ReadFileText(STACCS_SOURCE_DIR "/packaging/systemd/staccs-relay.service");
  CHECK(unit.find("/bin/sh") == std::string::npos);  // the binary itself, no shell to hide it
  unit = Replace(unit, "ExecStart=/usr/bin/staccs-relay", std::string("ExecStart=") + STACCS_RELAY_PATH);
  const fs::path file = dir / "staccs-relay.service";
  test::WriteFile(file, unit);

  auto verify = test::RunProcess({"systemd-analyze", "verify", file.string()});
  CHECK_MESSAGE(verify.exit_code == 0, verify.err);
  CHECK_MESSAGE(verify.err.empty(), verify.err);

  auto security = test::RunProcess({"systemd-analyze", "security", "--offline=true", file.string()});
  REQUIRE_MESSAGE(security.exit_code == 0, security.err);
  std::smatch m;
  const std::string all = security.out + security.err;
  REQUIRE_MESSAGE(std::regex_search(all, m, std::regex(R"(Overall exposure level for staccs-relay\.service: ([0-9.]+))")), all);
  MESSAGE("systemd-analyze security: exposure " << m[1].str());
  CHECK(std::stod(m[1].str()) <= 2.0);
}

TEST_CASE("staccs-relay serves the campaign files of its campaigns folder, skips a bad one, and runs with none") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const Bytes file = test::MakeCampaign(secretariat);
  auto campaign = ParseCampaignFile(file);
  REQUIRE(campaign.ok());
  fs::create_directories(dir / "campaigns");
  // Runs the relay as the unit does (a campaigns folder, no --campaign), asks /v1/health, and
  // stops it with SIGTERM; returns the health answer and what the relay logged.
  auto run = [&] {
    const int port = test::FreePort();
    const fs::path log = dir / "relay.log";
    const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const pid_t pid = test::StartProcess({STACCS_RELAY_PATH, "--data", (dir / "data").string(), "--listen",
                                          "127.0.0.1:" + std::to_string(port), "--campaigns", (dir / "campaigns").string()},
                                         {}, -1, err, err);
    ::close(err);
    std::string health;
    for (int i = 0; i < 500 && health.empty(); ++i) {
      sync::HttpClient http;
      auto r = http.Request("GET", "http://127.0.0.1:" + std::to_string(port) + "/v1/health", {});
      if (r && r->status == 200) health = r->body;
      else std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    return std::pair{health, test::ReadFileText(log)};
  };

  auto [empty_health, empty_log] = run();
  CHECK(empty_health.find("\"status\":\"ok\"") != std::string::npos);
  CHECK(empty_health.find("\"campaigns_served\":0") != std::string::npos);
  CHECK(empty_log.find("serving no campaign") != std::string::npos);

  REQUIRE(platform::WriteFileAtomically(dir / "campaigns" / "forum.stc", file).ok());
  test::WriteFile(dir / "campaigns" / "stray.stc", "not a campaign");
  test::WriteFile(dir / "campaigns" / "README", "ignored: not a .stc file");
  auto [health, log] = run();
  CHECK(health.find("\"campaigns_served\":1") != std::string::npos);
  CHECK(health.find(campaign->id_hex()) != std::string::npos);
  CHECK(health.find("\"version\":\"" STACCS_VERSION_TEXT "\"") != std::string::npos);
  CHECK(log.find("skipping") != std::string::npos);
  CHECK(log.find("stray.stc") != std::string::npos);
  CHECK(log.find("serving campaign " + campaign->id_hex()) != std::string::npos);
}

TEST_CASE("the nginx config passes nginx -t dropped into a stock Debian sites-enabled") {
  test::TempDir dir;
  const fs::path etc = dir / "etc";
  fs::copy("/etc/nginx", etc, fs::copy_options::recursive);
  std::string main_conf = test::ReadFileText(etc / "nginx.conf");
  for (std::size_t at; (at = main_conf.find("/etc/nginx")) != std::string::npos;)
    main_conf.replace(at, 10, etc.string());
  test::WriteFile(etc / "nginx.conf", main_conf);
  for (const auto& e : fs::directory_iterator(etc / "sites-enabled")) fs::remove(e.path());
  test::MakeSelfSigned((dir / "cert.pem").string(), (dir / "key.pem").string());
  test::WriteFile(etc / "sites-enabled" / "staccs-relay", SiteConfig(dir / "cert.pem", dir / "key.pem"));
  const std::string d = dir.path().string();
  auto t = test::RunProcess({"/usr/sbin/nginx", "-t", "-p", d, "-e", d + "/error.log", "-c", (etc / "nginx.conf").string()});
  CHECK_MESSAGE(t.exit_code == 0, t.err);
  CHECK(t.err.find("test is successful") != std::string::npos);
}

TEST_CASE("a sync through nginx with TLS and a pinned self-signed key works, a wrong pin fails, /metrics stays private") {
  test::TempDir dir;
  const crypto::Hash32 pin = test::MakeSelfSigned((dir / "cert.pem").string(), (dir / "key.pem").string());
  const int tls_port = test::FreePort();
  const std::string url = "https://127.0.0.1:" + std::to_string(tls_port);
  Kit secretariat = test::MakeKit(dir / "secretariat");
  auto relay_key = sync::RelayStore::LoadOrCreateKey(dir / "relay");
  REQUIRE(relay_key.ok());
  auto campaign_with_pin = [&](const crypto::Hash32& p) {
    Campaign content = ForumCallTemplate();
    content.relays.push_back({url, *relay_key, p});
    auto file = CampaignStore(secretariat).Create(content);
    REQUIRE(file.ok());
    return *file;
  };
  const Bytes good_file = campaign_with_pin(pin);
  crypto::Hash32 wrong = pin;
  wrong[31] ^= 0x80;
  const Bytes wrong_file = campaign_with_pin(wrong);
  auto good = ParseCampaignFile(good_file);
  auto bad = ParseCampaignFile(wrong_file);
  REQUIRE((good.ok() && bad.ok()));

  test::RunningRelay relay(dir / "relay", {*good, *bad});
  RunningNginx nginx(dir / "nginx", SiteConfig(dir / "cert.pem", dir / "key.pem", tls_port, relay.port), tls_port);

  Kit participant = test::MakeParticipant(dir / "participant", good_file);
  auto sealed = test::SubmitAnswer(participant, *good, "through nginx and TLS");
  auto sent = sync::SendToRelays(participant, {});
  REQUIRE_MESSAGE(sent.ok(), test::Why(sent));
  CHECK(sent->uploaded == 1);
  CHECK(sent->receipts_verified == 1);
  CHECK(relay.service->Lacks(sealed.bundle_id + "\n")->empty());

  Kit misled = test::MakeParticipant(dir / "misled", wrong_file);
  auto other = test::SubmitAnswer(misled, *bad, "to a relay whose key is not the pinned one");
  auto refused = sync::SendToRelays(misled, {});
  CHECK_FALSE(refused.ok());
  CHECK(relay.service->Lacks(other.bundle_id + "\n").value() == other.bundle_id + "\n");

  // /metrics is for the operator on the relay's own machine, not for the world.
  sync::HttpClient http;
  http.PinPublicKey(pin);
  auto outside = http.Request("GET", url + "/metrics", {});
  REQUIRE(outside.ok());
  CHECK(outside->status == 404);
  auto health = http.Request("GET", url + "/v1/health", {});
  REQUIRE(health.ok());
  CHECK(health->status == 200);
  sync::HttpClient local;
  auto inside = local.Request("GET", "http://127.0.0.1:" + std::to_string(relay.port) + "/metrics", {});
  REQUIRE(inside.ok());
  CHECK(inside->status == 200);
}

TEST_CASE("promtool check metrics accepts a live relay's /metrics") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  auto file = test::MakeCampaign(secretariat);
  auto campaign = ParseCampaignFile(file);
  REQUIRE(campaign.ok());
  test::RunningRelay relay(dir / "relay", {*campaign});
  // Some traffic first, so counters and the request log have moved.
  sync::HttpClient http;
  const std::string base = "http://127.0.0.1:" + std::to_string(relay.port);
  REQUIRE(http.Request("GET", base + "/v1/health", {}).ok());
  REQUIRE(http.Request("POST", base + "/v1/uploads", {"Tus-Resumable: 1.0.0", "Upload-Length: 3"}).ok());
  auto metrics = http.Request("GET", base + "/metrics", {});
  REQUIRE(metrics.ok());
  REQUIRE(metrics->status == 200);
  CHECK(metrics->body.find("staccs_relay_read_bytes_total") != std::string::npos);
  auto check = test::RunProcess({"promtool", "check", "metrics"}, {}, metrics->body);
  CHECK_MESSAGE(check.exit_code == 0, check.out << check.err);
  CHECK_MESSAGE(check.out.empty(), check.out);  // promtool prints lint problems on stdout
}
