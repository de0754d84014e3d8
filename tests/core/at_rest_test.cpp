// SPEC §3.4: a marker planted in every user field is absent from the database, its -wal and
// -shm files and any temporary file, before and after a crash.
#include <doctest/doctest.h>

#include <filesystem>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "kit_fixture.h"
#include "staccs/core/attachment_store.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/practice_store.h"
#include "staccs/crypto/random.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::core;

namespace {

// Fills every user field of a draft and a practice with `marker`; returns their ids.
std::pair<std::string, std::string> PlantMarkers(Kit& kit, const std::string& marker) {
  test::MakeCampaign(kit);
  const Campaign campaign = CampaignStore(kit).List()->front();
  DraftContent d;
  for (const Question& q : campaign.questions) d.answers.push_back({q.id, "answer " + marker + " " + q.id});
  d.author = {"name " + marker, "organisation " + marker, "group " + marker, "country " + marker};
  d.consent = Consent::kPublishWithAttribution;
  auto draft = DraftStore(kit).Create(campaign.id_hex(), d);
  REQUIRE(draft.ok());
  // A second save, so the WAL holds more than one version of the row.
  d.answers[0].text += " revised " + marker;
  REQUIRE(DraftStore(kit).Save(draft->id, d).ok());
  // An attachment whose name and bytes carry the marker; the file itself lives outside the home.
  const fs::path file = kit.paths().home.parent_path() / "outside" / ("notes-" + marker + ".txt");
  fs::create_directories(file.parent_path());
  test::WriteFile(file, "attachment text " + marker);
  REQUIRE(AttachmentStore(kit).Add(draft->id, file, 1 << 20).ok());
  fs::remove_all(file.parent_path());

  PracticeContent p;
  p.title = "title " + marker;
  p.description = "description " + marker;
  p.actors = {"actor " + marker};
  p.countries = {"country " + marker};
  p.sources = {"https://example.org/" + marker};
  auto practice = PracticeStore(kit).Add(campaign.id_hex(), p);
  REQUIRE(practice.ok());
  // Sorting on an unindexed column is where SQLite would spill to a temporary file.
  auto st = kit.db().Prepare("SELECT id FROM drafts ORDER BY sealed, updated_at DESC");
  REQUIRE(st.ok());
  while (st->Step().value()) {}
  return {draft->id, practice->id};
}

void CheckNoMarker(const fs::path& where, const std::string& marker) {
  auto hits = test::FilesContaining(where, AsBytes(marker));
  for (const auto& h : hits) FAIL_CHECK("marker found in " << h.string());
  CHECK(hits.empty());
}

}  // namespace

TEST_CASE("no user field reaches the disk in the clear, before or after a crash") {
  test::TempDir dir;
  const fs::path home = dir / "home";
  const fs::path tmp = dir / "tmp";
  fs::create_directories(tmp);
  ::setenv("SQLITE_TMPDIR", tmp.c_str(), 1);
  ::setenv("TMPDIR", tmp.c_str(), 1);
  const std::string marker = "MARKER" + crypto::RandomId();

  SUBCASE("after a clean close") {
    std::pair<std::string, std::string> ids;
    {
      Kit kit = test::MakeKit(home);
      ids = PlantMarkers(kit, marker);
      // While open: WAL and -shm exist now.
      CHECK(fs::exists(home / "kit.db-wal"));
      CheckNoMarker(dir.path(), marker);
    }
    CheckNoMarker(dir.path(), marker);
    // The data is really there, under the key: the test is not vacuous.
    auto kit = Kit::Unlock(home, test::Pass());
    REQUIRE(kit.ok());
    CHECK(DraftStore(*kit).Get(ids.first)->content.author.name == "name " + marker);
    CHECK(PracticeStore(*kit).Get(ids.second)->content.title == "title " + marker);
  }

  SUBCASE("after the process is killed with the store open") {
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      Kit kit = test::MakeKit(home);
      PlantMarkers(kit, marker);
      ::raise(SIGKILL);  // no destructor, no checkpoint: the WAL stays as it is
      ::_exit(1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    CHECK(fs::exists(home / "kit.db-wal"));
    CheckNoMarker(dir.path(), marker);
    auto kit = Kit::Unlock(home, test::Pass());
    REQUIRE(kit.ok());
    auto drafts = DraftStore(*kit).List();
    REQUIRE(drafts.ok());
    REQUIRE(drafts->size() == 1);
    CHECK(drafts->front().content.answers[0].text.find("revised " + marker) != std::string::npos);
    CheckNoMarker(dir.path(), marker);
  }
  ::unsetenv("SQLITE_TMPDIR");
  ::unsetenv("TMPDIR");
}
