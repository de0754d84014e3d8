// `staccs-cli collect` against what anyone with the public campaign file can send: a bundle
// it cannot record is set aside and the genuine ones are collected; hundreds of large bundles
// are collected with memory that does not grow with their number.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "kit_fixture.h"
#include "measured_cli.h"
#include "staccs/core/attachment_store.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/collection.h"
#include "staccs/core/received_log_store.h"
#include "stranger_bundle.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;  // NOLINT

namespace {

std::size_t CountLines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

struct Secretariat {
  test::TempDir dir;
  fs::path home = dir / "secretariat";
  Campaign campaign;
  Secretariat() {
    Kit kit = test::MakeKit(home);
    test::MakeCampaign(kit);
    campaign = CampaignStore(kit).List()->front();
  }
  // Stores bundles as a stick or relay would bring them; returns their ids.
  std::vector<std::string> Bring(const std::vector<SealedBundle>& bundles) {
    Kit kit = *Kit::Unlock(home, test::Pass());
    std::vector<std::string> ids;
    auto tx = Transaction::Begin(kit.db());
    REQUIRE(tx.ok());
    for (const auto& b : bundles) {
      auto put = BundleStore(kit).Put(b.bytes, /*own=*/false, nullptr, &b.id);
      REQUIRE_MESSAGE(put.ok(), test::Why(put));
      ids.push_back(b.id_hex());
    }
    REQUIRE(tx->Commit().ok());
    return ids;
  }
};

}  // namespace

TEST_CASE("a poison bundle among genuine ones is set aside with its reason and every genuine one is collected") {
  Secretariat s;
  const Campaign& c = s.campaign;
  // Correctly sealed and signed, by strangers: content that is not UTF-8 (nlohmann's dump()
  // threw on it and every later collect aborted) and content that is not a submission.
  const std::vector<SealedBundle> bundles = {
      test::SealAsStranger(c, test::HonestContent(c, "the first genuine answer")),
      test::SealAsStranger(c, AsBytes(std::string("{\"answers\":[{\"q\":\"q1\",\"text\":\"caf\xe9\"}]}"))),
      test::SealAsStranger(c, AsBytes(std::string("{\"answers\":5}"))),
      test::SealAsStranger(c, test::HonestContent(c, "the second genuine answer"))};
  auto ids = s.Bring(bundles);
  const std::string genuine1 = ids[0], not_utf8 = ids[1], not_schema = ids[2], genuine2 = ids[3];

  auto collect = test::RunCli(s.home, {"collect"});
  REQUIRE_MESSAGE(collect.exit_code == 0, collect.err);
  CHECK(collect.out.find("opened 2 bundles, rejected 2") != std::string::npos);
  CHECK(collect.err.find("set aside: bundle " + not_utf8.substr(0, 12)) != std::string::npos);
  CHECK(collect.err.find("set aside: bundle " + not_schema.substr(0, 12)) != std::string::npos);
  CHECK(collect.err.find("see 'staccs-cli set-aside list'") != std::string::npos);
  {
    Kit kit = *Kit::Unlock(s.home, test::Pass());
    std::size_t received = 0;
    auto walked = ForEachReceivedRevision(
        kit, c.id_hex(), [&](const ReceivedSubmission&) -> Status { return ++received, Status{}; },
        [](const std::string&, const Error&) {});
    REQUIRE(walked.ok());
    CHECK(received == 2);
    auto log = ReceivedLogStore(kit).Get(c.id_hex());
    REQUIRE((log.ok() && log->has_value()));
    CHECK((*log)->entries.size() == 2);
    for (const auto& e : (*log)->entries) CHECK((ToHex(e.bundle_id) == genuine1 || ToHex(e.bundle_id) == genuine2));
  }
  // Nothing pending is left to stumble on: the next collect opens nothing and rejects nothing.
  auto again = test::RunCli(s.home, {"collect"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(again.out.find("opened 0 bundles, rejected 0") != std::string::npos);

  auto list = test::RunCli(s.home, {"set-aside", "list"});
  REQUIRE(list.exit_code == 0);
  CHECK(CountLines(list.out) == 2);
  CHECK(list.out.find(not_utf8 + "\t") != std::string::npos);
  CHECK(list.out.find("not a submission") != std::string::npos);

  // Discarded: gone from the list, and the same bytes arriving again stay dropped.
  auto discard = test::RunCli(s.home, {"set-aside", "discard", not_utf8.substr(0, 12)});
  REQUIRE_MESSAGE(discard.exit_code == 0, discard.err);
  CHECK(CountLines(test::RunCli(s.home, {"set-aside", "list"}).out) == 1);
  s.Bring({bundles[1]});
  {
    Kit kit = *Kit::Unlock(s.home, test::Pass());
    auto bytes = BundleStore(kit).Read(not_utf8);
    CHECK_FALSE(bytes.ok());
  }
  // Retried: pending again, and set aside again by the next collect.
  REQUIRE(test::RunCli(s.home, {"set-aside", "retry", not_schema.substr(0, 12)}).exit_code == 0);
  CHECK(CountLines(test::RunCli(s.home, {"set-aside", "list"}).out) == 0);
  auto retried = test::RunCli(s.home, {"collect"});
  CHECK(retried.out.find("opened 0 bundles, rejected 1") != std::string::npos);
  // A bundle that is not set aside cannot be discarded that way.
  auto wrong = test::RunCli(s.home, {"set-aside", "discard", genuine1.substr(0, 12)});
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err.find("is not set aside") != std::string::npos);
}

// An envelope a carrier accepts: the campaign's id in a well-formed header, the right size,
// and bytes nobody can open (a stranger's). `n` makes each one its own bundle.
SealedBundle StrangersEnvelope(const Campaign& campaign, Bytes& body, std::uint32_t n) {
  test::StampEnvelopeHeader(body, campaign);
  std::memcpy(body.data() + 200, &n, sizeof n);
  SealedBundle b;
  b.bytes = body;
  b.id = crypto::Blake2b256(b.bytes);
  return b;
}

TEST_CASE("collect goes through 200 pending 4 MiB envelopes with peak memory that does not grow with their number") {
  Secretariat s;
  // Mostly envelopes from strangers (carriers accept them; nobody can open them), and a few
  // genuine 4 MiB bundles among them, streamed through to the end.
  const Bytes attachment = crypto::RandomBytes((4u << 20) - 8192);
  const crypto::Hash32 hash = crypto::Blake2b256(attachment);
  const Bytes content = test::HonestContent(s.campaign, "see the report attached");
  Bytes body = crypto::RandomBytes(4u << 20);
  std::uint32_t n = 0;
  auto make = [&](int envelopes, int genuine) {
    std::vector<SealedBundle> out;
    for (int i = 0; i < envelopes; ++i) out.push_back(StrangersEnvelope(s.campaign, body, ++n));
    for (int i = 0; i < genuine; ++i)
      out.push_back(test::SealAsStranger(s.campaign, content, BundleType::kSubmission, &attachment, &hash));
    REQUIRE(out.back().bytes.size() == (4u << 20));
    return out;
  };
  s.Bring(make(18, 2));
  long peak_few = 0, peak_many = 0;
  auto first = test::RunCliMeasured(s.home, {"collect"}, peak_few);
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(first.out.find("opened 2 bundles, rejected 18") != std::string::npos);

  for (int batch = 0; batch < 4; ++batch) s.Bring(make(48, 2));  // 200 more: 800 MiB pending
  auto second = test::RunCliMeasured(s.home, {"collect"}, peak_many);
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  CHECK(second.out.find("opened 8 bundles, rejected 192") != std::string::npos);
  MESSAGE("peak RSS of collect: " << peak_few / 1024 << " MiB for 20 pending, " << peak_many / 1024
                                   << " MiB for 200 (800 MiB pending)");
  // A bound that does not depend on how many are pending: a few bundles' worth at most.
  if (test::kMemoryIsMeasurable) {
    CHECK(peak_many < 48 * 1024);
    CHECK(peak_many < peak_few + 8 * 1024);
  }
}

TEST_CASE("collect opens a 64 MiB bundle without ever holding it whole in memory") {
  Secretariat s;
  const Bytes attachment = crypto::RandomBytes(kBundleMaxSize - (1u << 20));
  const crypto::Hash32 hash = crypto::Blake2b256(attachment);
  const std::string id = s.Bring({test::SealAsStranger(s.campaign, test::HonestContent(s.campaign, "a large report"),
                                                       BundleType::kSubmission, &attachment, &hash)})
                             .front();
  long peak = 0;
  auto r = test::RunCliMeasured(s.home, {"collect"}, peak);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("opened 1 bundles, rejected 0") != std::string::npos);
  MESSAGE("peak RSS of collect for one bundle of " << kBundleMaxSize / (1 << 20) << " MiB: " << peak / 1024 << " MiB");
  if (test::kMemoryIsMeasurable) CHECK(peak < 48 * 1024);  // less than the bundle, let alone its attachment
  Kit kit = *Kit::Unlock(s.home, test::Pass());
  auto held = ReceivedAttachments(kit, id);
  REQUIRE(held.ok());
  REQUIRE(held->size() == 1);
  CHECK(held->front().hash == hash);
}
