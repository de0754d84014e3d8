// SPEC §4/§7 for the relay, as a power cut tests it (issue 14): the real staccs-relay, on a
// folder tree that keeps only what was flushed, receives 30 uploads over HTTP (whole
// creation-with-upload requests and resumable tus uploads). Cut right after each receipt, at
// flush points and at random moments: every bundle receipted before the cut is held and reads
// back whole, the receipt key is the one printed, relay.db passes PRAGMA integrity_check, and
// what was not kept is reported lacking, so a client sends it again and gets a receipt.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "flow_fixture.h"
#include "power_cut.h"
#include "staccs/core/database.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/hash.h"
#include "staccs/sync/http_client.h"
#include "staccs/sync/relay_receipt.h"
#include "staccs/sync/relay_store.h"
#include "staccs/sync/relay_sync.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

constexpr int kUploads = 30;

std::string IdOf(const Bytes& b) { return ToHex(crypto::Blake2b256(b)); }

// A staccs-relay process on `data`, with `env` (the shim's, or none).
class RelayProcess {
 public:
  RelayProcess(const fs::path& data, const fs::path& campaign_file, const std::map<std::string, std::string>& env) {
    port_ = test::FreePort();
    const int null = ::open("/dev/null", O_WRONLY);
    pid_ = test::StartProcess({STACCS_RELAY_PATH, "--data", data.string(), "--listen", "127.0.0.1:" + std::to_string(port_),
                               "--campaign", campaign_file.string()},
                              env, -1, null, null);
    ::close(null);
  }
  ~RelayProcess() { Kill(); }
  std::string base() const { return test::LoopbackUrl(port_); }
  // Waits until it answers, or is gone (killed by the shim at a chosen flush).
  bool WaitReady() {
    for (int i = 0; i < 500; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        return false;
      }
      sync::HttpOptions quick;
      quick.connect_timeout_seconds = 1;
      quick.total_timeout_seconds = 1;
      sync::HttpClient http(quick);
      auto res = http.Request("GET", base() + "/v1/health", {});
      if (res && res->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }
  pid_t pid() const { return pid_; }
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
  }

 private:
  pid_t pid_ = 0;
  int port_ = 0;
};

struct RelayScenario {
  test::Flow flow;
  std::vector<Bytes> bundles;
  fs::path campaign_file = flow.dir / "forum.stc";

  RelayScenario() {
    Kit participant = flow.NewParticipant("uploader");
    for (int i = 0; i < kUploads; ++i)
      bundles.push_back(*BundleStore(participant).Read(test::SubmitAnswer(participant, flow.campaign, "upload " + std::to_string(i)).bundle_id));
    REQUIRE(platform::WriteFileAtomically(campaign_file, flow.campaign_file).ok());
  }

  crypto::SecretBytes upload_key = crypto::SecretBytes::Random(32);

  // Uploads bundle `i`: every fourth as a resumable tus upload (creation, then two PATCHes),
  // the rest whole. The receipt, or nothing if the relay went away.
  std::optional<Bytes> Upload(sync::HttpClient& http, const std::string& base, std::size_t i) {
    const Bytes& b = bundles[i];
    const std::vector<std::string> tus = {"Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream"};
    if (i % 4 != 3) {
      auto headers = tus;
      headers.push_back("Upload-Length: " + std::to_string(b.size()));
      auto res = http.Request("POST", base + "/v1/uploads", headers, b);
      if (!res || res->status != 201) return std::nullopt;
      return FromHex(res->Header("staccs-receipt")).value_or(Bytes{});
    }
    // The upload's name is a token only this client can derive (relay_sync.h), the same after a cut.
    const std::string token = sync::UploadTokenFor(upload_key, base, IdOf(b));
    auto created = http.Request("POST", base + "/v1/uploads",
                                {"Tus-Resumable: 1.0.0", "Upload-Length: " + std::to_string(b.size()), "Staccs-Bundle-Id: " + IdOf(b),
                                 "Staccs-Upload-Token: " + token});
    if (!created || (created->status != 201 && created->status != 409)) return std::nullopt;
    const std::string url = base + "/v1/uploads/" + token;
    std::size_t at = 0;
    if (created->status == 409) {
      // The upload outlived a cut (its files and flushed offset are durable): resume it.
      auto head = http.Request("HEAD", url, {"Tus-Resumable: 1.0.0"});
      if (!head || head->status != 200) return std::nullopt;
      at = std::stoull(head->Header("upload-offset"));
    }
    const std::size_t half = b.size() / 2;
    std::optional<Bytes> receipt;
    while (!receipt) {
      const std::size_t n = at < half ? half - at : b.size() - at;
      auto headers = tus;
      headers.push_back("Upload-Offset: " + std::to_string(at));
      auto res = http.Request("PATCH", url, headers, ByteView(b).subspan(at, n));
      if (!res || res->status != 204) return std::nullopt;
      if (!res->Header("staccs-receipt").empty()) receipt = FromHex(res->Header("staccs-receipt"));
      at += n;
      if (!receipt && at == b.size()) return std::nullopt;
    }
    return receipt;
  }

  // What the relay acknowledged before the cut.
  struct Acknowledged {
    std::string key;                  // printed by --print-key
    std::vector<std::string> receipted;  // bundle ids with a receipt
  };

  // --print-key, then the relay and its uploads; `after` runs after each receipt.
  Acknowledged Run(const test::PowerCutRoot& pc, const std::map<std::string, std::string>& env,
                   const std::function<void(const Acknowledged&)>& after = {},
                   std::optional<std::chrono::microseconds> kill_after = {}) {
    Acknowledged ack;
    const fs::path data = pc.root() / "relay";
    auto printed = test::RunProcess({STACCS_RELAY_PATH, "--print-key", "--data", data.string()}, env);
    if (printed.exit_code != 0) {
      REQUIRE(printed.exit_code == -1);  // killed at the chosen flush
      return ack;
    }
    ack.key = printed.out.substr(0, 64);
    RelayProcess relay(data, campaign_file, env);
    if (!relay.WaitReady()) return ack;
    std::thread killer;
    if (kill_after) killer = std::thread([pid = relay.pid(), d = *kill_after] {
      std::this_thread::sleep_for(d);
      ::kill(pid, SIGKILL);
    });
    sync::HttpOptions quick;
    quick.total_timeout_seconds = 5;
    sync::HttpClient http(quick);
    crypto::SigningPublicKey key{};
    const auto key_bytes = FromHex(ack.key);
    REQUIRE((key_bytes && key_bytes->size() == key.size()));
    std::copy(key_bytes->begin(), key_bytes->end(), key.begin());
    for (std::size_t i = 0; i < bundles.size(); ++i) {
      auto receipt = Upload(http, relay.base(), i);
      if (!receipt) break;
      auto parsed = sync::ParseReceipt(*receipt, &key);
      REQUIRE_MESSAGE(parsed.ok(), test::Why(parsed));
      REQUIRE(ToHex(parsed->bundle_id) == IdOf(bundles[i]));
      ack.receipted.push_back(IdOf(bundles[i]));
      if (after) after(ack);
    }
    if (killer.joinable()) killer.join();
    return ack;
  }

  // The image after the cut: everything receipted is held and whole, relay.db is intact, the
  // rest is reported lacking and, sent again, stored.
  void Check(const fs::path& image, const Acknowledged& ack, bool resend_over_http = false) {
    CAPTURE(image);
    const fs::path data = image / "relay";
    std::error_code ec;
    if (!fs::exists(data / "relay_key.bin", ec)) {
      REQUIRE_MESSAGE(ack.key.empty(), "the receipt key the relay printed is gone after the power cut");
      return;
    }
    if (fs::exists(data / "relay.db", ec)) {
      auto db = Database::Open(data / "relay.db", Durability::kFull);
      REQUIRE(db.ok());
      CHECK(db->IntegrityCheck().value() == "ok");
    }
    std::vector<std::string> all;
    for (const auto& b : bundles) all.push_back(IdOf(b));
    {
      auto store = sync::RelayStore::Open(data, {flow.campaign});
      REQUIRE_MESSAGE(store.ok(), test::Why(store));
      if (!ack.key.empty()) CHECK(ToHex((*store)->receipt_key()) == ack.key);
      auto lacking = (*store)->Lacks(ack.receipted);
      REQUIRE(lacking.ok());
      for (const auto& id : *lacking) CHECK_MESSAGE(false, "bundle " << id.substr(0, 12) << "… had a receipt and is gone");
      for (std::size_t i = 0; i < ack.receipted.size(); ++i) {
        auto held = (*store)->Read(ack.receipted[i]);
        REQUIRE_MESSAGE(held.ok(), test::Why(held));
        CHECK(IdOf(*held) == ack.receipted[i]);
      }
      if (!resend_over_http) {
        // What is lacking is sent again (as a client would, after asking) and stored.
        auto missing = (*store)->Lacks(all);
        REQUIRE(missing.ok());
        for (const auto& b : bundles)
          if (std::find(missing->begin(), missing->end(), IdOf(b)) != missing->end()) REQUIRE((*store)->Store(b).ok());
        CHECK((*store)->Lacks(all)->empty());
        return;
      }
    }
    // The same through the real relay on the image: /v1/lacks names what to send again.
    RelayProcess relay(data, campaign_file, {});
    REQUIRE(relay.WaitReady());
    sync::HttpClient http;
    std::string ids;
    for (const auto& id : all) ids += id + "\n";
    auto lacks = http.Request("POST", relay.base() + "/v1/lacks", {"Content-Type: text/plain"}, AsBytes(ids));
    REQUIRE(lacks.ok());
    REQUIRE(lacks->status == 200);
    std::set<std::string> lacking;
    for (std::size_t pos = 0; pos < lacks->body.size();) {
      const auto nl = lacks->body.find('\n', pos);
      lacking.insert(lacks->body.substr(pos, nl - pos));
      pos = nl == std::string::npos ? lacks->body.size() : nl + 1;
    }
    for (const auto& id : ack.receipted) CHECK_MESSAGE(!lacking.count(id), "/v1/lacks asks again for a receipted bundle");
    for (std::size_t i = 0; i < bundles.size(); ++i)
      if (lacking.count(IdOf(bundles[i]))) CHECK_MESSAGE(Upload(http, relay.base(), i).has_value(), "resend " << i);
    for (const auto& id : all) {
      auto r = http.Request("GET", relay.base() + "/v1/receipts/" + id, {});
      REQUIRE(r.ok());
      CHECK_MESSAGE(r->status == 200, "bundle " << id.substr(0, 12) << "… not held after it was sent again");
    }
  }
};

}  // namespace

TEST_CASE("a power cut right after each of 30 relay receipts loses no receipted bundle") {
  RelayScenario s;
  test::PowerCutRoot pc(s.flow.dir / "after");
  pc.Baseline();
  int cuts = 0;
  const auto ack = s.Run(pc, pc.Env(), [&](const RelayScenario::Acknowledged& so_far) {
    s.Check(pc.Cut(), so_far);
    ++cuts;
  });
  CHECK(ack.receipted.size() == kUploads);
  CHECK(cuts == kUploads);
  MESSAGE(pc.Flushes() << " flushes under the root for the relay's start and 30 uploads");
}

TEST_CASE("a power cut at flush points and moments while the relay receives uploads loses no receipted bundle") {
  RelayScenario s;
  std::uint64_t total = 0;
  std::chrono::microseconds took{};
  {
    test::PowerCutRoot dry(s.flow.dir / "dry");
    dry.Baseline();
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(s.Run(dry, dry.Env()).receipted.size() == kUploads);
    took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
    total = dry.Flushes();
  }
  std::mt19937 rng(test::CutSeed(4242));
  // The relay's start (folders, key, index, segment) flush by flush, then a sample of the rest.
  std::vector<std::uint64_t> points;
  for (std::uint64_t k = 1; k <= std::min<std::uint64_t>(total, 14); ++k) points.push_back(k);
  for (int i = 0; i < 8 * test::SoakFactor(); ++i) points.push_back(1 + rng() % total);
  int round = 0;
  for (std::uint64_t k : points) {
    CAPTURE(k);
    test::PowerCutRoot pc(s.flow.dir / ("at-" + std::to_string(k) + "-" + std::to_string(round)));
    pc.Baseline();
    const auto ack = s.Run(pc, pc.Env(k));
    s.Check(pc.Cut(), ack, /*resend_over_http=*/++round % 4 == 0);
  }
  for (int i = 0; i < 4 * test::SoakFactor(); ++i) {
    test::PowerCutRoot pc(s.flow.dir / ("moment-" + std::to_string(i)));
    pc.Baseline();
    const auto delay = std::chrono::microseconds(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(took.count())));
    CAPTURE(delay.count());
    const auto ack = s.Run(pc, pc.Env(), {}, delay);
    s.Check(pc.Cut(), ack, /*resend_over_http=*/i % 2 == 0);
  }
}

// tus promises that an offset the relay answered with 204 is kept: a client that resumes after
// the relay lost power asks HEAD and sends only the rest. Cut right after each such answer.
TEST_CASE("a power cut right after a tus PATCH was answered keeps the acknowledged offset") {
  RelayScenario s;
  test::PowerCutRoot pc(s.flow.dir / "patched");
  pc.Baseline();
  const fs::path data = pc.root() / "relay";
  auto printed = test::RunProcess({STACCS_RELAY_PATH, "--print-key", "--data", data.string()}, pc.Env());
  REQUIRE(printed.exit_code == 0);
  const std::string key_hex = printed.out.substr(0, 64);
  const std::vector<std::string> tus = {"Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream"};
  struct Partial {
    std::size_t bundle;
    std::string token;
    std::size_t acknowledged;
  };
  std::vector<Partial> partials;
  std::vector<fs::path> images;
  {
    RelayProcess relay(data, s.campaign_file, pc.Env());
    REQUIRE(relay.WaitReady());
    sync::HttpClient http;
    for (std::size_t i : {3u, 7u, 11u}) {
      const Bytes& b = s.bundles[i];
      const std::string token = sync::UploadTokenFor(s.upload_key, relay.base(), IdOf(b));
      auto created = http.Request("POST", relay.base() + "/v1/uploads",
                                  {"Tus-Resumable: 1.0.0", "Upload-Length: " + std::to_string(b.size()),
                                   "Staccs-Bundle-Id: " + IdOf(b), "Staccs-Upload-Token: " + token});
      REQUIRE(created.ok());
      REQUIRE(created->status == 201);
      auto headers = tus;
      headers.push_back("Upload-Offset: 0");
      const std::size_t half = b.size() / 2;
      auto res = http.Request("PATCH", relay.base() + "/v1/uploads/" + token, headers, ByteView(b).first(half));
      REQUIRE(res.ok());
      REQUIRE(res->status == 204);
      REQUIRE(res->Header("upload-offset") == std::to_string(half));
      partials.push_back({i, token, half});
      images.push_back(pc.Cut());  // the power fails the moment the 204 is out
    }
  }
  crypto::SigningPublicKey key{};
  const auto key_bytes = FromHex(key_hex);
  REQUIRE((key_bytes && key_bytes->size() == key.size()));
  std::copy(key_bytes->begin(), key_bytes->end(), key.begin());
  for (std::size_t cut = 0; cut < images.size(); ++cut) {
    CAPTURE(cut);
    RelayProcess relay(images[cut] / "relay", s.campaign_file, {});
    REQUIRE(relay.WaitReady());
    sync::HttpClient http;
    // Every upload acknowledged before this cut resumes where the relay said it was.
    for (std::size_t p = 0; p <= cut; ++p) {
      const Partial& part = partials[p];
      const Bytes& b = s.bundles[part.bundle];
      const std::string url = relay.base() + "/v1/uploads/" + part.token;
      auto head = http.Request("HEAD", url, {"Tus-Resumable: 1.0.0"});
      REQUIRE(head.ok());
      REQUIRE_MESSAGE(head->status == 200, "upload of bundle " << part.bundle << " is gone after the cut (HEAD " << head->status << ")");
      REQUIRE(head->Header("upload-offset") == std::to_string(part.acknowledged));
      auto headers = tus;
      headers.push_back("Upload-Offset: " + std::to_string(part.acknowledged));
      auto rest = http.Request("PATCH", url, headers, ByteView(b).subspan(part.acknowledged));
      REQUIRE(rest.ok());
      REQUIRE(rest->status == 204);
      const auto receipt = FromHex(rest->Header("staccs-receipt"));
      REQUIRE(receipt.has_value());
      auto parsed = sync::ParseReceipt(*receipt, &key);
      REQUIRE_MESSAGE(parsed.ok(), test::Why(parsed));
      CHECK(ToHex(parsed->bundle_id) == IdOf(b));
    }
  }
}
