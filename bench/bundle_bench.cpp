// Bundle and sneakernet targets (SPEC §6 "crypto" and "USB import"), each beside its baseline
// in the same run:
//   - encrypt + pad, and the full seal (hash, sign, id), of 1 MiB against raw libsodium
//     secretstream (64 KiB chunks) over the same bytes;
//   - USB import of 16 KiB bundles against merely reading and hashing the same files.
//
//   build/release/bench/bundle_bench [--quick]
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "staccs/core/bundle_file.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/outbox.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/participant_keys.h"
#include "staccs/crypto/random.h"
#include "staccs/sync/stick_transfer.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

template <class F>
double MedianSeconds(int runs, F&& f) {
  std::vector<double> v;
  for (int i = 0; i < runs; ++i) {
    auto t = Clock::now();
    f();
    v.push_back(Seconds(Clock::now() - t));
  }
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

Kit NewKit(const fs::path& home) {
  CreateOptions o;
  o.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;
  std::string code;
  auto kit = Kit::Create(home, crypto::Passphrase::Copy(AsBytes("bench")), o, code);
  if (!kit) { std::fprintf(stderr, "%s\n", kit.error().message.c_str()); std::exit(1); }
  return std::move(kit).value();
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int runs = quick ? 5 : 21;
  const fs::path root = fs::temp_directory_path() / ("staccs-bundle-bench-" + crypto::RandomId().substr(0, 8));
  fs::create_directories(root);
  std::printf("STACCS bundle benchmark (%s; medians of %d runs)\n\n", quick ? "quick" : "full", runs);

  Kit secretariat = NewKit(root / "secretariat");
  CampaignStore campaigns(secretariat);
  Bytes campaign_file = *campaigns.Create(ForumCallTemplate());
  Campaign campaign = campaigns.List()->front();
  auto author = crypto::SigningKeyPair::Generate();

  // --- crypto: 1 MiB ---
  {
    const std::size_t mib = 1 << 20;
    Bytes payload = crypto::RandomBytes(mib);
    auto key = crypto::SecretBytes::Random(crypto_secretstream_xchacha20poly1305_KEYBYTES);
    const double raw = MedianSeconds(runs, [&] {
      Bytes raw_out(mib + mib / 65536 * 17 + 64);  // a fresh buffer, as any real use needs
      crypto_secretstream_xchacha20poly1305_state st;
      unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
      crypto_secretstream_xchacha20poly1305_init_push(&st, header, key.data());
      std::size_t at = 0;
      for (std::size_t off = 0; off < mib; off += 65536) {
        unsigned long long n = 0;
        crypto_secretstream_xchacha20poly1305_push(&st, raw_out.data() + at, &n, payload.data() + off, 65536, nullptr, 0,
                                                   off + 65536 >= mib ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
        at += n;
      }
    });
    BundleContents c;
    c.author_key = author.public_key();
    c.content = payload;
    crypto::FillRandom(c.submission_id.data(), 16);
    crypto::FillRandom(c.ack_secret.data(), 32);
    crypto::Signature sig = SignBundle(c, campaign, author);
    std::size_t bundle_size = 0;
    const double encrypt_pad = MedianSeconds(runs, [&] { bundle_size = SealSignedBundle(c, sig, campaign, /*compute_id=*/false)->bytes.size(); });
    const double sign = MedianSeconds(runs, [&] { (void)SignBundle(c, campaign, author); });
    Bytes sealed = SealBundle(c, campaign, author)->bytes;
    const double id = MedianSeconds(runs, [&] { (void)ParseBundleEnvelope(sealed); });
    // SealBundle computes the id while it encrypts (ParseBundleEnvelope would hash again).
    const double full = MedianSeconds(runs, [&] { (void)SealBundle(c, campaign, author); });
    auto mbs = [&](double s) { return static_cast<double>(mib) / s / 1e6; };
    std::printf("sealing 1 MiB of content (bundle of %zu bytes):\n", bundle_size);
    std::printf("  raw secretstream, 64 KiB chunks, into a fresh buffer  %7.0f MB/s   (baseline)\n", mbs(raw));
    std::printf("  encrypt + pad (SealSignedBundle)  %7.0f MB/s   ratio %.2f   target >= 0.70\n", mbs(encrypt_pad), raw / encrypt_pad);
    std::printf("    author signature (hash + sign)  %7.2f ms\n", sign * 1e3);
    std::printf("    bundle id (hash of the file)    %7.2f ms\n", id * 1e3);
    std::printf("  full seal (sign, seal, id)        %7.0f MB/s   ratio %.2f   target >= 0.25\n\n", mbs(full), raw / full);
  }

  // --- USB import of 16 KiB bundles ---
  {
    const int n = quick ? 500 : 4000;
    Kit participant = NewKit(root / "participant");
    (void)CampaignStore(participant).Import(campaign_file);
    auto t = Clock::now();
    DraftContent d;
    d.answers.push_back({"challenges", "a short answer"});
    for (int i = 0; i < n; ++i) {
      auto draft = DraftStore(participant).Create(campaign.id_hex(), d);
      (void)Outbox(participant).Submit(draft->id);
    }
    const double sealing = Seconds(Clock::now() - t);
    const fs::path stick = root / "stick";
    fs::create_directories(stick);
    t = Clock::now();
    auto exported = sync::ExportToStick(participant, stick);
    const double exporting = Seconds(Clock::now() - t);
    if (!exported || exported->bundles_written != static_cast<std::size_t>(n)) return 1;

    // Baseline: read and hash every bundle file, nothing else.
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(stick / "staccs" / "b"))
      if (e.is_regular_file()) files.push_back(e.path());
    t = Clock::now();
    std::size_t bytes = 0;
    for (const auto& f : files) {
      auto b = platform::ReadFile(f);
      bytes += b->size();
      (void)crypto::Blake2b256(*b);
    }
    const double read_hash = Seconds(Clock::now() - t);
    Kit organiser = NewKit(root / "organiser");
    (void)CampaignStore(organiser).Import(campaign_file);
    t = Clock::now();
    auto imported = sync::ImportFromStick(organiser, stick);
    const double importing = Seconds(Clock::now() - t);
    if (!imported || imported->bundles_new != static_cast<std::size_t>(n)) return 1;
    std::printf("sneakernet, %d bundles of 16 KiB (%.1f MB):\n", n, static_cast<double>(bytes) / 1e6);
    std::printf("  submit (seal + store)     %8.0f bundles/s\n", n / sealing);
    std::printf("  usb export (write, flush, rename, read back)  %8.0f bundles/s\n", n / exporting);
    std::printf("  usb import (verify, store, batched commits)   %8.0f bundles/s   target >= 2000\n", n / importing);
    std::printf("  baseline: read + hash the same files           %8.0f bundles/s   import/baseline %.2f\n",
                n / read_hash, read_hash / importing);
  }
  fs::remove_all(root);
  return 0;
}
