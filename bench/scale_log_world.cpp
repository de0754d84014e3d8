// The received-log world of scale_bench (issue 15): a participant kit with N/10 sealed drafts
// and N practices, an organiser kit carrying the campaign's other bundles, and the campaign's
// received-log of N entries listing all of them. Its operations run in-process (RunLogOp,
// in a child of the bench) where they measure a core flow on its own, and through the real
// staccs-cli where a user would run them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "scale_bench.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/outbox.h"
#include "staccs/core/platform.h"
#include "staccs/core/practice_store.h"
#include "staccs/core/received_log_store.h"
#include "staccs/crypto/random.h"

namespace staccs::scale {

using namespace staccs::core;
using Clock = std::chrono::steady_clock;
using staccs::bench::Die;
using staccs::bench::Must;

namespace {

crypto::Passphrase Pass() { return crypto::Passphrase::Copy(AsBytes(kPassphrase)); }

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

}  // namespace

Kit NewKit(const fs::path& home) {
  CreateOptions options;
  options.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;  // unlock cost is measured apart
  std::string code;
  return Must(Kit::Create(home, Pass(), options, code), "create kit");
}

Kit OpenKit(const fs::path& home) { return Must(Kit::Unlock(home, Pass()), "unlock a kit"); }

int RunLogOp(const std::string& op, const fs::path& home) {
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

// A participant kit with `own` sealed drafts among the campaign's n bundles, n practices, and
// the campaign's received-log of n entries listing all the kit's own; an organiser kit
// carrying n bundles that log lists.
void SetupLogWorld(const fs::path& dir, std::size_t n) {
  const std::size_t own = std::max<std::size_t>(n / 10, 1);
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


void RunLogRows(const fs::path& dir, std::size_t n, const std::vector<std::string>& groups, const Report& report) {
  auto out = [&](const std::string& name) { return dir / ("out-" + name + ".txt"); };
  if (Wants(groups, "apply-log")) {
    for (const char* who : {"participant", "organiser"}) {
      const std::string what = std::string(who) == "participant" ? "participant, N/10 own" : "organiser, drops 0.9 N";
      // The log is applied once per kit copy: the first apply changes the kit.
      const fs::path copy = dir / (std::string(who) + "-apply");
      CopyTree(dir / who, copy);
      report("apply-log (" + what + ")", n, RunSelf("apply-log", copy, out("apply")));
      if (n <= 10000) {
        CopyTree(dir / who, copy);
        report("apply-log before issue 15, lookups only (" + std::string(who) + ")", n,
               RunSelf("apply-log-quadratic", copy, out("apply")));
      }
      fs::remove_all(copy);
    }
  }
  if (Wants(groups, "lists")) {
    report("draft list (N/10 drafts)", n, RunCli(dir / "participant", {"draft", "list"}, out("drafts")));
    report("outbox (N/10 submissions)", n, RunCli(dir / "participant", {"outbox"}, out("outbox")));
  }
  if (Wants(groups, "search")) {
    report("practice search (staccs-cli, N practices)", n,
           RunCli(dir / "participant", {"practice", "search", "satel acc"}, out("search")));
    report("practice index build (desktop client)", n, RunSelf("index-build", dir / "participant", out("index")));
    Measure q = RunSelf("index-query", dir / "participant", out("index"));
    q.out = "query p50/max ms: " + q.out.substr(0, q.out.find('\n'));
    report("practice search, built index (desktop client)", n, q);
  }
}

}  // namespace staccs::scale
