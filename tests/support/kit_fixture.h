// A kit in a temporary folder, with the fast (insecure) KDF so tests run quickly, and a
// campaign from the forum's template created by the same kit (it is its own secretariat).
#pragma once

#include <string>

#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/kit.h"
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

}  // namespace staccs::test
