// Issue 8, "strangers must not park data or touch others' uploads": an upload's URL is a
// capability only its uploader can derive, partial uploads count against the disk quota, are
// refused as soon as their first bytes name a campaign the relay does not serve, and expire
// when idle.
#include <doctest/doctest.h>

#include <filesystem>

#include "cutting_proxy.h"
#include "flow_fixture.h"
#include "raw_http.h"
#include "relay_config.h"
#include "relay_fixture.h"
#include "staccs/core/platform.h"
#include "staccs/sync/relay_sync.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;
using staccs::test::RawConnection;
using staccs::test::RawExchange;
using staccs::test::RunningRelay;

namespace {

Bytes BundleOf(test::Flow& flow, const std::string& who, std::size_t answer_bytes = 40) {
  Kit kit = flow.NewParticipant(who);
  auto e = test::SubmitAnswer(kit, flow.campaign, std::string(answer_bytes, 'u'));
  return *BundleStore(kit).Read(e.bundle_id);
}

std::string Creation(std::size_t length, std::string_view body, const std::string& extra = "") {
  return "POST /v1/uploads HTTP/1.1\r\nHost: relay\r\nTus-Resumable: 1.0.0\r\nUpload-Length: " + std::to_string(length) +
         "\r\nContent-Type: application/offset+octet-stream\r\n" + extra + "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

std::string Head(const std::string& location) {
  return "HEAD " + location + " HTTP/1.1\r\nHost: relay\r\nTus-Resumable: 1.0.0\r\n\r\n";
}

std::size_t FilesIn(const fs::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a stranger holding the bundle can neither find, probe, spoil nor pre-empt its upload") {
  test::Flow flow;
  const Bytes bundle = BundleOf(flow, "owner");
  const std::string bundle_id = ToHex(crypto::Blake2b256(bundle));
  RunningRelay relay(flow.dir / "relay", {flow.campaign});
  const std::string base = test::LoopbackUrl(relay.port);

  // The owner's upload is named by a token from its own secret: the same for the same bundle
  // and relay, another for another relay or another sender.
  const auto owner_key = crypto::SecretBytes::Random(32);
  const std::string token = sync::UploadTokenFor(owner_key, base, bundle_id);
  CHECK(token.size() == 32);
  CHECK(sync::UploadTokenFor(owner_key, base + "/", bundle_id) == token);
  CHECK(sync::UploadTokenFor(owner_key, "http://elsewhere", bundle_id) != token);
  CHECK(sync::UploadTokenFor(crypto::SecretBytes::Random(32), base, bundle_id) != token);
  auto created = RawExchange(relay.port, Creation(bundle.size(), AsChars(bundle).substr(0, 4000),
                                                  "Staccs-Upload-Token: " + token + "\r\nStaccs-Bundle-Id: " + bundle_id + "\r\n"));
  REQUIRE(created.status == 201);
  CHECK(created.Get("Location") == "/v1/uploads/" + token);

  // What the stranger can name from the bundle's bytes leads nowhere: no upload is there.
  const std::string guess = "/v1/uploads/" + bundle_id.substr(0, 32);
  CHECK(RawExchange(relay.port, Head(guess)).status == 404);
  auto spoil = RawExchange(relay.port, "PATCH " + guess + " HTTP/1.1\r\nHost: r\r\nTus-Resumable: 1.0.0\r\n"
                                       "Upload-Offset: 4000\r\nContent-Type: application/offset+octet-stream\r\n"
                                       "Content-Length: 4\r\n\r\njunk");
  CHECK(spoil.status == 404);
  // Creating "its" upload first, with a wrong length, only makes the stranger an upload of
  // its own (under a random name); the owner's is untouched.
  auto pre_empt = RawExchange(relay.port, Creation(32768, "", "Staccs-Bundle-Id: " + bundle_id + "\r\n"));
  CHECK(pre_empt.status == 201);
  CHECK(pre_empt.Get("Location") != created.Get("Location"));
  auto owner = RawExchange(relay.port, Head("/v1/uploads/" + token));
  REQUIRE(owner.status == 200);
  CHECK(owner.Get("Upload-Offset") == "4000");
  CHECK(owner.Get("Upload-Length") == std::to_string(bundle.size()));

  // The real client, through a link that cuts every 4 KiB (so creations are cut before their
  // answers come back), still delivers: it resumes the upload it alone can name.
  const int port = relay.port;
  test::CuttingProxy proxy(port, 4096);
  test::Flow& f = flow;
  Kit participant = f.NewParticipant("cut-client");
  auto sealed = test::SubmitAnswer(participant, f.campaign, std::string(30'000, 'c'));
  const std::string stranger_copy = ToHex(crypto::Blake2b256(*BundleStore(participant).Read(sealed.bundle_id)));
  // The stranger pre-creates again, for this bundle, with a wrong length.
  REQUIRE(RawExchange(port, Creation(16384, "", "Staccs-Bundle-Id: " + stranger_copy + "\r\n")).status == 201);
  sync::SyncOptions via;
  via.relay = test::LoopbackUrl(proxy.port());
  auto report = sync::SendToRelays(participant, via);
  REQUIRE_MESSAGE(report.ok(), test::Why(report));
  CHECK(report->uploaded == 1);
  CHECK(report->not_sent == 0);
  CHECK(relay.service->Lacks(sealed.bundle_id + "\n")->empty());
  CHECK(proxy.connections() > 3);
}

TEST_CASE("partial uploads count against the quota, and more than it holds are refused") {
  test::Flow flow;
  sync::RelayLimits limits;
  limits.disk_quota_bytes = 1'000'000;
  RunningRelay relay(flow.dir / "relay", {flow.campaign}, limits);
  const Bytes big = BundleOf(flow, "big", 400'000);  // pads to 512 KiB
  REQUIRE(big.size() == 512 * 1024);

  // A creation whose length does not fit is refused at once: 507, nothing written.
  CHECK(RawExchange(relay.port, Creation(2u << 20, "")).status == 507);
  // One half-megabyte upload, most of it sent, is charged in full blocks of what it holds ...
  RawConnection first(relay.port);
  REQUIRE(first.Send(Creation(big.size(), AsChars(big).substr(0, 500'000))));
  REQUIRE(first.Read().status == 201);
  CHECK(relay.service->Metrics().find("staccs_relay_partial_upload_bytes 503808\n") != std::string::npos);
  // ... so a second one no longer fits, and neither does its parking by a stranger.
  CHECK(RawExchange(relay.port, Creation(big.size(), AsChars(big).substr(0, 1000))).status == 507);
  auto small = RawExchange(relay.port, Creation(16384, ""));
  CHECK(small.status == 201);  // a small one still fits
  // The quota holds across a restart: the partial uploads are counted again.
  relay.server->Stop();
  relay.thread.join();
  relay.server.reset();
  relay.service.reset();
  RunningRelay again(flow.dir / "relay", {flow.campaign}, limits);
  CHECK(again.service->Metrics().find("staccs_relay_partial_uploads 2\n") != std::string::npos);
  CHECK(RawExchange(again.port, Creation(big.size(), "")).status == 507);
}

TEST_CASE("an upload whose first bytes name a campaign this relay does not serve is dropped at once") {
  test::Flow flow, other;
  const Bytes foreign = BundleOf(other, "stranger", 1'500'000);  // over 1 MiB: streams to disk
  REQUIRE(foreign.size() > (1u << 20));
  RunningRelay relay(flow.dir / "relay", {flow.campaign});

  // The client announces the whole bundle and keeps sending; the relay answers 422 after the
  // header, keeps nothing, and closes the connection.
  RawConnection c(relay.port);
  REQUIRE(c.Send(Creation(foreign.size(), "").substr(0, Creation(foreign.size(), "").find("Content-Length")) +
                 "Content-Length: " + std::to_string(foreign.size()) + "\r\n\r\n"));
  (void)c.Send(AsChars(foreign).substr(0, 64 * 1024));
  auto a = c.Read();
  CHECK(a.status == 422);
  CHECK(a.body.find("not served by this relay") != std::string::npos);
  CHECK(c.ClosedWithin(std::chrono::milliseconds(3000)));
  CHECK(FilesIn(flow.dir / "relay" / "uploads") == 0);
  CHECK(relay.service->Metrics().find("staccs_relay_uploads_refused_early_total 1\n") != std::string::npos);

  // The same for bytes that are not a bundle at all, sent a few at a time over PATCHes.
  auto created = RawExchange(relay.port, Creation(16384, "STACCS"));
  REQUIRE(created.status == 201);
  auto rest = RawExchange(relay.port, "PATCH " + created.Get("Location") + " HTTP/1.1\r\nHost: r\r\nTus-Resumable: 1.0.0\r\n"
                                      "Upload-Offset: 6\r\nContent-Type: application/offset+octet-stream\r\n"
                                      "Content-Length: 60\r\n\r\n" + std::string(60, 'z'));
  CHECK(rest.status == 422);
  CHECK(RawExchange(relay.port, Head(created.Get("Location"))).status == 404);
  // A length that no bundle has is refused before anything is written.
  CHECK(RawExchange(relay.port, Creation(20000, "")).status == 422);
  CHECK(FilesIn(flow.dir / "relay" / "uploads") == 0);
}

TEST_CASE("partial uploads left idle expire after the configured time, and busy ones do not") {
  test::Flow flow;
  sync::RelayConfig config;
  REQUIRE(sync::ApplyRelayConfig("partial_upload_idle = 2h\nmax_partial_uploads = 3\n", config).ok());
  CHECK(config.limits.partial_idle_seconds == 7200);
  CHECK(config.limits.max_partial_uploads == 3);
  RunningRelay relay(flow.dir / "relay", {flow.campaign}, config.limits);
  const Bytes bundle = BundleOf(flow, "idle");
  auto idle = RawExchange(relay.port, Creation(bundle.size(), AsChars(bundle).substr(0, 3000)));
  REQUIRE(idle.status == 201);
  auto fresh = RawExchange(relay.port, Creation(bundle.size(), ""));
  REQUIRE(fresh.status == 201);
  REQUIRE(RawExchange(relay.port, Creation(bundle.size(), "")).status == 201);
  CHECK(RawExchange(relay.port, Creation(bundle.size(), "")).status == 507);  // at most 3 at once

  const std::int64_t now = platform::UnixTimeNow();
  CHECK(*relay.service->ExpireIdleUploads(now + 3600) == 0);  // an hour: not yet
  // One is written to meanwhile; two hours and a bit after the others were last touched,
  // only they go.
  {
    auto hold = relay.service->LockUpload(fresh.Get("Location").substr(12));
    CHECK(*relay.service->ExpireIdleUploads(now + 7300) == 2);
  }
  CHECK(RawExchange(relay.port, Head(idle.Get("Location"))).status == 404);
  CHECK(RawExchange(relay.port, Head(fresh.Get("Location"))).status == 200);
  CHECK(*relay.service->ExpireIdleUploads(now + 7300) == 1);
  CHECK(FilesIn(flow.dir / "relay" / "uploads") == 0);
  CHECK(relay.service->Metrics().find("staccs_relay_uploads_expired_total 3\n") != std::string::npos);
}
