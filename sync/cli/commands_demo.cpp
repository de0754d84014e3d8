// demo: a secretariat and a participant on one machine, walked through the flow so far.
#include <ostream>

#include "commands.h"
#include "staccs/core/collection.h"
#include "staccs/core/demo_kit.h"
#include "staccs/core/platform.h"
#include "staccs/core/practice_store.h"
#include "staccs/core/publication.h"
#include "staccs/core/submission.h"
#include "staccs/sync/stick_transfer.h"

namespace staccs::cli {

namespace fs = std::filesystem;

Status CmdDemo(Context& ctx) {
  const fs::path root = ctx.args.Get("home") ? ctx.home : ctx.home / "demo";
  std::ostream& out = ctx.out;
  out << "STACCS Field Kit demo: a secretariat and a participant on this machine, in " << root.string() << "\n\n";
  STACCS_ASSIGN(core::DemoKits demo, core::SetUpDemoKits(root));
  const fs::path& secretariat_home = demo.secretariat_home;
  const fs::path& participant_home = demo.participant_home;
  core::Kit& secretariat = demo.secretariat;
  core::Kit& participant = demo.participant;
  const core::Campaign& c = demo.campaign;
  const core::Draft& draft = demo.draft;
  const core::Practice& p = demo.practice;
  const std::string_view kDemoPassphrase = core::kDemoPassphrase;
  out << "1. The secretariat's kit is created (" << secretariat_home.string() << ").\n";
  out << "2. It creates a campaign from the forum's call for input and signs it:\n"
      << "     " << c.title.Get("en") << "\n     id " << c.id_hex() << "\n     fingerprint " << core::Fingerprint(c.id)
      << "\n     file " << demo.campaign_file.string() << " (" << demo.campaign_bytes.size() << " bytes)\n";
  out << "3. A participant's kit (" << participant_home.string() << ") imports the file; the fingerprint it shows, "
      << core::Fingerprint(c.id) << ", is the one to compare with the secretariat's.\n";
  core::DraftWordCounts counts = core::CountDraftWords(draft.content, c);
  out << "4. The participant drafts answers to the " << c.questions.size() << " questions: draft " << draft.id << ", "
      << counts.total << " of " << counts.total_limit << " words, encrypted at rest.\n";
  STACCS_ASSIGN(core::PracticeIndex index, core::PracticeStore(participant).BuildIndex());
  out << "5. It records a practice (" << p.id.substr(0, 8) << "…); searching 'satellite' finds "
      << index.Search("satellite").size() << " record.\n";

  STACCS_ASSIGN(core::OutboxEntry sealed, core::SubmitForSecretariat(participant, draft.id));
  STACCS_ASSIGN(core::OutboxEntry sealed_practice, core::SubmitForSecretariat(participant, p.id));
  out << "6. It seals both for the secretariat: bundles " << sealed.bundle_id.substr(0, 12) << "… and "
      << sealed_practice.bundle_id.substr(0, 12) << "… (16 KiB each; nobody on the way can read them).\n";

  const fs::path stick = root / "stick";
  STACCS_TRY(platform::CreateDirectoriesDurably(stick, platform::FolderAccess::kShared));
  STACCS_ASSIGN(auto exported, sync::ExportToStick(participant, stick));
  out << "7. They go onto a USB stick (here the folder " << stick.string() << "): " << exported.bundles_written
      << " bundles written, flushed and read back.\n";

  STACCS_ASSIGN(auto arrived, sync::ImportFromStick(secretariat, stick));
  STACCS_ASSIGN(auto collected, core::CollectHeldBundles(secretariat));
  sync::StickOptions logs_only;
  logs_only.bundles = false;
  STACCS_TRY(sync::ExportToStick(secretariat, stick, logs_only));
  out << "8. The secretariat imports " << arrived.bundles_new << " bundles, opens and verifies " << collected.opened
      << ", and puts its signed received-log back on the stick.\n";

  const fs::path publication = root / "publication.html";
  STACCS_TRY(core::WritePublication(secretariat, c.id_hex(), core::PublicationFormat::kHtml, publication));
  out << "9. It compiles the publication: " << publication.string() << " (counts below 5 are shown as \"<5\").\n";

  STACCS_ASSIGN(auto back, sync::ImportFromStick(participant, stick));
  out << "10. Back at the participant, the received-log marks " << back.marked_received
      << " of its bundles \"received by the secretariat\".\n\n"
      << "Try it yourself (passphrase: \"" << kDemoPassphrase << "\"):\n"
      << "  export STACCS_PASSPHRASE='" << kDemoPassphrase << "'\n"
      << "  staccs-cli --home " << participant_home.string() << " outbox\n"
      << "  staccs-cli --home " << participant_home.string() << " draft show " << draft.id.substr(0, 8) << "\n"
      << "  staccs-cli --home " << participant_home.string() << " practice search generators\n"
      << "  staccs-cli --home " << secretariat_home.string() << " compile --campaign " << c.id_hex().substr(0, 8)
      << " --format md --out " << (root / "publication.md").string() << "\n";
  return {};
}

}  // namespace staccs::cli
