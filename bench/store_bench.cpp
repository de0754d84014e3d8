// The store's targets (SPEC §6): autosave commit latency, practice search over 10,000
// records, panic wipe at 10,000 drafts, and the unlock cost. Each figure is printed beside a
// baseline from the same run, so the ratio means something on a shared machine.
//
//   build/release/bench/store_bench [--quick]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/kit.h"
#include "staccs/core/practice_store.h"
#include "staccs/crypto/passphrase_kdf.h"
#include "staccs/crypto/random.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

const char* kWords[] = {"network", "access", "civilian", "fuel", "repair", "registry", "satellite", "mesh",
                        "shutdown", "humanitarian", "operator", "resilience", "recovery", "cable", "tower",
                        "البنية", "الإنترنت", "sécurité", "réseau", "accès"};

std::string Words(std::mt19937& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    s += kWords[rng() % (sizeof kWords / sizeof kWords[0])];
    s += (i % 12 == 11) ? ". " : " ";
  }
  return s;
}

Kit NewKit(const fs::path& home) {
  CreateOptions options;
  options.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;  // unlock cost is measured apart
  std::string code;
  auto kit = Kit::Create(home, crypto::Passphrase::Copy(AsBytes("bench")), options, code);
  if (!kit) { std::fprintf(stderr, "%s\n", kit.error().message.c_str()); std::exit(1); }
  return std::move(kit).value();
}

std::string NewCampaign(Kit& kit) {
  CampaignStore store(kit);
  (void)store.Create(ForumCallTemplate());
  return store.List()->front().id_hex();
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const fs::path root = fs::temp_directory_path() / ("staccs-bench-" + crypto::RandomId().substr(0, 8));
  fs::create_directories(root);
  std::mt19937 rng(7);
  std::printf("STACCS store benchmark (%s)\n\n", quick ? "quick" : "full");

  // 1. Unlock: Argon2id at the standard profile (what a person waits for).
  {
    std::vector<double> v;
    for (int i = 0; i < (quick ? 1 : 3); ++i) {
      auto p = crypto::NewKdfParams(crypto::KdfProfile::kStandard);
      auto t = Clock::now();
      (void)crypto::DerivePassphraseKey(AsBytes("a passphrase of ordinary length"), p);
      v.push_back(Ms(Clock::now() - t));
    }
    std::printf("unlock (Argon2id, standard profile):  median %.0f ms   target 500-1000 ms\n\n", Percentile(v, 0.5));
  }

  // 2. Autosave commits of a ~1,000-word draft: sealed + synchronous=FULL, beside a plain
  //    SQLite update of the same size in the same mode (the cost of durability alone).
  {
    Kit kit = NewKit(root / "autosave");
    const std::string campaign = NewCampaign(kit);
    DraftStore drafts(kit);
    DraftContent content;
    for (const auto& q : ForumCallTemplate().questions) content.answers.push_back({q.id, Words(rng, 250)});
    auto draft = drafts.Create(campaign, content);
    const int n = quick ? 50 : 300;
    std::vector<double> sealed, plain;
    Bytes blob = EncodeDraftContent(content);
    (void)kit.db().Exec("CREATE TABLE bench_plain(id INTEGER PRIMARY KEY, body BLOB)");
    (void)kit.db().Exec("INSERT INTO bench_plain VALUES(1, x'00')");
    for (int i = 0; i < n; ++i) {
      content.answers[0].text += "x";
      auto t = Clock::now();
      if (!drafts.Save(draft->id, content)) return 1;
      sealed.push_back(Ms(Clock::now() - t));
      auto st = kit.db().Prepare("UPDATE bench_plain SET body = ? WHERE id = 1");
      blob.push_back('x');
      st->Bind(1, blob);
      t = Clock::now();
      if (!st->Run()) return 1;
      plain.push_back(Ms(Clock::now() - t));
    }
    std::printf("autosave commit, %zu-byte draft, %d commits (WAL, synchronous=FULL):\n", blob.size(), n);
    std::printf("  sealed draft save     p50 %6.2f ms  p99 %6.2f ms   target p99 <= 10 ms\n",
                Percentile(sealed, 0.5), Percentile(sealed, 0.99));
    std::printf("  plain SQLite update   p50 %6.2f ms  p99 %6.2f ms   ratio p50 %.2fx\n\n", Percentile(plain, 0.5),
                Percentile(plain, 0.99), Percentile(sealed, 0.5) / Percentile(plain, 0.5));
  }

  // 3. Practice search over 10,000 records: index built at unlock, then queries, beside a
  //    naive scan of the same decrypted records.
  {
    Kit kit = NewKit(root / "search");
    const std::string campaign = NewCampaign(kit);
    PracticeStore store(kit);
    const int n = 10000;
    (void)kit.db().Begin();
    for (int i = 0; i < n; ++i) {
      PracticeContent p;
      p.title = Words(rng, 8);
      p.description = Words(rng, 120);
      p.actors = {kWords[rng() % 10]};
      p.countries = {i % 2 ? "Sudan" : "Lebanon"};
      p.phase = static_cast<Phase>(rng() % 5);
      if (!store.Add(campaign, p)) return 1;
    }
    (void)kit.db().Commit();
    auto t = Clock::now();
    auto index = store.BuildIndex();
    double build = Ms(Clock::now() - t);
    const char* queries[] = {"satellite", "mesh repair", "البنية", "reseau acc", "humanitarian operator tower"};
    PracticeFilter in_sudan;
    in_sudan.country = "sudan";
    std::vector<double> searched, scanned;
    std::size_t hits = 0;
    for (int round = 0; round < (quick ? 3 : 20); ++round) {
      for (const char* q : queries) {
        t = Clock::now();
        hits += index->Search(q, in_sudan).size();
        searched.push_back(Ms(Clock::now() - t));
      }
      // Baseline: a substring scan over every record's text for the first query word.
      auto all = store.List();
      t = Clock::now();
      std::size_t found = 0;
      for (const auto& p : *all)
        if (p.content.description.find("satellite") != std::string::npos || p.content.title.find("satellite") != std::string::npos) ++found;
      scanned.push_back(Ms(Clock::now() - t));
      hits += found;
    }
    std::printf("practice search over %d records:\n", n);
    std::printf("  index build at unlock (decrypt + tokenise)  %.0f ms\n", build);
    std::printf("  indexed search + filter   median %.3f ms  max %.3f ms   target <= 50 ms\n",
                Percentile(searched, 0.5), Percentile(searched, 1.0));
    std::printf("  naive substring scan      median %.3f ms (one word, no folding)   ratio %.2fx\n\n",
                Percentile(scanned, 0.5), Percentile(scanned, 0.5) / Percentile(searched, 0.5));
    if (hits == 0) return 1;
  }

  // 4. Panic wipe at 10,000 drafts, beside removing the same files without destroying keys.
  {
    std::vector<double> wipe, remove;
    for (int round = 0; round < (quick ? 1 : 3); ++round) {
      for (int mode = 0; mode < 2; ++mode) {
        fs::path home = root / ("wipe-" + std::to_string(round) + "-" + std::to_string(mode));
        {
          Kit kit = NewKit(home);
          const std::string campaign = NewCampaign(kit);
          DraftStore drafts(kit);
          (void)kit.db().Begin();
          DraftContent c;
          c.answers.push_back({"challenges", Words(rng, 100)});
          for (int i = 0; i < 10000; ++i) (void)drafts.Create(campaign, c);
          (void)kit.db().Commit();
        }
        auto t = Clock::now();
        if (mode == 0) (void)Kit::Wipe(home);
        else fs::remove_all(home);
        (mode == 0 ? wipe : remove).push_back(Ms(Clock::now() - t));
      }
    }
    std::printf("panic wipe at 10,000 drafts:  median %.1f ms   target < 1000 ms   (plain rm -r of the same: %.1f ms)\n",
                Percentile(wipe, 0.5), Percentile(remove, 0.5));
  }
  fs::remove_all(root);
  return 0;
}
