// The real staccs-relay stopped the way systemd and a terminal stop it (SIGTERM, SIGINT) while
// clients upload: it must exit 0, keep every bundle it receipted, and leave no write-ahead log
// behind (the last batch committed, the log checkpointed into relay.db). A relay that died by
// the signal instead would skip both, and systemd would count the stop as a failure.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <thread>

#include "flow_fixture.h"
#include "staccs/core/platform.h"
#include "staccs/sync/http_client.h"
#include "staccs/sync/relay_receipt.h"
#include "staccs/sync/relay_store.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

bool WaitHealthy(const std::string& base) {
  for (int i = 0; i < 500; ++i) {
    sync::HttpClient http;
    auto res = http.Request("GET", base + "/v1/health", {});
    if (res && res->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// Waits up to `seconds` for the child; returns its wait status, or -1 if it did not end.
int WaitFor(pid_t pid, int seconds) {
  for (int i = 0; i < seconds * 100; ++i) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

}  // namespace

TEST_CASE("SIGTERM or SIGINT during uploads stops staccs-relay with exit 0, its receipts kept and no -wal left") {
  test::Flow flow;
  Kit participant = flow.NewParticipant("uploader");
  std::vector<Bytes> bundles;
  for (int i = 0; i < 300; ++i) {
    auto e = flow.Submit(participant, "# q\nanswer " + std::to_string(i) + "\n");
    bundles.push_back(*BundleStore(participant).Read(e.bundle_id));
  }
  const fs::path campaign_file = flow.dir / "forum.stc";
  REQUIRE(platform::WriteFileAtomically(campaign_file, flow.campaign_file).ok());
  const fs::path data = flow.dir / "relay";
  auto relay_key = sync::RelayStore::LoadOrCreateKey(data);
  REQUIRE(relay_key.ok());

  std::deque<std::size_t> pending;  // bundles not yet receipted, in any run
  for (std::size_t i = 0; i < bundles.size(); ++i) pending.push_back(i);
  std::vector<Bytes> receipts;
  for (int sig : {SIGTERM, SIGINT, SIGTERM}) {
    CAPTURE(sig);
    const int port = test::FreePort();
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    const int null = ::open("/dev/null", O_WRONLY);
    const pid_t relay = test::StartProcess({STACCS_RELAY_PATH, "--data", data.string(), "--listen",
                                            "127.0.0.1:" + std::to_string(port), "--campaign", campaign_file.string()},
                                           {}, -1, null, null);
    ::close(null);
    REQUIRE(WaitHealthy(base));

    // Two clients upload whole bundles until the relay goes away; the signal lands mid-stream.
    std::mutex mu;
    std::atomic<bool> refused{false};
    std::atomic<int> sent_this_run{0};
    auto uploader = [&] {
      sync::HttpOptions quick;
      quick.total_timeout_seconds = 5;
      sync::HttpClient http(quick);
      for (;;) {
        std::size_t i;
        {
          std::lock_guard lock(mu);
          if (pending.empty()) return;
          i = pending.front();
          pending.pop_front();
        }
        auto res = http.Request("POST", base + "/v1/uploads",
                                {"Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream",
                                 "Upload-Length: " + std::to_string(bundles[i].size())},
                                bundles[i]);
        if (!res || res->status != 201) {
          if (res && res->status != 201 && res->status != 503) refused = true;
          std::lock_guard lock(mu);
          pending.push_back(i);  // not receipted: sent again in the next run
          return;
        }
        std::lock_guard lock(mu);
        receipts.push_back(*FromHex(res->Header("staccs-receipt")));
        ++sent_this_run;
      }
    };
    std::thread a(uploader), b(uploader);
    auto all_sent = [&] {
      std::lock_guard lock(mu);
      return pending.empty();
    };
    while (sent_this_run < 10 && !all_sent()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE_MESSAGE(!all_sent(), "every bundle was sent before the signal: make more of them");
    REQUIRE(::kill(relay, sig) == 0);
    a.join();
    b.join();
    const int status = WaitFor(relay, 20);
    REQUIRE_MESSAGE(status != -1, "the relay did not stop within 20 s of the signal");
    REQUIRE_MESSAGE(WIFEXITED(status), "the relay died by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK_FALSE(refused.load());
    CHECK_FALSE(fs::exists(data / "relay.db-wal"));
  }
  REQUIRE(receipts.size() >= 30);

  // Every receipt handed out names a bundle the relay still holds, verified with its key.
  const int port = test::FreePort();
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  const int null = ::open("/dev/null", O_WRONLY);
  const pid_t relay = test::StartProcess({STACCS_RELAY_PATH, "--data", data.string(), "--listen",
                                          "127.0.0.1:" + std::to_string(port), "--campaign", campaign_file.string()},
                                         {}, -1, null, null);
  ::close(null);
  REQUIRE(WaitHealthy(base));
  sync::HttpClient http;
  for (const auto& r : receipts) {
    auto parsed = sync::ParseReceipt(r, &*relay_key);
    REQUIRE(parsed.ok());
    auto held = http.Request("GET", base + "/v1/receipts/" + ToHex(parsed->bundle_id), {});
    REQUIRE(held.ok());
    CHECK_MESSAGE(held->status == 200, "a receipted bundle is gone after a clean stop");
  }
  ::kill(relay, SIGTERM);
  const int status = WaitFor(relay, 20);
  CHECK((status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0));
}
