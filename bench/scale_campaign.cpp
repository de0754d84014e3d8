// The campaign world of scale_bench: real kits, real 16 KiB bundles, the real staccs-cli for
// every measured operation and a real staccs-relay on loopback, started by the bench.
//
//   DIR/campaign.stc      the forum's campaign, made by the secretariat kit
//   DIR/sec/              the secretariat before anything arrived (copied for each run)
//   DIR/carrier/          an organiser carrying N bundles (what every export writes)
//   DIR/participant/      a participant with one sealed submission, not yet sent
//   DIR/stick/            the stick the last export wrote (import and collect read it)
//   DIR/sec-collected/    the secretariat after collecting the stick (compile reads it)
//   DIR/relay-base/       a relay holding the N bundles the organiser's sync uploaded
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <random>
#include <string>
#include <thread>

#include "bench_support.h"
#include "scale_bench.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/database.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/practice.h"
#include "staccs/core/received_log_store.h"
#include "staccs/core/submission.h"
#include "staccs/crypto/random.h"
#include "staccs/crypto/signing.h"

namespace staccs::scale {

using namespace staccs::core;
using staccs::bench::Die;
using staccs::bench::Must;

namespace {

std::string Prose(std::mt19937& rng, std::size_t words) {
  static const char* const kWords[] = {"the", "network", "operators", "kept", "links", "running", "during",
                                       "outages", "power", "fuel", "satellite", "backhaul", "civilians", "access",
                                       "registry", "**resilience**", "mesh", "community", "shutdowns", "repair",
                                       "المجتمع", "الشبكة", "الاتصال", "*recovery*", "DNS", "IXP"};
  std::string out;
  for (std::size_t i = 0; i < words; ++i) {
    out += kWords[rng() % std::size(kWords)];
    out += i % 90 == 89 ? ".\n\n" : " ";
  }
  return out;
}

template <std::size_t K>
void Fill(std::array<std::uint8_t, K>& a) {
  crypto::FillRandom(a.data(), a.size());
}

// A bundle as a participant would seal it: answers to the four questions (one bucket, 16 KiB),
// every consent, one in ten a practice record.
SealedBundle MakeBundle(const Campaign& campaign, std::mt19937& rng, std::size_t i) {
  auto author = crypto::SigningKeyPair::Generate();
  BundleContents c;
  c.type = i % 10 == 9 ? BundleType::kPractice : BundleType::kSubmission;
  Fill(c.submission_id);
  Fill(c.ack_secret);
  c.author_key = author.public_key();
  c.created_unix = 1'760'000'000 + static_cast<std::int64_t>(i);
  if (c.type == BundleType::kPractice) {
    PracticeContent p;
    p.title = "Practice " + std::to_string(i);
    p.description = Prose(rng, 120);
    p.phase = static_cast<Phase>(rng() % 5);
    p.actors = {"ISOC", "operators"};
    p.countries = {i % 2 ? "Sudan" : "Mali"};
    c.content = EncodePracticeContent(p);
  } else {
    DraftContent d;
    const auto roll = rng() % 100;
    d.consent = roll < 60 ? Consent::kPublishWithAttribution
                          : (roll < 85 ? Consent::kPublishAnonymously : Consent::kDoNotPublish);
    d.author = {"Contributor " + std::to_string(i), "Organisation " + std::to_string(i % 300), "civil society",
                i % 3 ? "Chad" : "Yemen"};
    for (const auto& q : campaign.questions) d.answers.push_back({q.id, Prose(rng, 100)});
    c.content = EncodeDraftContent(d);
  }
  return Must(SealBundle(c, campaign, author), "seal");
}

// A staccs-relay on an ephemeral loopback port serving the campaign, its log in DIR/relay.log;
// stopped (SIGTERM, then waited for) when this goes out of scope.
class RelayProcess {
 public:
  RelayProcess(const fs::path& data, const fs::path& campaign_file) {
    log_ = data.parent_path() / (data.filename().string() + ".log");
    fs::remove(log_);
    pid_ = fork();
    if (pid_ == 0) {
      if (!std::freopen(log_.c_str(), "w", stderr) || !std::freopen("/dev/null", "w", stdout)) _exit(126);
      execl(STACCS_RELAY_PATH, "staccs-relay", "--data", data.c_str(), "--listen", "127.0.0.1:0", "--campaign",
            campaign_file.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    // Its start line says the port it bound and its receipt key: wait for that line.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      auto bytes = platform::ReadFile(log_, 1 << 20);
      const std::string text = bytes ? std::string(bytes->begin(), bytes->end()) : "";
      const auto at = text.find("serving 127.0.0.1:");
      const auto key = text.find("(receipt key ", at == std::string::npos ? 0 : at);
      if (at != std::string::npos && key != std::string::npos && text.find(')', key) != std::string::npos) {
        const auto port_start = at + std::string("serving 127.0.0.1:").size();
        url_ = "http://127.0.0.1:" + text.substr(port_start, text.find(' ', port_start) - port_start);
        key_ = text.substr(key + 13, 64);
        return;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) Die("staccs-relay stopped at start: " + text);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Die("staccs-relay did not start within 60 s");
  }
  ~RelayProcess() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  RelayProcess(const RelayProcess&) = delete;
  RelayProcess& operator=(const RelayProcess&) = delete;
  const std::string& url() const { return url_; }
  std::string pinned() const { return url_ + "#" + key_; }

 private:
  pid_t pid_ = -1;
  fs::path log_;
  std::string url_, key_;
};

std::string CampaignId(const fs::path& dir) {
  Kit kit = OpenKit(dir / "sec");
  return Must(CampaignStore(kit).List(), "campaigns").front().id_hex();
}

// The first line of the CLI's output that starts with `prefix`, for the row's note.
std::string LineOf(const std::string& out, const std::string& prefix) {
  for (std::size_t pos = 0; pos < out.size();) {
    auto nl = out.find('\n', pos);
    if (nl == std::string::npos) nl = out.size();
    if (out.compare(pos, prefix.size(), prefix) == 0) return out.substr(pos, nl - pos);
    pos = nl + 1;
  }
  return "";
}

}  // namespace

void SetupCampaignWorld(const fs::path& dir, std::size_t n) {
  fs::create_directories(dir);
  Kit sec = NewKit(dir / "sec");
  Bytes campaign_file = Must(CampaignStore(sec).Create(ForumCallTemplate()), "campaign");
  const Campaign campaign = Must(CampaignStore(sec).List(), "campaigns").front();
  Must(platform::WriteFileAtomically(dir / "campaign.stc", campaign_file), "write campaign");

  Kit carrier = NewKit(dir / "carrier");
  (void)Must(CampaignStore(carrier).Import(campaign_file), "import campaign");
  std::mt19937 rng(15);
  BundleStore store(carrier);
  for (std::size_t made = 0; made < n;) {
    auto tx = Must(Transaction::Begin(carrier.db()), "begin");
    for (std::size_t batch = 0; batch < 2000 && made < n; ++batch, ++made) {
      SealedBundle b = MakeBundle(campaign, rng, made);
      (void)Must(store.Put(b.bytes, /*own=*/false, nullptr, &b.id), "put");
    }
    Must(tx.Commit(), "commit");
  }

  Kit participant = NewKit(dir / "participant");
  (void)Must(CampaignStore(participant).Import(campaign_file), "import campaign");
  DraftContent d;
  for (const auto& q : campaign.questions) d.answers.push_back({q.id, Prose(rng, 100)});
  Draft draft = Must(DraftStore(participant).Create(campaign.id_hex(), d), "draft");
  (void)Must(SubmitForSecretariat(participant, draft.id), "submit");
}

void RunCampaignRows(const fs::path& dir, std::size_t n, const std::vector<std::string>& groups, const Report& report) {
  const fs::path stick = dir / "stick";
  const fs::path campaign_file = dir / "campaign.stc";
  auto out = [&](const char* name) { return dir / (std::string("out-") + name + ".txt"); };

  if (Wants(groups, "stick")) {
    fs::remove_all(stick);
    fs::create_directories(stick);  // a freshly formatted stick
    report("export: usb export", n, RunCli(dir / "carrier", {"usb", "export", stick.string()}, out("export")));
    CopyTree(dir / "sec", dir / "sec-import");
    report("import: usb import (secretariat)", n,
           RunCli(dir / "sec-import", {"usb", "import", stick.string()}, out("import")));
    fs::remove_all(dir / "sec-import");
    CopyTree(dir / "sec", dir / "sec-collected");
    report("collect from a stick", n,
           RunCli(dir / "sec-collected", {"collect", "--from", stick.string()}, out("collect-stick")));
  }

  if (Wants(groups, "compile")) {
    if (!fs::exists(dir / "sec-collected")) Die("compile needs the collected kit: run --ops stick first");
    const std::string id = CampaignId(dir).substr(0, 16);
    for (const char* f : {"html", "md", "csv", "json"}) {
      const fs::path pub = dir / "publication";
      fs::remove_all(pub);
      fs::create_directories(pub);
      report(std::string("compile ") + f, n,
             RunCli(dir / "sec-collected",
                    {"compile", "--campaign", id, "--format", f, "--out", (pub / (std::string("publication.") + f)).string()},
                    out("compile")));
      fs::remove_all(pub);
    }
  }

  // The organiser's first sync: N bundles to a relay that has none (lacks pages, N uploads).
  if (Wants(groups, "upload") || (Wants(groups, "relay") && !fs::exists(dir / "relay-base"))) {
    CopyTree(dir / "carrier", dir / "carrier-run");
    fs::remove_all(dir / "relay-new");
    Measure m;
    {
      RelayProcess relay(dir / "relay-new", campaign_file);
      m = RunCli(dir / "carrier-run", {"sync", "--relay", relay.url()}, out("upload"));
    }
    m.out = LineOf(m.out, "sent ");
    report("sync, N bundles to send (organiser)", n, m);
    fs::remove_all(dir / "relay-base");
    fs::rename(dir / "relay-new", dir / "relay-base");
    fs::remove_all(dir / "carrier-run");
  }

  if (Wants(groups, "relay")) {
    CopyTree(dir / "relay-base", dir / "relay-run");
    CopyTree(dir / "sec", dir / "sec-relay");
    CopyTree(dir / "participant", dir / "participant-run");
    {
      RelayProcess relay(dir / "relay-run", campaign_file);
      Measure m = RunCli(dir / "sec-relay", {"collect", "--relay", relay.pinned()}, out("collect-relay"));
      m.out = LineOf(m.out, "from relays");
      report("collect from a relay (pull, open, publish the log)", n, m);

      // The participant holds the log the relay now has (N entries), as after an earlier sync.
      {
        Kit sec = OpenKit(dir / "sec-relay");
        auto files = Must(ReceivedLogStore(sec).Files(), "logs");
        if (files.empty()) Die("collect from the relay published no received-log");
        Kit p = OpenKit(dir / "participant-run");
        (void)Must(ReceivedLogStore(p).Offer(files.front().second), "offer log");
      }
      m = RunCli(dir / "participant-run", {"sync", "--relay", relay.url()}, out("sync-1"));
      m.out = LineOf(m.out, "sent ");
      report("sync, 1 new bundle (log of N held)", n, m);

      m = RunCli(dir / "sec-relay", {"collect", "--relay", relay.pinned()}, out("collect-relay-1"));
      m.out = LineOf(m.out, "from relays");
      report("collect from a relay, 1 new bundle", n, m);

      m = RunCli(dir / "participant-run", {"sync", "--relay", relay.url()}, out("sync-log"));
      m.out = LineOf(m.out, "sent ");
      report("sync, log grew by 1 (?after=N)", n, m);

      m = RunCli(dir / "participant-run", {"sync", "--relay", relay.url()}, out("sync-idle"));
      m.out = LineOf(m.out, "sent ");
      report("idle sync (nothing to send)", n, m);
    }
    fs::remove_all(dir / "relay-run");
    fs::remove_all(dir / "sec-relay");
    fs::remove_all(dir / "participant-run");
  }
}

}  // namespace staccs::scale
