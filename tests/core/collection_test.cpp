// Collection against content and stores that are not what they should be: the content JSON
// is checked against its schema, bytes altered in the store are caught by their id, and a
// run cut off before its received-log still gets its bundles listed by the next one.
#include <doctest/doctest.h>

#include "kit_fixture.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/collection.h"
#include "staccs/core/practice.h"
#include "staccs/core/received_log_store.h"
#include "staccs/core/set_aside.h"
#include "stranger_bundle.h"

using namespace staccs;
using namespace staccs::core;

TEST_CASE("the content of a bundle is checked against the schema of its type") {
  DraftContent d;
  d.answers.push_back({"challenges", "an answer"});
  d.author.name = "A. Person";
  CHECK(CheckBundleContent(BundleType::kSubmission, EncodeDraftContent(d)).ok());
  PracticeContent p;
  p.title = "Spare backhaul";
  CHECK(CheckBundleContent(BundleType::kPractice, EncodePracticeContent(p)).ok());
  CHECK_FALSE(CheckBundleContent(BundleType::kSubmission, EncodePracticeContent(p)).ok());
  CHECK_FALSE(CheckBundleContent(BundleType::kPractice, EncodeDraftContent(d)).ok());

  const char* bad_submissions[] = {
      "",
      "not json",
      "[1, 2]",
      "{\"answers\": 5}",
      "{\"answers\": [{\"q\": 1, \"text\": \"x\"}], \"author\": {}, \"consent\": \"anonymous\", \"language\": \"en\"}",
      "{\"answers\": [], \"author\": {\"name\": \"\", \"organisation\": \"\", \"stakeholder_group\": \"\", \"country\": \"\"}, "
      "\"consent\": \"maybe\", \"language\": \"en\"}",
      "{\"answers\": [{\"q\": \"q1\", \"text\": \"caf\xe9\"}]}",
      "{\"answers\": [{\"q\": \"q1\", \"text\": \"x\"}], \"author\": [], \"consent\": \"anonymous\", \"language\": \"en\"}",
  };
  for (const char* bad : bad_submissions) {
    auto r = CheckBundleContent(BundleType::kSubmission, AsBytes(bad));
    CHECK_MESSAGE(!r.ok(), bad);
    if (!r.ok()) CHECK(r.error().kind == ErrorKind::kBadInput);
  }
  CHECK_FALSE(CheckBundleContent(BundleType::kPractice, AsBytes("{\"title\": \"t\", \"phase\": \"later\"}")).ok());
}

TEST_CASE("a bundle altered in the store after it arrived is set aside, not recorded") {
  test::TempDir dir;
  Kit kit = test::MakeKit(dir / "secretariat");
  test::MakeCampaign(kit);
  const Campaign campaign = CampaignStore(kit).List()->front();
  auto b = test::SealAsStranger(campaign, test::HonestContent(campaign, "honest words"));
  REQUIRE(BundleStore(kit).Put(b.bytes, false).ok());
  // A byte of the stored copy changes (a failing disk, someone with the file): the bundle no
  // longer authenticates (nor hashes to its id), and nothing of it is recorded.
  auto st = kit.db().Prepare("UPDATE bundles SET bytes = ? WHERE id = ?");
  REQUIRE(st.ok());
  Bytes altered = b.bytes;
  altered.back() ^= 1;
  st->Bind(1, altered).Bind(2, b.id_hex());
  REQUIRE(st->Run().ok());
  auto report = CollectHeldBundles(kit);
  REQUIRE_MESSAGE(report.ok(), test::Why(report));
  CHECK(report->opened == 0);
  CHECK(report->rejected == 1);
  auto aside = ListSetAside(kit);
  REQUIRE(aside.ok());
  REQUIRE(aside->size() == 1);
  CHECK(aside->front().bundle_id == b.id_hex());
  CHECK(aside->front().not_opened);
}

TEST_CASE("a bundle recorded by a collect that stopped before its received-log is listed by the next one") {
  test::TempDir dir;
  Kit kit = test::MakeKit(dir / "secretariat");
  test::MakeCampaign(kit);
  const Campaign campaign = CampaignStore(kit).List()->front();
  auto secrets = CampaignStore(kit).Secrets(campaign.id_hex());
  REQUIRE(secrets.ok());
  auto b = test::SealAsStranger(campaign, test::HonestContent(campaign, "recorded, then the power went"));
  REQUIRE(BundleStore(kit).Put(b.bytes, false).ok());
  auto opened = OpenBundle(b.bytes, campaign, secrets->encryption);
  REQUIRE(opened.ok());
  REQUIRE(RecordOpenedBundle(kit, b.id_hex(), campaign.id_hex(), *opened).ok());  // committed, no log yet

  auto report = CollectHeldBundles(kit);
  REQUIRE(report.ok());
  CHECK(report->opened == 0);
  REQUIRE(report->logs_updated.size() == 1);
  auto log = ReceivedLogStore(kit).Get(campaign.id_hex());
  REQUIRE((log.ok() && log->has_value()));
  REQUIRE((*log)->entries.size() == 1);
  CHECK((*log)->entries.front().bundle_id == b.id);
  CHECK((*log)->entries.front().ack_tag == AckTag(opened->ack_secret));
}
