// A kit in a temporary folder, with the fast (insecure) KDF so tests run quickly, and a
// campaign from the forum's template created by the same kit (it is its own secretariat).
#pragma once

#include <string>

#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/kit.h"
#include "staccs/core/outbox.h"
#include "test_support.h"

namespace staccs::test {

inline const std::string kTestPassphrase = "test passphrase";

inline crypto::Passphrase Pass(const std::string& s = kTestPassphrase) {
  return crypto::Passphrase::Copy(AsBytes(s));
}

inline core::Kit MakeKit(const fs::path& home, const std::string& passphrase = kTestPassphrase) {
  core::CreateOptions options;
  options.name = "test kit";
  options.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;
  std::string code;
  auto kit = core::Kit::Create(home, Pass(passphrase), options, code);
  if (!kit) throw std::runtime_error(kit.error().message);
  return std::move(kit).value();
}

// Creates the forum campaign in `kit`; returns its file bytes.
inline Bytes MakeCampaign(core::Kit& kit) {
  core::CampaignStore store(kit);
  auto file = store.Create(core::ForumCallTemplate());
  if (!file) throw std::runtime_error(file.error().message);
  return std::move(file).value();
}

// A participant's kit in `home` that has imported the campaign file.
inline core::Kit MakeParticipant(const fs::path& home, ByteView campaign_file) {
  core::Kit kit = MakeKit(home);
  if (!core::CampaignStore(kit).Import(campaign_file)) throw std::runtime_error("campaign import");
  return kit;
}

// Seals `answer` to the campaign's first question: a draft, submitted; its outbox entry.
inline core::OutboxEntry SubmitAnswer(core::Kit& kit, const core::Campaign& campaign, const std::string& answer) {
  core::DraftContent d;
  d.answers.push_back({campaign.questions[0].id, answer});
  auto draft = core::DraftStore(kit).Create(campaign.id_hex(), d);
  if (!draft) throw std::runtime_error(draft.error().message);
  auto sealed = core::Outbox(kit).Submit(draft->id);
  if (!sealed) throw std::runtime_error(sealed.error().message);
  return std::move(sealed).value();
}

}  // namespace staccs::test
