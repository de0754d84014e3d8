// A campaign at forum size (issue 15): real kits holding N = 10^3, 10^4 (and on request 10^5)
// bundles, received-log entries, drafts and practices; each operation timed with its peak RSS,
// and the growth exponent fitted between sizes (1.0 = linear; n log n shows as ~1.1).
//
// Each measured operation runs in a fresh process (this program re-executed with --run), so
// its peak RSS is its own and not the setup's. The quadratic received-log apply that issue 15
// measured is reproduced beside the new one at the sizes it can afford, as the baseline.
//
//   build/release/bench/scale_bench [--sizes 1000,10000,100000] [--keep DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/kit.h"
#include "staccs/core/outbox.h"
#include "staccs/core/platform.h"
#include "staccs/core/practice_store.h"
#include "staccs/core/received_log_store.h"
#include "staccs/crypto/random.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using staccs::bench::Die;
using staccs::bench::Must;

namespace {

crypto::Passphrase Pass() { return crypto::Passphrase::Copy(AsBytes("bench")); }

Kit NewKit(const fs::path& home) {
  CreateOptions options;
  options.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;  // unlock cost is measured apart
  std::string code;
  return Must(Kit::Create(home, Pass(), options, code), "create kit");
}

const char* kWords[] = {"network", "access", "civilian", "fuel", "repair", "registry", "satellite", "mesh",
                        "shutdown", "humanitarian", "operator", "resilience", "recovery", "cable", "tower",
                        "البنية", "الإنترنت", "sécurité", "réseau", "accès"};

std::string Words(std::mt19937& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += std::string(kWords[rng() % (sizeof kWords / sizeof kWords[0])]) + " ";
  return s;
}

crypto::Hash32 IdOf(const std::string& hex) {
  crypto::Hash32 id{};
  auto raw = FromHex(hex);
  std::copy(raw->begin(), raw->end(), id.begin());
  return id;
}

// ---- the measured operations (run in a child process) ------------------------------------

// The received-log apply before issue 15's fix, its lookups only (no parse, no writes: so it is
// a lower bound of the old cost): every outbox entry against every log entry with a hex string
// per comparison, and a linear scan of the log per stored bundle.
std::size_t QuadraticApply(Kit& kit, const ReceivedLog& log) {
  std::size_t hits = 0;
  auto entries = Must(Outbox(kit).List(), "outbox");
  for (const auto& e : entries) {
    const crypto::Hash32 tag = AckTag(e.ack_secret);
    for (const auto& entry : log.entries)
      if (ToHex(entry.bundle_id) == e.bundle_id && entry.ack_tag == tag) {
        ++hits;
        break;
      }
  }
  for (const auto& b : Must(BundleStore(kit).List(), "bundles"))
    if (log.Lists(IdOf(b.id))) ++hits;
  return hits;
}

int RunOp(const std::string& op, const fs::path& home) {
  Kit kit = Must(Kit::Unlock(home, Pass()), "unlock");
  auto file = [&](const char* name) { return Must(platform::ReadFile(home / name, 1u << 30), "read log"); };
  if (op == "apply-log") {
    auto offer = Must(ReceivedLogStore(kit).Offer(file("bench-log.bin")), "offer");
    std::fprintf(stderr, "marked %zu dropped %zu\n", offer.marked_received, offer.dropped);
  } else if (op == "apply-log-quadratic") {
    Bytes bytes = file("bench-log.bin");
    CampaignStore campaigns(kit);
    Campaign c = Must(campaigns.List(), "campaigns").front();
    ReceivedLog log = Must(ParseReceivedLog(bytes, c), "parse");
    std::fprintf(stderr, "hits %zu\n", QuadraticApply(kit, log));
  } else if (op == "draft-list") {
    std::size_t n = 0;
    Must(DraftStore(kit).ForEach([&](const Draft&) -> Status { ++n; return {}; }), "drafts");
  } else if (op == "outbox") {
    std::size_t n = 0;
    Must(Outbox(kit).ForEach([&](const OutboxEntry&) -> Status { ++n; return {}; }), "outbox");
  } else if (op == "search-scan") {
    (void)Must(PracticeStore(kit).Search("satel acc"), "search");
  } else if (op == "index-build") {
    (void)Must(PracticeStore(kit).BuildIndex(), "index");
  } else if (op == "index-query") {
    // Median and max of queries against a built index: printed, the timing is the query's.
    PracticeIndex index = Must(PracticeStore(kit).BuildIndex(), "index");
    const char* queries[] = {"satellite", "acc", "mesh repair", "البنية", "securite reseau", "s", "tower cable fuel"};
    std::vector<double> ms;
    for (int round = 0; round < 5; ++round)
      for (const char* q : queries) {
        auto t = Clock::now();
        auto hits = index.Search(q);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
        if (hits.size() > index.size()) Die("impossible");
      }
    std::sort(ms.begin(), ms.end());
    std::printf("%.2f %.2f\n", ms[ms.size() / 2], ms.back());
  } else {
    Die("unknown op " + op);
  }
  return 0;
}

// ---- the parent: setup, then each operation in a child ------------------------------------

struct Measure {
  double seconds = 0;
  long rss_kib = 0;
  std::string out;
};

Measure RunChild(const std::string& op, const fs::path& home) {
  fs::path out_file = home / ("bench-" + op + ".out");
  auto t = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (!std::freopen(out_file.c_str(), "w", stdout)) _exit(1);
    execl("/proc/self/exe", "scale_bench", "--run", op.c_str(), home.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Measure m;
  m.seconds = std::chrono::duration<double>(Clock::now() - t).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) Die(op + " failed");
  m.rss_kib = usage.ru_maxrss;
  auto bytes = platform::ReadFile(out_file, 1 << 20);
  if (bytes) m.out.assign(bytes->begin(), bytes->end());
  return m;
}

// A participant kit with `own` sealed drafts among the campaign's n bundles, n practices, and
// the campaign's received-log of n entries listing all the kit's own; an organiser kit
// carrying n bundles that log lists.
void Setup(const fs::path& dir, std::size_t n, std::size_t own) {
  std::mt19937 rng(15);
  Kit secretariat = NewKit(dir / "secretariat");
  CampaignStore sec_campaigns(secretariat);
  Bytes campaign_file = Must(sec_campaigns.Create(ForumCallTemplate()), "campaign");
  Campaign campaign = Must(sec_campaigns.List(), "campaigns").front();
  CampaignSecrets secrets = Must(sec_campaigns.Secrets(campaign.id_hex()), "secrets");

  Kit participant = NewKit(dir / "participant");
  (void)Must(CampaignStore(participant).Import(campaign_file), "import campaign");
  ReceivedLog log{campaign.id, 1, {}};
  for (std::size_t i = 0; i < own; ++i) {
    DraftContent d;
    d.answers.push_back({campaign.questions[0].id, Words(rng, 40)});
    Draft draft = Must(DraftStore(participant).Create(campaign.id_hex(), d), "draft");
    OutboxEntry e = Must(Outbox(participant).Submit(draft.id), "submit");
    log.entries.push_back({IdOf(e.bundle_id), AckTag(e.ack_secret)});
  }
  {
    Must(participant.db().Begin(), "begin");
    PracticeStore practices(participant);
    for (std::size_t i = 0; i < n; ++i) {
      PracticeContent p;
      p.title = Words(rng, 8);
      p.description = Words(rng, 60);
      p.countries = {i % 2 ? "Sudan" : "Mali"};
      (void)Must(practices.Add(campaign.id_hex(), p), "practice");
    }
    Must(participant.db().Commit(), "commit");
  }

  Kit organiser = NewKit(dir / "organiser");
  (void)Must(CampaignStore(organiser).Import(campaign_file), "import campaign");
  crypto::SigningKeyPair author = crypto::SigningKeyPair::Generate();
  Must(organiser.db().Begin(), "begin");
  BundleStore carried(organiser);
  for (std::size_t i = log.entries.size(); i < n; ++i) {
    BundleContents c;
    crypto::FillRandom(c.submission_id.data(), c.submission_id.size());
    c.author_key = author.public_key();
    crypto::FillRandom(c.ack_secret.data(), c.ack_secret.size());
    std::string text = Words(rng, 20);
    c.content.assign(text.begin(), text.end());
    SealedBundle b = Must(SealBundle(c, campaign, author), "seal");
    (void)Must(carried.Put(b.bytes, /*own=*/false, nullptr, &b.id), "put");
    log.entries.push_back({b.id, AckTag(c.ack_secret)});
  }
  Must(organiser.db().Commit(), "commit");
  std::shuffle(log.entries.begin(), log.entries.end(), rng);  // the kit's own entries anywhere, as in life
  Bytes log_file = WriteReceivedLog(log, secrets.pull);
  for (const char* who : {"participant", "organiser"})
    Must(platform::WriteFileAtomically(dir / who / "bench-log.bin", log_file), "write log");
}

double Exponent(double t1, double t2, double n1, double n2) { return std::log(t2 / t1) / std::log(n2 / n1); }

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--run") == 0) return RunOp(argv[2], argv[3]);
  std::vector<std::size_t> sizes = {1000, 10000};
  fs::path root;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--sizes") == 0) {
      sizes.clear();
      for (char* s = std::strtok(argv[i + 1], ","); s; s = std::strtok(nullptr, ",")) sizes.push_back(std::stoul(s));
    } else if (std::strcmp(argv[i], "--keep") == 0) {
      root = argv[i + 1];
    }
  }
  const bool keep = !root.empty();
  if (!keep) root = fs::temp_directory_path() / ("staccs-scale-" + crypto::RandomId().substr(0, 8));
  fs::create_directories(root);

  struct Row {
    const char* op;
    const char* who;
    std::size_t max_n;  // the baseline is skipped where it would take minutes
  };
  const Row rows[] = {{"apply-log", "participant", SIZE_MAX},   {"apply-log-quadratic", "participant", 10000},
                      {"apply-log", "organiser", SIZE_MAX},     {"apply-log-quadratic", "organiser", 10000},
                      {"draft-list", "participant", SIZE_MAX},  {"outbox", "participant", SIZE_MAX},
                      {"search-scan", "participant", SIZE_MAX}, {"index-build", "participant", SIZE_MAX},
                      {"index-query", "participant", SIZE_MAX}};
  std::map<std::string, std::vector<Measure>> results;
  for (std::size_t n : sizes) {
    const fs::path dir = root / std::to_string(n);
    const std::size_t own = std::max<std::size_t>(n / 10, 1);
    auto t = Clock::now();
    if (!fs::exists(dir / "organiser")) Setup(dir, n, own);
    std::printf("N = %zu (participant: %zu own bundles, %zu practices; log of %zu entries), setup %.1f s\n", n, own, n,
                n, std::chrono::duration<double>(Clock::now() - t).count());
    std::fflush(stdout);
    for (const Row& r : rows) {
      const std::string key = std::string(r.op) + " (" + r.who + ")";
      if (n > r.max_n) {
        results[key].push_back({});
        continue;
      }
      // The log is applied once per kit copy: the first apply changes the kit.
      fs::path home = dir / r.who;
      fs::path copy = dir / (std::string(r.who) + "-" + r.op);
      if (std::string(r.op).starts_with("apply-log")) {
        fs::remove_all(copy);
        fs::copy(home, copy, fs::copy_options::recursive);
        home = copy;
      }
      Measure m = RunChild(r.op, home);
      if (home == copy) fs::remove_all(copy);
      std::printf("  %-38s %9.3f s  %8.1f MiB %s", key.c_str(), m.seconds, static_cast<double>(m.rss_kib) / 1024,
                  m.out.empty() ? "\n" : ("  query p50/max ms: " + m.out).c_str());
      std::fflush(stdout);
      results[key].push_back(m);
    }
  }
  if (sizes.size() >= 2) {
    std::printf("\nfitted growth exponent of wall time (and peak RSS ratio) from N = %zu to %zu:\n", sizes.front(),
                sizes.back());
    for (const auto& [key, ms] : results) {
      if (ms.back().seconds == 0 || ms.front().seconds == 0) continue;
      std::printf("  %-38s time n^%.2f   RSS x%.2f\n", key.c_str(),
                  Exponent(ms.front().seconds, ms.back().seconds, static_cast<double>(sizes.front()),
                           static_cast<double>(sizes.back())),
                  static_cast<double>(ms.back().rss_kib) / static_cast<double>(ms.front().rss_kib));
    }
  }
  if (!keep) fs::remove_all(root);
  return 0;
}
