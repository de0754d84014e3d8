#include "staccs/core/demo_kit.h"

#include "staccs/core/answers_file.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/practice_store.h"

namespace staccs::core {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kDemoAnswersEn = R"md(---
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

constexpr std::string_view kDemoAnswersFr = R"md(---
organisation: Réseau communautaire de démonstration
stakeholder_group: société civile
country: Mali
consent: anonymous
---
# Retour sur l'énoncé du problème
L'énoncé a raison de placer l'accès des civils à côté du cœur public d'Internet.

# Principaux défis
Les équipes de réparation n'atteignent pas les sites endommagés.

# Normes et lacunes
Peu d'opérateurs savent documenter une attaque contre leur réseau.

# Pratiques opérationnelles
Les opérateurs prépositionnent des groupes électrogènes avant la saison des pluies.
)md";

constexpr std::string_view kDemoAnswersAr = R"md(---
organisation: شبكة مجتمعية تجريبية
stakeholder_group: المجتمع المدني
country: السودان
consent: anonymous
---
# ملاحظات على بيان المشكلة
البيان محق في وضع وصول المدنيين إلى جانب النواة العامة للإنترنت.

# التحديات الرئيسية
لا تستطيع فرق الإصلاح الوصول إلى المواقع المتضررة، وتنتظر قطع الغيار 3 أشهر على الحدود.

# المعايير والثغرات
قليل من المشغلين يعرفون كيف يوثقون هجوما على شبكة GSM الخاصة بهم.

# الممارسات التشغيلية
يضع المشغلون مولدات وأجهزة VSAT قبل موسم الأمطار.
)md";

constexpr std::string_view kDemoPractice = R"json({
  "title": "Pre-positioned generators and satellite backhaul",
  "description": "Operators keep fuel, generators and satellite terminals at key sites before crises.",
  "phase": "preparing", "kind": "good-practice",
  "actors": ["operators", "national CERT"], "countries": ["Sudan"],
  "sources": ["Demo source"]
})json";

}  // namespace

Result<DemoKits> SetUpDemoKits(const fs::path& root, const DemoOptions& options) {
  const fs::path secretariat_home = root / "secretariat";
  const fs::path participant_home = root / "participant";
  std::error_code ec;
  // Only demo kits and their stick live here; a fresh run replaces them.
  fs::remove_all(root / "stick", ec);
  for (const fs::path& h : {secretariat_home, participant_home})
    if (Kit::Exists(h)) STACCS_TRY(Kit::Wipe(h));
  STACCS_TRY(platform::CreateDirectoriesDurably(root, platform::FolderAccess::kPrivate));
  auto pass = crypto::Passphrase::Copy(AsBytes(kDemoPassphrase));
  CreateOptions create;
  create.kdf_profile = options.kdf_profile;
  std::string code;

  create.name = "Demo secretariat";
  STACCS_ASSIGN(Kit secretariat, Kit::Create(secretariat_home, pass, create, code));
  STACCS_ASSIGN(Bytes file, CampaignStore(secretariat).Create(ForumCallTemplate()));
  const fs::path campaign_file = root / "forum-call.stc";
  STACCS_TRY(platform::WriteFileAtomically(campaign_file, file));

  create.name = "Demo participant";
  STACCS_ASSIGN(Kit participant, Kit::Create(participant_home, pass, create, code));
  STACCS_ASSIGN(ImportedCampaign imported, CampaignStore(participant).Import(file));
  const std::string_view answers =
      options.language == "ar" ? kDemoAnswersAr : options.language == "fr" ? kDemoAnswersFr : kDemoAnswersEn;
  STACCS_ASSIGN(DraftContent content, ParseAnswersFile(answers, imported.campaign));
  content.language = options.language;
  STACCS_ASSIGN(Draft draft, DraftStore(participant).Create(imported.campaign.id_hex(), content));
  STACCS_ASSIGN(PracticeContent practice_content, ParsePracticeFile(kDemoPractice));
  STACCS_ASSIGN(Practice practice, PracticeStore(participant).Add(imported.campaign.id_hex(), practice_content));

  return DemoKits{root,
                  secretariat_home,
                  participant_home,
                  campaign_file,
                  std::move(secretariat),
                  std::move(participant),
                  std::move(imported.campaign),
                  std::move(file),
                  std::move(draft),
                  std::move(practice)};
}

}  // namespace staccs::core
