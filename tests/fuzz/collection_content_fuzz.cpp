// libFuzzer harness for what collection reads from inside a bundle: the content JSON an author
// wrote (issue 8: a signed bundle whose content was not UTF-8 stopped every later collect).
// Each input is sealed, correctly signed, as a bundle of a campaign the kit owns, stored and
// collected the way the secretariat does (CollectHeldBundles: open, check against the content
// schema, record or set aside, extend the received-log). The first byte picks the type.
// Collection must never throw or abort, whatever the author wrote.
#include <cstddef>
#include <cstdint>

#include "fuzz_campaign.h"
#include "fuzz_kit.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/collection.h"

using namespace staccs;

namespace {

struct Secretariat {
  std::filesystem::path home = fuzz::TempFolder("collection");
  core::Kit kit = fuzz::MakeFuzzKit(home / "kit");
  core::Campaign campaign;
  crypto::SigningKeyPair author = crypto::SigningKeyPair::FromSeed(fuzz::FixedSecret(4, 32));

  Secretariat() {
    core::CampaignStore store(kit);
    auto made = store.Create(core::ForumCallTemplate());
    if (!made) std::abort();
    auto all = store.List();
    if (!all || all->empty()) std::abort();
    campaign = all->front();
  }
  ~Secretariat() {
    std::error_code ec;
    std::filesystem::remove_all(home, ec);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Secretariat s;
  if (size == 0 || size > (1u << 20)) return 0;
  core::BundleContents c;
  c.type = data[0] % 2 == 0 ? core::BundleType::kSubmission : core::BundleType::kPractice;
  c.submission_id[0] = data[0];
  c.created_unix = 1'760'000'000;
  c.author_key = s.author.public_key();
  c.content.assign(data + 1, data + size);
  auto sealed = core::SealBundle(c, s.campaign, s.author);
  if (!sealed) return 0;
  if (!core::BundleStore(s.kit).Put(sealed->bytes, /*own=*/false)) std::abort();
  auto collected = core::CollectHeldBundles(s.kit);
  if (!collected) std::abort();  // only the kit itself failing may stop collect
  if (collected->opened + collected->rejected != 1) std::abort();
  // Next input starts from an empty store and no received-log (the campaign and its keys stay),
  // so a run's inputs cost the same whatever came before.
  if (!s.kit.db().Exec("DELETE FROM received_logs; DELETE FROM received_attachment_chunks; DELETE FROM received_attachments; "
                       "DELETE FROM submission_index; DELETE FROM received; DELETE FROM bundle_paths; "
                       "DELETE FROM bundles;"))
    std::abort();
  return 0;
}
