// Demo mode (SPEC §2): a local secretariat and a participant on one machine, so a newcomer
// can try the whole flow. `staccs-cli demo` walks a submission through from here; the desktop
// client opens the participant's kit with the draft still in progress.
//
//   ROOT/secretariat/   a kit that created and signed a campaign from the forum's call
//   ROOT/participant/   a kit that imported it, with a draft in progress and a practice
//   ROOT/forum-call.stc the signed campaign file
#pragma once

#include <filesystem>
#include <string_view>

#include "staccs/base/result.h"
#include "staccs/core/campaign.h"
#include "staccs/core/draft.h"
#include "staccs/core/kit.h"
#include "staccs/core/practice.h"

namespace staccs::core {

// The demo kits' passphrase: shown to the user, never a secret.
inline constexpr std::string_view kDemoPassphrase = "demo passphrase";

struct DemoKits {
  std::filesystem::path root, secretariat_home, participant_home, campaign_file;
  Kit secretariat;
  Kit participant;
  Campaign campaign;
  Bytes campaign_bytes;
  Draft draft;        // in progress, not sealed
  Practice practice;  // recorded, not sealed
};

struct DemoOptions {
  crypto::KdfProfile kdf_profile = crypto::KdfProfile::kStandard;
  std::string language = "en";  // the draft's language; "ar" and "fr" answers are in that language
};

// Replaces any earlier demo kits under `root` (only those: the demo's own folders).
Result<DemoKits> SetUpDemoKits(const std::filesystem::path& root, const DemoOptions& options = {});

}  // namespace staccs::core
