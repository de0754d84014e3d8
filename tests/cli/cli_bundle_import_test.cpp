// `staccs-cli bundle import FILE` takes in one bundle file from any channel without holding it
// whole (issue 8): its peak memory is the same for a 4 MiB and a 64 MiB bundle.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>

#include "kit_fixture.h"
#include "measured_cli.h"
#include "stranger_bundle.h"
#include "staccs/core/bundle_store.h"
#include "staccs/crypto/random.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;  // NOLINT

namespace {

// An envelope a carrier accepts: the campaign's id in a well-formed header, `size` bytes that
// nobody can open.
void WriteEnvelope(const fs::path& path, const Campaign& campaign, std::size_t size) {
  Bytes body = crypto::RandomBytes(size);
  test::StampEnvelopeHeader(body, campaign);
  test::WriteFile(path, std::string(body.begin(), body.end()));
}

}  // namespace

TEST_CASE("bundle import streams a 64 MiB bundle file with the peak memory of a 4 MiB one") {
  test::TempDir dir;
  Campaign campaign;
  const fs::path carrier = dir / "carrier";
  {
    Kit secretariat = test::MakeKit(dir / "secretariat");
    const Bytes campaign_file = test::MakeCampaign(secretariat);
    campaign = CampaignStore(secretariat).List()->front();
    test::MakeParticipant(carrier, campaign_file);  // an organiser's kit: holds the campaign, cannot open bundles
  }
  const fs::path small = dir / "small.stb", large = dir / "large.stb";
  WriteEnvelope(small, campaign, 4u << 20);
  WriteEnvelope(large, campaign, kBundleMaxSize);

  long peak_small = 0, peak_large = 0;
  auto first = test::RunCliMeasured(carrier, {"bundle", "import", small.string()}, peak_small);
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(first.out.find("bundles: 1 new") != std::string::npos);
  auto second = test::RunCliMeasured(carrier, {"bundle", "import", large.string()}, peak_large);
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  CHECK(second.out.find("bundles: 1 new") != std::string::npos);
  MESSAGE("peak RSS of bundle import: " << peak_small / 1024 << " MiB for 4 MiB, " << peak_large / 1024
                                         << " MiB for " << kBundleMaxSize / (1 << 20) << " MiB");
  // Stored whole and intact, though never held whole.
  {
    Kit kit = *Kit::Unlock(carrier, test::Pass());
    auto held = BundleStore(kit).List();
    REQUIRE(held.ok());
    CHECK(held->size() == 2);
  }
  // The same file again is a duplicate, found without storing it twice.
  auto again = test::RunCli(carrier, {"bundle", "import", large.string()});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("1 already held") != std::string::npos);
  if (test::kMemoryIsMeasurable) {
    CHECK(peak_large < 48 * 1024);               // less than the bundle
    CHECK(peak_large < peak_small + 8 * 1024);  // and no more than for a bundle 16 times smaller
  }
}
