// SPEC §7 "crash" for the relay as users run it: the real staccs-relay, killed with SIGKILL
// while clients upload over HTTP, 50 times. After each restart every receipt a client was
// given names a bundle the relay still holds, and a partial upload resumes from at least the
// offset the relay had acknowledged.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "flow_fixture.h"
#include "staccs/core/database.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/hash.h"
#include "staccs/sync/http_client.h"
#include "staccs/sync/relay_receipt.h"
#include "staccs/sync/relay_sync.h"
#include "staccs/sync/relay_store.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

// Starts the program with its output discarded; returns its pid.
pid_t Spawn(const std::vector<std::string>& argv) {
  const int null = ::open("/dev/null", O_WRONLY);
  const pid_t pid = test::StartProcess(argv, {}, -1, null, null);
  ::close(null);
  return pid;
}

bool WaitHealthy(const std::string& base) {
  for (int i = 0; i < 200; ++i) {
    sync::HttpClient http;
    auto res = http.Request("GET", base + "/v1/health", {});
    if (res && res->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::uint64_t Offset(const sync::HttpResponse& r) {
  const std::string v = r.Header("upload-offset");
  return v.empty() ? 0 : std::stoull(v);
}

}  // namespace

TEST_CASE("kill -9 of staccs-relay during HTTP uploads, 50 times: receipts hold and partial uploads resume") {
  test::Flow flow;
  Kit participant = flow.NewParticipant("uploader");
  std::vector<Bytes> small;
  for (int i = 0; i < 150; ++i) {
    auto e = flow.Submit(participant, "# q\nsmall answer " + std::to_string(i) + "\n");
    small.push_back(*BundleStore(participant).Read(e.bundle_id));
  }
  // Large bundles, sent one after another in 16 KiB PATCHes so most kills land mid-upload.
  std::vector<Bytes> bigs;
  for (int i = 0; i < 8; ++i) {
    auto entry = test::SubmitAnswer(participant, flow.campaign, std::string(1'100'000, static_cast<char>('a' + i)));
    bigs.push_back(*BundleStore(participant).Read(entry.bundle_id));
    REQUIRE(bigs.back().size() > (1u << 20));  // streams to disk: the resumable path
  }

  const fs::path campaign_file = flow.dir / "forum.stc";
  REQUIRE(platform::WriteFileAtomically(campaign_file, flow.campaign_file).ok());
  const fs::path data = flow.dir / "relay";
  auto relay_key = sync::RelayStore::LoadOrCreateKey(data);
  REQUIRE(relay_key.ok());
  const int port = test::FreePort();
  const std::string base = test::LoopbackUrl(port);
  const std::vector<std::string> argv = {STACCS_RELAY_PATH, "--data", data.string(), "--listen",
                                         "127.0.0.1:" + std::to_string(port), "--campaign", campaign_file.string()};
  const std::vector<std::string> tus = {"Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream"};

  std::vector<Bytes> receipts;     // every receipt a client was handed
  std::uint64_t acknowledged = 0;  // the current big upload's offset the relay last reported
  bool big_created = false;
  std::size_t next_small = 0, next_big = 0, resumed_checks = 0;
  auto big_id = [&] { return ToHex(crypto::Blake2b256(bigs[next_big])); };
  // The upload's capability (relay_sync.h): the client derives it again after each kill.
  const auto upload_key = crypto::SecretBytes::Random(32);
  auto big_token = [&] { return sync::UploadTokenFor(upload_key, base, big_id()); };
  auto big_url = [&] { return base + "/v1/uploads/" + big_token(); };
  std::mt19937 rng(77);
  for (int cycle = 0; cycle < 50; ++cycle) {
    CAPTURE(cycle);
    const pid_t relay = Spawn(argv);
    REQUIRE(WaitHealthy(base));

    // After a restart: everything receipted is still held, and the big upload is where the
    // relay last said it was (or further: bytes that landed before the kill, unacknowledged).
    {
      sync::HttpClient http;
      for (const auto& r : receipts) {
        auto parsed = sync::ParseReceipt(r, &*relay_key);
        REQUIRE(parsed.ok());
        auto held = http.Request("GET", base + "/v1/receipts/" + ToHex(parsed->bundle_id), {});
        REQUIRE(held.ok());
        REQUIRE_MESSAGE(held->status == 200, "a receipted bundle is gone after kill -9");
      }
      if (big_created) {
        auto head = http.Request("HEAD", big_url(), {"Tus-Resumable: 1.0.0"});
        REQUIRE(head.ok());
        if (head->status == 404) {
          // The last PATCH completed the upload; the kill took only its answer. The bundle
          // must then be held, with a receipt to fetch.
          auto held = http.Request("GET", base + "/v1/receipts/" + big_id(), {});
          REQUIRE(held.ok());
          REQUIRE(held->status == 200);
          receipts.emplace_back(held->body.begin(), held->body.end());
          ++next_big;
          big_created = false;
          acknowledged = 0;
        } else {
          REQUIRE(head->status == 200);
          CHECK(Offset(*head) >= acknowledged);
          acknowledged = Offset(*head);
          ++resumed_checks;
        }
      }
    }

    // Uploads until the kill lands: the big one in 64 KiB PATCHes, small ones whole.
    std::thread killer([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % 60));
      ::kill(relay, SIGKILL);
    });
    sync::HttpOptions quick;
    quick.total_timeout_seconds = 5;
    sync::HttpClient http(quick);
    for (;;) {
      if (next_big == bigs.size()) {
        // all large bundles are in
      } else if (!big_created) {
        auto res = http.Request("POST", base + "/v1/uploads",
                                {"Tus-Resumable: 1.0.0", "Upload-Length: " + std::to_string(bigs[next_big].size()),
                                 "Staccs-Bundle-Id: " + big_id(), "Staccs-Upload-Token: " + big_token()});
        if (!res) break;
        // 409: the creation landed before an earlier kill, its answer did not.
        REQUIRE_MESSAGE((res->status == 201 || res->status == 409), res->status << ": " << res->body);
        big_created = true;
        if (res->status == 409) {
          auto head = http.Request("HEAD", big_url(), {"Tus-Resumable: 1.0.0"});
          if (!head) break;
          acknowledged = Offset(*head);
        }
      } else {
        const Bytes& big = bigs[next_big];
        const std::size_t n = std::min<std::size_t>(16 * 1024, big.size() - acknowledged);
        auto headers = tus;
        headers.push_back("Upload-Offset: " + std::to_string(acknowledged));
        auto res = http.Request("PATCH", big_url(), headers, ByteView(big).subspan(acknowledged, n));
        if (!res) break;
        REQUIRE(res->status == 204);
        acknowledged = Offset(*res);
        if (!res->Header("staccs-receipt").empty()) {
          receipts.push_back(*FromHex(res->Header("staccs-receipt")));
          ++next_big;
          big_created = false;
          acknowledged = 0;
        }
      }
      if (next_small < small.size()) {
        const Bytes& b = small[next_small];
        auto headers = tus;
        headers.push_back("Upload-Length: " + std::to_string(b.size()));
        auto res = http.Request("POST", base + "/v1/uploads", headers, b);
        if (!res) break;
        REQUIRE(res->status == 201);
        receipts.push_back(*FromHex(res->Header("staccs-receipt")));
        ++next_small;
      } else if (next_big == bigs.size()) {
        break;
      }
    }
    killer.join();
    int status = 0;
    ::waitpid(relay, &status, 0);
  }
  MESSAGE("50 kill -9 cycles: " << receipts.size() << " receipts held, " << next_big << " of " << bigs.size()
                                << " large uploads finished, partial uploads resumed " << resumed_checks << " times");
  CHECK(receipts.size() > 20);
  CHECK(next_big >= 2);
  CHECK(resumed_checks >= 5);
  auto db = Database::Open(data / "relay.db", Durability::kFull);
  REQUIRE(db.ok());
  CHECK(db->IntegrityCheck().value() == "ok");
}
