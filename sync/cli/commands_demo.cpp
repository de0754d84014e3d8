// demo: a secretariat and a participant on one machine, walked through the flow so far.
#include <ostream>

#include "commands.h"
#include "staccs/core/answers_file.h"
#include "staccs/core/collection.h"
#include "staccs/core/outbox.h"
#include "staccs/core/publication.h"
#include "staccs/sync/stick_transfer.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/practice_store.h"

namespace staccs::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kDemoPassphrase = "demo passphrase";

constexpr std::string_view kDemoAnswers = R"md(---
organisation: Demo Community Network
stakeholder_group: civil society
country: Sudan
consent: anonymous
---
# Feedback on the problem statement
The statement is right to put access for civilians next to the public core. It should also
name the power and fuel that keep towers running when the grid is down.

# Main challenges
Repair crews cannot reach damaged sites; spare parts wait at borders for months.

# Norms and gaps
International humanitarian law protects civilian objects, but few operators know how to
document an attack on their network so that it can be investigated.

# Operational practices
Operators in the region pre-position generators and satellite terminals before the rainy
season, and share a contact list with the national CERT.
)md";

constexpr std::string_view kDemoPractice = R"json({
  "title": "Pre-positioned generators and satellite backhaul",
  "description": "Operators keep fuel, generators and satellite terminals at key sites before crises.",
  "phase": "preparing", "kind": "good-practice",
  "actors": ["operators", "national CERT"], "countries": ["Sudan"],
  "sources": ["Demo source"]
})json";

}  // namespace

Status CmdDemo(Context& ctx) {
  const fs::path root = ctx.args.Get("home") ? ctx.home : ctx.home / "demo";
  const fs::path secretariat_home = root / "secretariat";
  const fs::path participant_home = root / "participant";
  std::error_code ec;
  // Only demo kits and their stick live here; a fresh run replaces them.
  fs::remove_all(root / "stick", ec);
  for (const fs::path& h : {secretariat_home, participant_home})
    if (core::Kit::Exists(h)) STACCS_TRY(core::Kit::Wipe(h));
  fs::create_directories(root, ec);
  auto pass = crypto::Passphrase::Copy(AsBytes(kDemoPassphrase));
  std::ostream& out = ctx.out;

  out << "STACCS Field Kit demo: a secretariat and a participant on this machine, in " << root.string() << "\n\n";
  std::string code;
  STACCS_ASSIGN(core::Kit secretariat, core::Kit::Create(secretariat_home, pass, {"Demo secretariat"}, code));
  out << "1. The secretariat's kit is created (" << secretariat_home.string() << ").\n";

  core::CampaignStore secretariat_campaigns(secretariat);
  STACCS_ASSIGN(Bytes file, secretariat_campaigns.Create(core::ForumCallTemplate()));
  const fs::path campaign_file = root / "forum-call.stc";
  STACCS_TRY(WriteOutputFile(campaign_file.string(), file));
  STACCS_ASSIGN(auto created, secretariat_campaigns.List());
  const core::Campaign& c = created.front();
  out << "2. It creates a campaign from the forum's call for input and signs it:\n"
      << "     " << c.title.Get("en") << "\n     id " << c.id_hex() << "\n     fingerprint " << core::Fingerprint(c.id)
      << "\n     file " << campaign_file.string() << " (" << file.size() << " bytes)\n";

  STACCS_ASSIGN(core::Kit participant, core::Kit::Create(participant_home, pass, {"Demo participant"}, code));
  core::CampaignStore participant_campaigns(participant);
  STACCS_ASSIGN(auto imported, participant_campaigns.Import(file));
  out << "3. A participant's kit (" << participant_home.string() << ") imports the file; the fingerprint it shows, "
      << core::Fingerprint(imported.campaign.id) << ", is the one to compare with the secretariat's.\n";

  auto content = core::ParseAnswersFile(kDemoAnswers, imported.campaign);
  if (!content) return std::move(content).error();
  core::DraftStore drafts(participant);
  STACCS_ASSIGN(core::Draft draft, drafts.Create(imported.campaign.id_hex(), *content));
  core::DraftWordCounts counts = core::CountDraftWords(*content, imported.campaign);
  out << "4. The participant drafts answers to the " << imported.campaign.questions.size()
      << " questions: draft " << draft.id << ", " << counts.total << " of " << counts.total_limit
      << " words, encrypted at rest.\n";

  auto practice = core::ParsePracticeFile(kDemoPractice);
  if (!practice) return std::move(practice).error();
  core::PracticeStore practices(participant);
  STACCS_ASSIGN(core::Practice p, practices.Add(imported.campaign.id_hex(), *practice));
  STACCS_ASSIGN(core::PracticeIndex index, practices.BuildIndex());
  out << "5. It records a practice (" << p.id.substr(0, 8) << "…); searching 'satellite' finds "
      << index.Search("satellite").size() << " record.\n";

  core::Outbox outbox(participant);
  STACCS_ASSIGN(core::OutboxEntry sealed, outbox.Submit(draft.id));
  STACCS_ASSIGN(core::OutboxEntry sealed_practice, outbox.Submit(p.id));
  out << "6. It seals both for the secretariat: bundles " << sealed.bundle_id.substr(0, 12) << "… and "
      << sealed_practice.bundle_id.substr(0, 12) << "… (16 KiB each; nobody on the way can read them).\n";

  const fs::path stick = root / "stick";
  fs::create_directories(stick, ec);
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
  STACCS_ASSIGN(std::string html, core::CompilePublication(secretariat, c.id_hex(), core::PublicationFormat::kHtml));
  STACCS_TRY(WriteOutputFile(publication.string(), AsBytes(html)));
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
      << " --format md --out " << (root / "publication.md").string() << "\n"
      << "Relays (sync over the network) are not in this build yet.\n";
  return {};
}

}  // namespace staccs::cli
