// The publication at scale (issue 15): a real secretariat kit receives N real 16 KiB bundles
// (answers of ~700 words in four questions, every consent, revisions, practice records),
// collects them, and the real staccs-cli compiles every format. Per N and format: wall time
// and the child's peak RSS, beside a baseline in the same run (`staccs-cli campaign list` in
// the same kit: the process's floor), and the growth between sizes.
//
//   build/release/bench/publication_bench [--sizes 1000,10000,100000] [--keep DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/collection.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/practice.h"
#include "staccs/crypto/random.h"
#include "staccs/crypto/signing.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using staccs::bench::Die;
using staccs::bench::Must;

namespace {

constexpr const char* kPassphrase = "bench passphrase";

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Prose from a fixed vocabulary, Latin and Arabic, so answers look like answers to cmark.
std::string Prose(std::mt19937& rng, std::size_t words) {
  static const char* const kWords[] = {"the", "network", "operators", "kept", "links", "running", "during", "outages",
                                       "power", "fuel", "satellite", "backhaul", "civilians", "access", "registry",
                                       "**resilience**", "mesh", "community", "shutdowns", "repair", "المجتمع", "الشبكة",
                                       "الاتصال", "الطاقة", "*recovery*", "DNS", "IXP", "humanitarian"};
  std::string out;
  for (std::size_t i = 0; i < words; ++i) {
    out += kWords[rng() % std::size(kWords)];
    out += i % 90 == 89 ? ".\n\n" : (i % 15 == 14 ? ", " : " ");
  }
  return out;
}

struct ChildRun {
  double seconds = 0;
  double peak_mb = 0;
  int status = -1;
};

// Runs a program and reports its wall time, exit status and peak RSS (wait4's ru_maxrss).
// Linux counts into a child's ru_maxrss the memory of the process it was forked from, up to
// its exec; so the bench does not fork staccs-cli from itself (it holds a kit), but from a
// fresh copy of this program that holds nothing ("--measure"), whose own few MB are below
// any staccs-cli's.
int Measure(char** argv) {
  const auto start = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (std::freopen("/dev/null", "w", stdout) == nullptr) _exit(126);
    execv(argv[0], argv);
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (wait4(pid, &status, 0, &usage) != pid) return 1;
  std::printf("%.6f %ld %d\n", Seconds(Clock::now() - start), usage.ru_maxrss,
              WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0;
}

ChildRun RunCli(const fs::path& home, const std::vector<std::string>& args) {
  static const std::string self = fs::read_symlink("/proc/self/exe").string();
  std::string command = "exec '" + self + "' --measure '" STACCS_CLI_PATH "' --home '" + home.string() + "'";
  for (const auto& a : args) command += " '" + a + "'";
  setenv("STACCS_PASSPHRASE", kPassphrase, 1);
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) Die("cannot start " + command);
  ChildRun r;
  long kb = 0;
  if (std::fscanf(p, "%lf %ld %d", &r.seconds, &kb, &r.status) != 3) Die("no figures from " + command);
  pclose(p);
  r.peak_mb = static_cast<double>(kb) / 1024.0;
  return r;
}

struct Built {
  std::string campaign_id;
  std::size_t bundles = 0;
  double seconds = 0;
};

// N bundles: 10% practice records; of the submissions 60% attributed, 25% anonymous, 15% not
// published, and every tenth one revised once (its revision is one of the N).
Built BuildSecretariat(const fs::path& home, std::size_t n) {
  const auto start = Clock::now();
  CreateOptions o;
  o.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;
  std::string code;
  Kit kit = Must(Kit::Create(home, crypto::Passphrase::Copy(AsBytes(kPassphrase)), o, code), "create kit");
  CampaignStore campaigns(kit);
  Must(campaigns.Create(ForumCallTemplate()), "create campaign");
  const Campaign campaign = Must(campaigns.List(), "campaigns").front();
  std::mt19937 rng(15);
  const char* const kCountries[] = {"Sudan", "Chad", "Mali", "Syria", "Yemen", "Lebanon", "Libya", "Niger", "France", ""};
  const char* const kGroups[] = {"civil society", "technical community", "government", "private sector", "academia"};
  std::size_t made = 0;
  std::int64_t clock = 1'760'000'000;
  BundleStore store(kit);
  while (made < n) {
    auto tx = Must(Transaction::Begin(kit.db()), "begin");
    for (std::size_t batch = 0; batch < 2000 && made < n; ++batch) {
      auto author = crypto::SigningKeyPair::Generate();
      const bool practice = made % 10 == 9;
      const bool revised = !practice && made % 10 == 4 && made + 1 < n;
      BundleContents c;
      c.type = practice ? BundleType::kPractice : BundleType::kSubmission;
      Bytes id = crypto::RandomBytes(16);
      std::copy(id.begin(), id.end(), c.submission_id.begin());
      c.author_key = author.public_key();
      for (int rev = 1; rev <= (revised ? 2 : 1); ++rev) {
        c.revision = static_cast<std::uint32_t>(rev);
        c.created_unix = ++clock;
        Bytes ack = crypto::RandomBytes(32);
        std::copy(ack.begin(), ack.end(), c.ack_secret.begin());
        if (practice) {
          PracticeContent p;
          p.title = "Practice " + std::to_string(made) + ": " + Prose(rng, 6);
          p.description = Prose(rng, 150);
          p.phase = static_cast<Phase>(rng() % 5);
          p.actors = {"ISOC", "operators"};
          p.countries = {kCountries[rng() % 9]};
          p.sources = {"https://example.org/report-" + std::to_string(made)};
          c.content = EncodePracticeContent(p);
        } else {
          DraftContent d;
          const auto roll = static_cast<unsigned>(rng() % 100);
          d.consent = roll < 60 ? Consent::kPublishWithAttribution
                                : (roll < 85 ? Consent::kPublishAnonymously : Consent::kDoNotPublish);
          d.author = {"Contributor " + std::to_string(made), "Organisation " + std::to_string(made % 300),
                      kGroups[rng() % 5], kCountries[rng() % 10]};
          d.language = rng() % 4 == 0 ? "ar" : "en";
          for (const auto& q : campaign.questions) d.answers.push_back({q.id, Prose(rng, 175)});
          c.content = EncodeDraftContent(d);
        }
        auto sealed = Must(SealBundle(c, campaign, author), "seal");
        Must(store.Put(sealed.bytes, false, nullptr, &sealed.id), "put");
        ++made;
      }
    }
    Must(tx.Commit(), "commit");
    Must(CollectHeldBundles(kit), "collect");
  }
  return {campaign.id_hex(), made, Seconds(Clock::now() - start)};
}

std::vector<std::size_t> ParseSizes(const char* text) {
  std::vector<std::size_t> out;
  for (const char* p = text; *p;) {
    char* end = nullptr;
    const unsigned long v = std::strtoul(p, &end, 10);
    if (end == p || v == 0) Die("--sizes takes numbers like 1000,10000");
    out.push_back(v);
    p = *end == ',' ? end + 1 : end;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2 && std::strcmp(argv[1], "--measure") == 0) return Measure(argv + 2);
  std::vector<std::size_t> sizes = {1000, 10000};
  fs::path keep;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--sizes") == 0 && i + 1 < argc) sizes = ParseSizes(argv[++i]);
    else if (std::strcmp(argv[i], "--keep") == 0 && i + 1 < argc) keep = argv[++i];
    else Die("usage: publication_bench [--sizes 1000,10000,100000] [--keep DIR]");
  }
  const fs::path root = keep.empty() ? fs::temp_directory_path() / ("staccs-publication-bench-" + crypto::RandomId().substr(0, 8)) : keep;
  fs::create_directories(root);
  std::printf("STACCS publication benchmark: real kits, real 16 KiB bundles, the real staccs-cli\n\n");
  const char* const kFormats[] = {"html", "md", "csv", "json"};
  struct Row {
    std::size_t n;
    std::string what;
    ChildRun run;
  };
  std::vector<Row> rows;
  for (std::size_t n : sizes) {
    const fs::path dir = root / std::to_string(n);
    const fs::path home = dir / "secretariat";
    fs::create_directories(dir);
    const Built built = BuildSecretariat(home, n);
    std::printf("N = %zu: built and collected %zu bundles in %.1f s\n", n, built.bundles, built.seconds);
    std::fflush(stdout);
    rows.push_back({n, "baseline: campaign list", RunCli(home, {"campaign", "list"})});
    for (const char* f : kFormats) {
      const fs::path out = dir / (std::string("publication.") + f);
      ChildRun r = RunCli(home, {"compile", "--campaign", built.campaign_id.substr(0, 16), "--format", f, "--out", out.string()});
      if (r.status != 0) Die(std::string("compile --format ") + f + " failed at N = " + std::to_string(n));
      rows.push_back({n, std::string("compile ") + f, r});
    }
    std::uintmax_t bytes = 0;
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && e.path().filename().string().rfind("publication", 0) == 0) {
        bytes += e.file_size();
        ++files;
      }
    std::printf("       wrote %zu publication files, %.1f MB in all\n", files, static_cast<double>(bytes) / 1e6);
  }
  std::printf("\n| N | what | wall s | peak RSS MB | RSS / baseline |\n| --- | --- | --- | --- | --- |\n");
  std::map<std::size_t, double> baseline;
  for (const auto& r : rows)
    if (r.what.rfind("baseline", 0) == 0) baseline[r.n] = r.run.peak_mb;
  for (const auto& r : rows)
    std::printf("| %zu | %s | %.2f | %.1f | %.2f |\n", r.n, r.what.c_str(), r.run.seconds, r.run.peak_mb,
                r.run.peak_mb / baseline[r.n]);
  if (sizes.size() > 1) {
    std::printf("\nGrowth from N = %zu to N = %zu (time: exponent b of N^b; RSS: ratio)\n\n| what | time exponent | RSS ratio |\n| --- | --- | --- |\n",
                sizes.front(), sizes.back());
    for (const auto& first : rows) {
      if (first.n != sizes.front()) continue;
      for (const auto& last : rows) {
        if (last.n != sizes.back() || last.what != first.what) continue;
        const double b = std::log(last.run.seconds / first.run.seconds) /
                         std::log(static_cast<double>(last.n) / static_cast<double>(first.n));
        std::printf("| %s | %.2f | %.2f |\n", first.what.c_str(), b, last.run.peak_mb / first.run.peak_mb);
      }
    }
  }
  if (keep.empty()) fs::remove_all(root);
  return 0;
}
