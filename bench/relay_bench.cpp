// Relay and link figures (SPEC §6 "relay", "bad links", "idle sync"), each beside its
// baseline in the same run:
//   - resume overhead: a 1 MiB bundle sent directly and through a proxy that cuts every
//     connection after 32 KiB (bytes at the proxy and wall time, as ratios);
//   - a 50 KB bundle through a shaping proxy (240 kbit/s, 840 ms round trip): HTTP
//     exchanges and wall time, beside the time the link itself needs for those bytes;
//   - idle sync: requests and HTTP bytes when there is nothing to send.
// The relay-vs-nginx throughput comparison is bench/relay_vs_nginx.sh, which uses
// `relay_bench make-load` to prepare its bundles.
//
//   build/release/bench/relay_bench [links]
//   build/release/bench/relay_bench make-load DIR COUNT
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "cutting_proxy.h"
#include "relay_http_server.h"
#include "shaping_proxy.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/received_log.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/random.h"
#include "staccs/crypto/sealed_box.h"
#include "staccs/sync/relay_sync.h"
#include "staccs/crypto/hash.h"

using namespace staccs;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// A campaign with fresh keys, its relays given later.
struct BenchCampaign {
  crypto::SigningKeyPair signing = crypto::SigningKeyPair::Generate();
  crypto::SigningKeyPair pull = crypto::SigningKeyPair::Generate();
  crypto::SigningKeyPair author = crypto::SigningKeyPair::Generate();
  crypto::BoxKeyPair encryption = crypto::BoxKeyPair::Generate();
  core::Campaign campaign = core::ForumCallTemplate();

  BenchCampaign() {
    campaign.signing_key = signing.public_key();
    campaign.pull_key = pull.public_key();
    campaign.encryption_key = encryption.public_key();
    campaign.id = core::CampaignIdFor(campaign.signing_key);
    campaign.pull_certificate = signing.Sign(crypto::SignatureDomain::kPullSubkeyCert, core::kCampaignFormatVersion,
                                             core::PullCertificateMessage(campaign.id, campaign.pull_key));
  }
  Bytes Bundle(std::size_t content_bytes) const {
    core::BundleContents c;
    crypto::FillRandom(c.submission_id.data(), c.submission_id.size());
    c.created_unix = platform::UnixTimeNow();
    c.author_key = author.public_key();
    crypto::FillRandom(c.ack_secret.data(), c.ack_secret.size());
    c.content = Bytes(content_bytes, 'a');
    auto sealed = core::SealBundle(c, campaign, author);
    if (!sealed) throw std::runtime_error(sealed.error().message);
    return std::move(sealed->bytes);
  }
};

// Bundles held in memory, sent by the same engine as a kit's.
class MemoryCarrier : public sync::Carrier {
 public:
  explicit MemoryCarrier(const core::Campaign& c) : campaign_(c) {}
  void Add(Bytes bundle) {
    const std::string id = ToHex(crypto::Blake2b256(bundle));
    bundles_.emplace_back(id, std::move(bundle));
  }
  Result<std::vector<std::string>> CampaignsToSend() override {
    if (receipted_.size() == bundles_.size()) return std::vector<std::string>{};
    return std::vector<std::string>{campaign_.id_hex()};
  }
  Result<std::size_t> CountToSend(const std::string&) override { return bundles_.size() - receipted_.size(); }
  // The cursor is the bundle's place in bundles_, plus one.
  Result<std::vector<Item>> ToSend(const std::string&, std::int64_t after, std::size_t limit) override {
    std::vector<Item> out;
    for (std::size_t i = static_cast<std::size_t>(std::max<std::int64_t>(after, 0)); i < bundles_.size() && out.size() < limit; ++i)
      if (!receipted_.count(bundles_[i].first))
        out.push_back({bundles_[i].first, campaign_.id_hex(), true, static_cast<std::int64_t>(i) + 1});
    return out;
  }
  // The first bundle, for its size.
  const std::string& FirstId() const { return bundles_.front().first; }
  Result<Bytes> Read(const std::string& id) override {
    for (const auto& [i, bytes] : bundles_)
      if (i == id) return bytes;
    return Error::Local("no such bundle");
  }
  Result<core::Campaign> CampaignFor(const std::string&) override { return campaign_; }
  Status Receipted(const Item& item, const std::string&, bool) override {
    receipted_.insert(item.id);
    return {};
  }
  Status OfferLog(ByteView file, sync::SyncReport&) override {
    held_log_ = Bytes(file.begin(), file.end());
    return {};
  }
  std::optional<Bytes> HeldLog(const std::string&) override { return held_log_; }
  // No campaign file: the bench measures bundles, and a carrier without one puts nothing.
  std::optional<Bytes> HeldCampaignFile(const std::string&) override { return std::nullopt; }
  Status OfferCampaignFile(ByteView, sync::SyncReport&) override { return {}; }
  const crypto::SecretBytes& UploadKey() override { return upload_key_; }

 private:
  crypto::SecretBytes upload_key_ = crypto::SecretBytes::Random(32);
  core::Campaign campaign_;
  std::vector<std::pair<std::string, Bytes>> bundles_;
  std::set<std::string> receipted_;
  std::optional<Bytes> held_log_;
};

// A relay served in this process, counting the requests it answers.
struct BenchRelay {
  std::unique_ptr<sync::RelayService> service;
  std::unique_ptr<sync::RelayHttpServer> server;
  std::thread thread;
  int port = 0;
  std::atomic<std::size_t> requests{0};

  BenchRelay(const fs::path& dir, const core::Campaign& campaign) {
    auto s = sync::RelayService::Open(dir, {campaign});
    if (!s) throw std::runtime_error(s.error().message);
    service = std::move(s).value();
    sync::RelayHttpOptions options;
    options.log = [this](const std::string&) { ++requests; };
    server = std::make_unique<sync::RelayHttpServer>(*service, options);
    port = *server->Bind("127.0.0.1", 0);
    thread = std::thread([this] { server->Serve(); });
  }
  ~BenchRelay() {
    server->Stop();
    thread.join();
  }
};

struct Sent {
  double seconds = 0;
  std::size_t requests = 0;
  std::uint64_t proxy_bytes = 0;
};

// Sends what `carrier` holds to `relay_port` through a proxy listening on `via_port`.
Sent SendVia(MemoryCarrier& carrier, BenchRelay& relay, int via_port, const std::function<std::uint64_t()>& bytes,
             bool fetch_logs = false) {
  sync::SyncOptions options;
  options.relay = "http://127.0.0.1:" + std::to_string(via_port);
  options.fetch_logs_always = fetch_logs;
  options.campaigns_for_logs = {relay.service->store().campaigns().front().id_hex()};
  const std::size_t before = relay.requests;
  const std::uint64_t bytes_before = bytes();
  const auto start = Clock::now();
  auto report = sync::SendBundles(carrier, options);
  if (!report) throw std::runtime_error(report.error().message);
  return {Seconds(Clock::now() - start), relay.requests - before, bytes() - bytes_before};
}

int Links() {
  const fs::path tmp = fs::temp_directory_path() / ("staccs-relay-bench-" + crypto::RandomId().substr(0, 8));
  struct Cleanup {
    fs::path p;
    ~Cleanup() { fs::remove_all(p); }
  } cleanup{tmp};
  BenchCampaign bc;
  BenchRelay relay(tmp / "relay", bc.campaign);

  // 1. Resume overhead: 1 MiB direct, then a different 1 MiB bundle through 32 KiB cuts.
  {
    test::CuttingProxy counting(relay.port, 1ull << 40);
    test::CuttingProxy cutting(relay.port, 32 * 1024);
    MemoryCarrier direct(bc.campaign), cut(bc.campaign);
    direct.Add(bc.Bundle(900'000));
    cut.Add(bc.Bundle(900'000));
    const double size = static_cast<double>(direct.Read(direct.FirstId())->size());
    auto d = SendVia(direct, relay, counting.port(), [&] { return counting.bytes_forwarded(); });
    auto c = SendVia(cut, relay, cutting.port(), [&] { return cutting.bytes_forwarded(); });
    std::printf("resume: 1 MiB bundle, link cut every 32 KiB\n");
    std::printf("  direct        %7.3f s  %3zu requests  %8llu bytes (%.3fx the bundle)\n", d.seconds, d.requests,
                static_cast<unsigned long long>(d.proxy_bytes), static_cast<double>(d.proxy_bytes) / size);
    std::printf("  cut           %7.3f s  %3zu requests  %8llu bytes (%.3fx the bundle) over %d connections\n",
                c.seconds, c.requests, static_cast<unsigned long long>(c.proxy_bytes),
                static_cast<double>(c.proxy_bytes) / size, cutting.connections());
    std::printf("  ratio cut/direct: bytes %.3f, time %.2f\n\n",
                static_cast<double>(c.proxy_bytes) / static_cast<double>(d.proxy_bytes), c.seconds / d.seconds);
  }
  // 2. A 50 KB bundle over 240 kbit/s with an 840 ms round trip.
  {
    const std::uint64_t rate = 240'000 / 8;
    test::ShapingProxy link(relay.port, rate, std::chrono::milliseconds(420));
    MemoryCarrier carrier(bc.campaign);
    carrier.Add(bc.Bundle(45'000));
    const auto size = carrier.Read(carrier.FirstId())->size();
    auto s = SendVia(carrier, relay, link.port(), [&] { return link.bytes_forwarded(); });
    // What the link itself needs: one round trip per exchange and the bundle at the link's
    // rate (the proxy does not model the TCP handshake).
    const double floor = 0.84 * static_cast<double>(s.requests) + static_cast<double>(size) / rate;
    std::printf("bad link: %zu-byte bundle at 240 kbit/s, 840 ms round trip\n", size);
    std::printf("  %zu HTTP exchanges, %.2f s wall, %llu bytes on the link; the link's floor for them %.2f s (%.2fx)\n\n",
                s.requests, s.seconds, static_cast<unsigned long long>(s.proxy_bytes), floor, s.seconds / floor);
  }
  // 3. Idle sync: the log is published; the first sync fetches it, the next asks and gets 304.
  {
    test::CuttingProxy counting(relay.port, 1ull << 40);
    MemoryCarrier carrier(bc.campaign);
    carrier.Add(bc.Bundle(2'000));
    auto first = SendVia(carrier, relay, counting.port(), [&] { return counting.bytes_forwarded(); });
    core::ReceivedLog log{bc.campaign.id, 1, {}};
    if (!relay.service->PutReceivedLog(bc.campaign.id_hex(), core::WriteReceivedLog(log, bc.pull)))
      throw std::runtime_error("cannot publish the received-log");
    auto fetch = SendVia(carrier, relay, counting.port(), [&] { return counting.bytes_forwarded(); }, true);
    auto idle = SendVia(carrier, relay, counting.port(), [&] { return counting.bytes_forwarded(); }, true);
    std::printf("sync: 1 new bundle %zu requests (%llu bytes); new received-log %zu request (%llu bytes); "
                "idle %zu request (%llu bytes of HTTP, plain HTTP: no TLS bytes)\n",
                first.requests, static_cast<unsigned long long>(first.proxy_bytes), fetch.requests,
                static_cast<unsigned long long>(fetch.proxy_bytes), idle.requests,
                static_cast<unsigned long long>(idle.proxy_bytes));
  }
  return 0;
}

// Writes DIR/campaign.stc and DIR/bundles.bin: COUNT distinct bundles of one padded size, one
// after another, for the wrk script of relay_vs_nginx.sh. Prints the bundle size.
int MakeLoad(const fs::path& dir, std::size_t count) {
  BenchCampaign bc;
  fs::create_directories(dir);
  auto file = core::WriteCampaignFile(bc.campaign, bc.signing);
  std::ofstream(dir / "campaign.stc", std::ios::binary).write(reinterpret_cast<const char*>(file.data()),
                                                              static_cast<std::streamsize>(file.size()));
  std::ofstream out(dir / "bundles.bin", std::ios::binary);
  std::size_t size = 0;
  for (std::size_t i = 0; i < count; ++i) {
    Bytes b = bc.Bundle(3'000);  // pads to the smallest bundle, 16 KiB
    if (size == 0) size = b.size();
    if (b.size() != size) throw std::runtime_error("bundle sizes differ");
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
  std::printf("%zu\n", size);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc == 4 && std::strcmp(argv[1], "make-load") == 0)
      return MakeLoad(argv[2], static_cast<std::size_t>(std::stoull(argv[3])));
    if (argc == 1 || (argc == 2 && std::strcmp(argv[1], "links") == 0)) return Links();
    std::fprintf(stderr, "usage: relay_bench [links] | relay_bench make-load DIR COUNT\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "relay_bench: %s\n", e.what());
    return 4;
  }
}
