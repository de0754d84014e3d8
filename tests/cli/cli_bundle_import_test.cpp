// `staccs-cli bundle import FILE` takes in one bundle file from any channel without holding it
// whole (issue 8): its peak memory is the same for a 4 MiB and a 64 MiB bundle.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>

#include "kit_fixture.h"
#include "staccs/core/bundle_store.h"
#include "staccs/crypto/random.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;  // NOLINT

namespace {

// Under AddressSanitizer freed memory sits in a quarantine and every byte has a shadow: peak
// memory says nothing about the program there. The release suite checks the bounds.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMemoryIsMeasurable = false;
#else
constexpr bool kMemoryIsMeasurable = true;
#endif

// An envelope a carrier accepts: the campaign's id in a well-formed header, `size` bytes that
// nobody can open.
void WriteEnvelope(const fs::path& path, const Campaign& campaign, std::size_t size) {
  Bytes body = crypto::RandomBytes(size);
  std::memcpy(body.data(), kBundleMagic, 8);
  Bytes version;
  PutU16(version, kBundleFormatVersion);
  std::memcpy(body.data() + 8, version.data(), 2);
  body[10] = body[11] = 0;
  std::memcpy(body.data() + 12, campaign.id.data(), 32);
  test::WriteFile(path, std::string(body.begin(), body.end()));
}

// staccs-cli under peak_rss; its peak resident memory in KiB through `peak_kib`.
test::ProcessResult RunCliMeasured(const fs::path& home, const std::vector<std::string>& args, long& peak_kib) {
  std::vector<std::string> argv = {STACCS_PEAK_RSS, test::CliPath(), "--home", home.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  test::ProcessResult r = test::RunProcess(argv, {{"STACCS_PASSPHRASE", test::kTestPassphrase}});
  const auto at = r.err.rfind("peak_rss_kib ");
  REQUIRE(at != std::string::npos);
  peak_kib = std::stol(r.err.substr(at + 13));
  return r;
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
  auto first = RunCliMeasured(carrier, {"bundle", "import", small.string()}, peak_small);
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(first.out.find("bundles: 1 new") != std::string::npos);
  auto second = RunCliMeasured(carrier, {"bundle", "import", large.string()}, peak_large);
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
  if (kMemoryIsMeasurable) {
    CHECK(peak_large < 48 * 1024);               // less than the bundle
    CHECK(peak_large < peak_small + 8 * 1024);  // and no more than for a bundle 16 times smaller
  }
}
