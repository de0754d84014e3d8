// The desktop client's model without a window: intents in, snapshots and events out, the
// kit on the worker thread, transfers on a second one with progress and cancel.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "flow_fixture.h"
#include "staccs/core/demo_kit.h"
#include "staccs/core/practice_store.h"
#include "staccs/core/submission.h"
#include "staccs/gui/model/preferences.h"
#include "staccs/gui/model/session.h"

using namespace staccs;
using namespace staccs::gui::model;
using namespace std::chrono_literals;

namespace {

// Collects events until `pred` holds for one of them (or a timeout), keeping the latest snapshot.
struct Driver {
  Session& session;
  std::shared_ptr<const Snapshot> snapshot;
  std::vector<Event> seen;

  template <class E>
  const E* WaitFor(std::chrono::milliseconds timeout = 10s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (std::size_t checked = 0;;) {
      for (; checked < seen.size(); ++checked)
        if (const E* e = std::get_if<E>(&seen[checked])) return e;
      if (std::chrono::steady_clock::now() > until) return nullptr;
      session.WaitForEvent(50ms);
      for (auto& e : session.Drain()) {
        if (auto* s = std::get_if<event::SnapshotReady>(&e)) snapshot = s->snapshot;
        seen.push_back(std::move(e));
      }
    }
  }
  // The next snapshot matching `pred`.
  template <class P>
  bool WaitForSnapshot(P pred, std::chrono::milliseconds timeout = 10s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (snapshot && pred(*snapshot)) return true;
      session.WaitForEvent(50ms);
      for (auto& e : session.Drain()) {
        if (auto* s = std::get_if<event::SnapshotReady>(&e)) snapshot = s->snapshot;
        seen.push_back(std::move(e));
      }
    }
    return false;
  }
  void Clear() { seen.clear(); }
};

SessionOptions Options(const std::filesystem::path& home) {
  SessionOptions o;
  o.home = home;
  o.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;
  o.background_sync_check = 0ms;
  return o;
}

core::DemoKits Demo(const std::filesystem::path& root) {
  core::DemoOptions d;
  d.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;
  auto demo = core::SetUpDemoKits(root, d);
  if (!demo) throw std::runtime_error(demo.error().message);
  return std::move(*demo);
}

crypto::Passphrase DemoPass() { return crypto::Passphrase::Copy(AsBytes(core::kDemoPassphrase)); }

}  // namespace

TEST_CASE("first run makes a kit, shows its recovery code once, and a wrong passphrase is refused after locking") {
  test::TempDir dir;
  Session session(Options(dir / "home"));
  Driver d{session, {}, {}};
  REQUIRE(d.WaitForSnapshot([](const Snapshot& s) { return s.stage == Stage::kFirstRun; }));
  session.Post(intent::CreateKit{test::Pass("first run pass"), "laptop"});
  const auto* created = d.WaitFor<event::KitCreated>();
  REQUIRE(created != nullptr);
  CHECK(created->recovery_code.size() == 34);  // seven groups of four and six dashes
  REQUIRE(d.WaitForSnapshot([](const Snapshot& s) { return s.stage == Stage::kUnlocked; }));
  CHECK(d.snapshot->kit_name == "laptop");

  session.Post(intent::Lock{});
  REQUIRE(d.WaitForSnapshot([](const Snapshot& s) { return s.stage == Stage::kLocked; }));
  session.Post(intent::Unlock{test::Pass("not it")});
  const auto* refused = d.WaitFor<event::UnlockRefused>();
  REQUIRE(refused != nullptr);
  CHECK(refused->reason == "wrong passphrase");
  REQUIRE(d.WaitForSnapshot([](const Snapshot& s) { return s.failed_unlocks == 1; }));
  session.Post(intent::Unlock{test::Pass("first run pass")});
  CHECK(d.WaitForSnapshot([](const Snapshot& s) { return s.stage == Stage::kUnlocked; }));
}

TEST_CASE("the session edits a draft with autosave at most once a second, then seals it after a preview") {
  test::TempDir dir;
  core::DemoKits demo = Demo(dir.path());
  const std::string draft_id = demo.draft.id;
  { core::DemoKits closed = std::move(demo); }  // the kits close; the session opens the participant's
  Session session(Options(dir / "participant"));
  Driver d{session, {}, {}};
  session.Post(intent::Unlock{DemoPass()});
  REQUIRE(d.WaitForSnapshot([](const Snapshot& s) { return s.stage == Stage::kUnlocked; }));
  REQUIRE(d.snapshot->campaigns.size() == 1);
  CHECK(d.snapshot->campaigns[0].fingerprint_groups.size() == 6);
  const DraftView* view = FindDraft(*d.snapshot, draft_id);
  REQUIRE(view != nullptr);
  CHECK(view->words.total > 50);

  // Twenty edits in quick succession: the first commits at once, the rest wait for the
  // second to pass and go in as one commit holding the last; then nothing more.
  core::DraftContent content = view->draft.content;
  for (int i = 0; i < 20; ++i) {
    content.answers[0].text = "edit " + std::to_string(i) + " مرحبا";
    session.Post(intent::EditDraft{draft_id, content});
  }
  REQUIRE(d.WaitFor<event::Saved>(5s) != nullptr);
  std::this_thread::sleep_for(2500ms);
  for (auto& e : session.Drain()) d.seen.push_back(std::move(e));
  std::size_t saves = 0, last_commits = 0;
  for (const auto& e : d.seen)
    if (const auto* s = std::get_if<event::Saved>(&e)) {
      ++saves;
      last_commits = s->commits;
    }
  CHECK(saves <= 2);
  CHECK(last_commits == saves);

  session.Post(intent::PreviewSubmit{draft_id});
  const auto* preview = d.WaitFor<event::PreviewReady>();
  REQUIRE(preview != nullptr);
  CHECK(preview->preview.next_revision == 1);
  CHECK(preview->preview.identifying.size() >= 2);  // the demo's organisation and country, and the text
  session.Post(intent::Submit{draft_id});
  const auto* submitted = d.WaitFor<event::Submitted>();
  REQUIRE(submitted != nullptr);
  REQUIRE(d.WaitForSnapshot([](const Snapshot& s) { return s.outbox.size() == 1; }));
  CHECK(d.snapshot->outbox[0].state == BundleState::kSealed);
  CHECK(d.snapshot->sync_has_work);

  // The draft as sealed holds the last edit, in logical order.
  session.Post(intent::Lock{});
  REQUIRE(d.WaitForSnapshot([](const Snapshot& s) { return s.stage == Stage::kLocked; }));
  auto kit = core::Kit::Unlock(dir / "participant", DemoPass());
  REQUIRE(kit.ok());
  CHECK(core::DraftStore(*kit).Get(draft_id)->content.answers[0].text == "edit 19 مرحبا");
}

TEST_CASE("a stick export runs on its own thread with progress while drafts still save, and reports") {
  test::TempDir dir;
  core::DemoKits demo = Demo(dir.path());
  const std::string draft_id = demo.draft.id;
  for (int i = 0; i < 40; ++i) {
    core::PracticeContent content;
    content.title = "practice " + std::to_string(i);
    auto p = core::PracticeStore(demo.participant).Add(demo.campaign.id_hex(), content);
    REQUIRE(p.ok());
    REQUIRE(core::SubmitForSecretariat(demo.participant, p->id).ok());
  }
  { core::DemoKits closed = std::move(demo); }
  std::filesystem::create_directories(dir / "stick");
  Session session(Options(dir / "participant"));
  Driver d{session, {}, {}};
  session.Post(intent::Unlock{DemoPass()});
  REQUIRE(d.WaitForSnapshot([](const Snapshot& s) { return s.stage == Stage::kUnlocked; }));

  session.Post(intent::ExportToStick{dir / "stick"});
  core::DraftContent content = FindDraft(*d.snapshot, draft_id)->draft.content;
  content.answers[0].text = "written while the stick fills";
  session.Post(intent::EditDraft{draft_id, content});
  const auto* exported = d.WaitFor<event::Exported>(30s);
  REQUIRE(exported != nullptr);
  CHECK(exported->report.bundles_written == 40);
  CHECK(session.progress(Lane::kStick).done == 40);
  CHECK(session.progress(Lane::kStick).total == 40);
  CHECK(d.WaitFor<event::Saved>(5s) != nullptr);
  REQUIRE(d.WaitForSnapshot([](const Snapshot& s) {
    return !s.outbox.empty() && s.outbox[0].state == BundleState::kOnStick;
  }));
  CHECK(session.transfer(Lane::kStick) == TransferKind::kNone);

  // A folder that holds no kit: the reason comes back to the USB screen.
  d.Clear();
  session.Post(intent::ImportFromStick{dir / "no-such-stick"});
  const auto* failed = d.WaitFor<event::Failed>();
  REQUIRE(failed != nullptr);
  CHECK(failed->topic == Topic::kUsb);
  CHECK(failed->message.find("no kit folder") != std::string::npos);
}

TEST_CASE("practices are searched as one types, only the latest query answered") {
  test::TempDir dir;
  { core::DemoKits closed = Demo(dir.path()); }
  Session session(Options(dir / "participant"));
  Driver d{session, {}, {}};
  // The searches queue behind the unlock (a key derivation and a store opening, far longer
  // than five posts), so the worker finds them all waiting, as it does when someone types
  // faster than it searches; without the skip it would answer "s" first.
  session.Post(intent::Unlock{DemoPass()});
  for (const char* q : {"s", "sa", "sat", "sate", "satellite"}) session.Post(intent::SearchPractices{q, {}});
  const auto* results = d.WaitFor<event::SearchResults>();
  REQUIRE(results != nullptr);
  CHECK(results->query == "satellite");
  CHECK(results->practice_ids.size() == 1);
  d.Clear();
  session.Post(intent::SearchPractices{"nothing-like-this", {}});
  results = d.WaitFor<event::SearchResults>();
  REQUIRE(results != nullptr);
  CHECK(results->query == "nothing-like-this");
  CHECK(results->practice_ids.empty());
}

TEST_CASE("panic wipe from the session leaves a kit nobody can open") {
  test::TempDir dir;
  { core::DemoKits closed = Demo(dir.path()); }
  Session session(Options(dir / "participant"));
  Driver d{session, {}, {}};
  session.Post(intent::Unlock{DemoPass()});
  REQUIRE(d.WaitForSnapshot([](const Snapshot& s) { return s.stage == Stage::kUnlocked; }));
  session.Post(intent::PanicWipe{});
  REQUIRE(d.WaitFor<event::Wiped>() != nullptr);
  CHECK(d.WaitForSnapshot([](const Snapshot& s) { return s.stage == Stage::kFirstRun; }));
  CHECK_FALSE(core::Kit::Unlock(dir / "participant", DemoPass()).ok());
}

TEST_CASE("display preferences survive a restart and bad values fall back to defaults") {
  test::TempDir dir;
  Preferences p;
  p.language = "ar";
  p.font_size = 22;
  p.high_contrast = true;
  REQUIRE(SavePreferences(dir.path(), p));
  CHECK(LoadPreferences(dir.path()) == p);
  test::WriteFile(dir / "display.json", R"({"language": "xx", "font_size": 400, "auto_lock_minutes": -5})");
  const Preferences q = LoadPreferences(dir.path());
  CHECK(q.font_size == Preferences::kMaxFont);
  CHECK(q.auto_lock_minutes == 0);
  CHECK((q.language == "en" || q.language == "fr" || q.language == "ar"));
}
