#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>

#include <chrono>
#include <map>

#include "kit_fixture.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/key_file.h"
#include "staccs/core/platform.h"
#include "staccs/core/unlock_throttle.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::core;

namespace {

std::map<std::string, std::string> Snapshot(const fs::path& home) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(home))
    if (e.is_regular_file()) files[e.path().filename().string()] = test::ReadFileText(e.path());
  return files;
}

DraftContent OneAnswer(const std::string& text) {
  DraftContent d;
  d.answers.push_back({"challenges", text});
  return d;
}

}  // namespace

TEST_CASE("a kit unlocks with its passphrase and keeps its identity") {
  test::TempDir dir;
  Bytes seed_copy;
  {
    Kit kit = test::MakeKit(dir / "home");
    seed_copy.assign(kit.identity_seed().view().begin(), kit.identity_seed().view().end());
    CHECK(kit.name() == "test kit");
    CHECK(seed_copy.size() == 32);
  }
  auto again = Kit::Unlock(dir / "home", test::Pass());
  REQUIRE(again.ok());
  CHECK(again->identity_seed().Equals(seed_copy));
  std::string code;
  CHECK(Kit::Create(dir / "home", test::Pass(), {}, code).error().kind == ErrorKind::kUsage);
}

TEST_CASE("a wrong passphrase says so and changes nothing but the failure counter") {
  test::TempDir dir;
  std::string draft_id;
  {
    Kit kit = test::MakeKit(dir / "home");
    test::MakeCampaign(kit);
    DraftStore drafts(kit);
    auto campaigns = CampaignStore(kit).List();
    draft_id = drafts.Create(campaigns->front().id_hex(), OneAnswer("kept"))->id;
  }
  auto before = Snapshot(dir / "home");
  auto r = Kit::Unlock(dir / "home", test::Pass("wrong"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kBadInput);
  CHECK(r.error().message == "wrong passphrase");
  auto after = Snapshot(dir / "home");
  CHECK(after.count("lock.state") == 1);
  after.erase("lock.state");
  before.erase("lock.state");
  CHECK(after == before);  // store, WAL and keys byte for byte the same

  auto ok = Kit::Unlock(dir / "home", test::Pass());
  REQUIRE(ok.ok());
  DraftStore drafts(*ok);
  CHECK(drafts.Get(draft_id)->content.answers[0].text == "kept");
}

TEST_CASE("repeated failures are throttled and can wipe the kit when the owner chose so") {
  test::TempDir dir;
  {
    Kit kit = test::MakeKit(dir / "home");
    REQUIRE(kit.SetWipeAfterFailures(3).ok());
  }
  CHECK(Kit::Unlock(dir / "home", test::Pass("no")).error().message == "wrong passphrase");
  CHECK(Kit::Unlock(dir / "home", test::Pass("no")).error().message == "wrong passphrase");
  CHECK(Kit::Exists(dir / "home"));
  CHECK(Kit::Unlock(dir / "home", test::Pass("no")).error().message == "wrong passphrase");
  CHECK_FALSE(Kit::Exists(dir / "home"));
  CHECK_FALSE(Kit::Unlock(dir / "home", test::Pass()).ok());

  UnlockThrottle t;
  t.failures = 5;
  t.last_failure_unix = 1000;
  CHECK(t.SecondsToWait(1000) == 8);
  CHECK(t.SecondsToWait(1008) == 0);
  t.failures = 2;
  CHECK(t.SecondsToWait(1000) == 0);
  t.failures = 100;
  CHECK(t.SecondsToWait(1000) == 300);
}

TEST_CASE("a throttled kit refuses attempts until the wait is over, even the right passphrase") {
  test::TempDir dir;
  { Kit kit = test::MakeKit(dir / "home"); }
  UnlockThrottle t;
  t.failures = 4;
  t.last_failure_unix = platform::UnixTimeNow();
  REQUIRE(t.Save(KitPaths{dir / "home"}.lock_state()).ok());
  auto r = Kit::Unlock(dir / "home", test::Pass());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("too many failed unlock attempts") != std::string::npos);
}

TEST_CASE("panic wipe makes the store unreadable in under a second at 10,000 drafts") {
  test::TempDir dir;
  Bytes wrapped_slot;
  {
    Kit kit = test::MakeKit(dir / "home");
    test::MakeCampaign(kit);
    const std::string campaign = CampaignStore(kit).List()->front().id_hex();
    DraftStore drafts(kit);
    REQUIRE(kit.db().Begin().ok());
    for (int i = 0; i < 10000; ++i) REQUIRE(drafts.Create(campaign, OneAnswer("draft " + std::to_string(i))).ok());
    REQUIRE(kit.db().Commit().ok());
    CHECK(*drafts.Count() == 10000);
    auto kf = KeyFile::Parse(*platform::ReadFile(kit.paths().key_file()));
    REQUIRE(kf.ok());
    wrapped_slot.assign(kf->main_slot.begin(), kf->main_slot.end());
  }
  auto start = std::chrono::steady_clock::now();
  REQUIRE(Kit::Wipe(dir / "home").ok());
  auto elapsed = std::chrono::steady_clock::now() - start;
  // Generous for a loaded CI machine; bench/ measures the real figure.
  CHECK(elapsed < std::chrono::seconds(1));
  CHECK_FALSE(Kit::Exists(dir / "home"));
  CHECK_FALSE(Kit::Unlock(dir / "home", test::Pass()).ok());
  CHECK(test::FilesContaining(dir.path(), wrapped_slot).empty());
  CHECK(test::FilesContaining(dir.path(), ByteView(wrapped_slot).subspan(24, 32)).empty());
}

TEST_CASE("the duress passphrase opens an empty kit and the real one is gone") {
  test::TempDir dir;
  Bytes real_seed;
  {
    Kit kit = test::MakeKit(dir / "home");
    test::MakeCampaign(kit);
    real_seed.assign(kit.identity_seed().view().begin(), kit.identity_seed().view().end());
    CHECK(kit.SetDuressPassphrase(test::Pass()).error().kind == ErrorKind::kUsage);  // must differ
    REQUIRE(kit.SetDuressPassphrase(test::Pass("duress words")).ok());
  }
  auto duress = Kit::Unlock(dir / "home", test::Pass("duress words"));
  REQUIRE(duress.ok());
  CHECK(CampaignStore(*duress).List()->empty());
  CHECK(DraftStore(*duress).Count().value() == 0);
  CHECK_FALSE(duress->identity_seed().Equals(real_seed));
  // The real passphrase no longer opens anything; the duress one keeps opening the empty kit.
  CHECK_FALSE(Kit::Unlock(dir / "home", test::Pass()).ok());
  CHECK(Kit::Unlock(dir / "home", test::Pass("duress words")).ok());
  CHECK(test::FilesContaining(dir.path(), real_seed).empty());
}

TEST_CASE("changing the passphrase re-wraps the one data key") {
  test::TempDir dir;
  {
    Kit kit = test::MakeKit(dir / "home");
    test::MakeCampaign(kit);
    REQUIRE(kit.ChangePassphrase(test::Pass("new words")).ok());
  }
  CHECK_FALSE(Kit::Unlock(dir / "home", test::Pass()).ok());
  auto kit = Kit::Unlock(dir / "home", test::Pass("new words"));
  REQUIRE(kit.ok());
  CHECK(CampaignStore(*kit).List()->size() == 1);
}

TEST_CASE("a damaged key file is reported, not trusted") {
  test::TempDir dir;
  { Kit kit = test::MakeKit(dir / "home"); }
  fs::path kf = KitPaths{dir / "home"}.key_file();
  std::string bytes = test::ReadFileText(kf);
  SUBCASE("truncated") { test::WriteFile(kf, bytes.substr(0, 100)); }
  SUBCASE("cost changed") { bytes[12] ^= 1; test::WriteFile(kf, bytes); }
  SUBCASE("slot changed") { bytes[100] ^= 1; test::WriteFile(kf, bytes); }
  auto r = Kit::Unlock(dir / "home", test::Pass());
  CHECK_FALSE(r.ok());
}

TEST_CASE("every file of a kit is 0600 and every folder 0700, whatever the umask, WAL and lock files included") {
  // A copied kit folder (a backup on a shared disk, a stick) keeps its files' modes: the
  // folder's 0700 alone would not protect kit.db there (issue 8).
  const mode_t old_umask = ::umask(0);
  test::TempDir dir;
  {
    Kit kit = test::MakeKit(dir / "home");
    DraftContent d;
    d.answers.push_back({"q1", "an answer kept private"});
    REQUIRE(CampaignStore(kit).Create(ForumCallTemplate()).ok());
    auto campaigns = CampaignStore(kit).List();
    REQUIRE(campaigns.ok());
    REQUIRE(DraftStore(kit).Create(campaigns->front().id_hex(), d).ok());
    // While the kit is open its WAL and shared-memory files exist too.
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir / "home")) {
      struct stat st {};
      REQUIRE(::lstat(e.path().c_str(), &st) == 0);
      CAPTURE(e.path().string());
      if (S_ISDIR(st.st_mode)) CHECK((st.st_mode & 0777) == 0700);
      else {
        CHECK((st.st_mode & 0777) == 0600);
        ++files;
      }
    }
    CHECK(files >= 4);  // kit.db, its -wal and -shm, keys.bin
    CHECK(fs::exists(dir / "home" / "kit.db-wal"));
  }
  struct stat home {};
  REQUIRE(::stat((dir / "home").c_str(), &home) == 0);
  CHECK((home.st_mode & 0777) == 0700);
  ::umask(old_umask);
}
