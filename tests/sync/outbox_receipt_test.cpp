// A relay's receipt is only as good as the key that checks it: `staccs-cli outbox` says
// "unverified" for a receipt from a relay the campaign lists without a receipt key.
#include <doctest/doctest.h>

#include <filesystem>

#include "kit_fixture.h"
#include "relay_fixture.h"
#include "staccs/core/campaign_file.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;  // NOLINT

namespace {

// The outbox line of `bundle_id` that names `url`.
std::string OutboxLineFor(const std::string& out, const std::string& bundle_id, const std::string& url) {
  for (std::size_t at = 0; at < out.size();) {
    const std::size_t end = out.find('\n', at);
    const std::string line = out.substr(at, end - at);
    if (line.rfind(bundle_id, 0) == 0 && line.find("at relay " + url) != std::string::npos) return line;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return {};
}

}  // namespace

TEST_CASE("outbox shows a receipt no campaign key verified as unverified, and a verified one plainly") {
  test::TempDir dir;
  Kit secretariat = test::MakeKit(dir / "secretariat");
  const std::string keyless = test::LoopbackUrl(test::FreePort());
  const std::string keyed = test::LoopbackUrl(test::FreePort());
  Campaign content = ForumCallTemplate();
  content.relays.push_back({keyless, std::nullopt, std::nullopt});
  auto relay_key = sync::RelayStore::LoadOrCreateKey(dir / "keyed");
  REQUIRE(relay_key.ok());
  content.relays.push_back({keyed, *relay_key, std::nullopt});
  auto file = CampaignStore(secretariat).Create(content);
  REQUIRE(file.ok());
  const Campaign campaign = *ParseCampaignFile(*file);
  test::RunningRelay first(dir / "keyless", {campaign}, {}, std::stoi(keyless.substr(keyless.rfind(':') + 1)));
  test::RunningRelay second(dir / "keyed", {campaign}, {}, std::stoi(keyed.substr(keyed.rfind(':') + 1)));

  std::string bundle_id;
  {
    Kit participant = test::MakeParticipant(dir / "participant", *file);
    bundle_id = test::SubmitAnswer(participant, campaign, "a receipt to check").bundle_id;
  }
  for (const auto& url : {keyless, keyed}) {
    auto sent = test::RunCli(dir / "participant", {"sync", "--relay", url});
    REQUIRE_MESSAGE(sent.exit_code == 0, sent.err);
  }
  auto outbox = test::RunCli(dir / "participant", {"outbox", "--paths"});
  REQUIRE(outbox.exit_code == 0);
  const std::string unverified = OutboxLineFor(outbox.out, bundle_id, keyless);
  const std::string verified = OutboxLineFor(outbox.out, bundle_id, keyed);
  REQUIRE_MESSAGE(!unverified.empty(), outbox.out);
  REQUIRE_MESSAGE(!verified.empty(), outbox.out);
  CHECK(unverified.find("unverified") != std::string::npos);
  CHECK(verified.find("unverified") == std::string::npos);
}
