// The submit flow shared by staccs-cli and the desktop client: before sealing, the author is
// told what could still identify them; the demo kits are set up once for both programs.
#include <doctest/doctest.h>

#include <algorithm>

#include "flow_fixture.h"
#include "staccs/core/attachment_store.h"
#include "staccs/core/demo_kit.h"
#include "staccs/core/submission.h"

using namespace staccs;
using namespace staccs::core;

namespace {
bool HasItem(const SubmissionPreview& p, IdentifyingItem::Kind kind, const std::string& field) {
  return std::any_of(p.identifying.begin(), p.identifying.end(),
                     [&](const IdentifyingItem& i) { return i.kind == kind && i.field == field; });
}
}  // namespace

TEST_CASE("the submit preview names every author detail given and the metadata an attachment keeps") {
  test::Flow flow;
  Kit kit = flow.NewParticipant("amina");
  DraftContent d;
  d.answers.push_back({flow.campaign.questions[0].id, "one two three"});
  d.author.name = "Amina";
  d.author.country = "Sudan";
  d.consent = Consent::kPublishWithAttribution;
  auto draft = DraftStore(kit).Create(flow.campaign.id_hex(), d);
  REQUIRE(draft.ok());
  test::WriteFile(flow.dir / "report.pdf", "%PDF-1.7 /Author (Amina)");
  REQUIRE(AttachmentStore(kit).Add(draft->id, flow.dir / "report.pdf", 1 << 20).ok());

  auto preview = PreviewSubmission(kit, draft->id.substr(0, 8));
  REQUIRE_MESSAGE(preview.ok(), test::Why(preview));
  CHECK(preview->source_id == draft->id);
  CHECK(preview->next_revision == 1);
  CHECK(preview->words.total == 3);
  CHECK(HasItem(*preview, IdentifyingItem::Kind::kAuthorDetail, "name"));
  CHECK(HasItem(*preview, IdentifyingItem::Kind::kAuthorDetail, "country"));
  CHECK_FALSE(HasItem(*preview, IdentifyingItem::Kind::kAuthorDetail, "organisation"));
  CHECK(HasItem(*preview, IdentifyingItem::Kind::kAttachmentMetadata, "report.pdf"));
  CHECK(HasItem(*preview, IdentifyingItem::Kind::kOwnWords, ""));
  for (const auto& item : preview->identifying)
    if (item.kind == IdentifyingItem::Kind::kAuthorDetail) CHECK(item.published);
  CHECK(DescribeIdentifying(preview->identifying.front()).find("Amina") != std::string::npos);

  // The preview changed nothing; the seal then makes revision 1, and the next preview says 2.
  REQUIRE(SubmitForSecretariat(kit, draft->id).ok());
  auto again = PreviewSubmission(kit, draft->id);
  REQUIRE(again.ok());
  CHECK(again->next_revision == 2);
  CHECK(PreviewSubmission(kit, "ffffffffffff").error().kind == ErrorKind::kUsage);
}

TEST_CASE("the demo kits hold an imported campaign, a draft in progress and a practice") {
  test::TempDir dir;
  DemoOptions options;
  options.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;
  options.language = "ar";
  {
    auto demo = SetUpDemoKits(dir.path(), options);
    REQUIRE_MESSAGE(demo.ok(), test::Why(demo));
    CHECK(CampaignStore(demo->participant).List()->size() == 1);
    CHECK(demo->draft.content.language == "ar");
    CHECK(demo->draft.state == "draft");
    CHECK(Outbox(demo->participant).List()->empty());
    CHECK(std::filesystem::exists(demo->campaign_file));
  }  // closed, as when `staccs-cli demo` exits: Windows cannot remove a store that is open
  // A second run replaces the first demo's kits (and only those).
  auto second = SetUpDemoKits(dir.path(), options);
  REQUIRE_MESSAGE(second.ok(), test::Why(second));
  CHECK(DraftStore(second->participant).List()->size() == 1);
}
