#include <doctest/doctest.h>

#include <filesystem>

#include "kit_fixture.h"
#include "staccs/sync/sync_now.h"
#include "staccs/sync/sync_schedule.h"

using namespace staccs;
using namespace staccs::sync;

TEST_CASE("sync backs off exponentially with jitter after failures and resets on success") {
  SyncState s;
  const std::int64_t now = 1'764'000'000;
  RecordAttempt(s, false, 0, 0, now, 0.5);
  CHECK(s.failures == 1);
  CHECK(s.next_attempt_unix == now + 30);
  RecordAttempt(s, false, 0, 0, now, 0.5);
  CHECK(s.next_attempt_unix == now + 60);
  RecordAttempt(s, false, 0, 0, now, 0.0);
  CHECK(s.next_attempt_unix == now + 96);  // 120 s less 20%
  RecordAttempt(s, false, 0, 0, now, 0.999999);
  CHECK(s.next_attempt_unix == now + 288);  // 240 s plus almost 20%
  for (int i = 0; i < 40; ++i) RecordAttempt(s, false, 0, 0, now, 0.5);
  CHECK(s.next_attempt_unix == now + kMaxRetrySeconds);
  CHECK_FALSE(DueNow(s, now + 60));
  RecordAttempt(s, true, 100, 50, now, 0.5);
  CHECK(s.failures == 0);
  CHECK(s.next_attempt_unix == 0);
  CHECK(DueNow(s, now));
}

TEST_CASE("the daily data budget counts both directions and starts afresh each UTC day") {
  SyncState s;
  s.daily_budget_bytes = 100'000;
  const std::int64_t day = 1'764'028'800;  // a UTC midnight
  CHECK(BytesAllowedToday(s, day + 10) == 100'000);
  RecordAttempt(s, true, 60'000, 30'000, day + 10, 0.5);
  CHECK(BytesAllowedToday(s, day + 20) == 10'000);
  RecordAttempt(s, true, 20'000, 0, day + 30, 0.5);
  CHECK(BytesAllowedToday(s, day + 40) == 0);
  CHECK_FALSE(DueNow(s, day + 40));
  CHECK(BytesAllowedToday(s, day + 86'400) == 100'000);
  CHECK(ToStatus(s, day + 50).bytes_sent_today == 80'000);
  s.daily_budget_bytes = 0;
  CHECK(BytesAllowedToday(s, day) == UINT64_MAX);
}

TEST_CASE("sync state is kept sealed in the kit and survives a restart") {
  test::TempDir dir;
  {
    core::Kit kit = test::MakeKit(dir / "home");
    SyncState s;
    s.daily_budget_bytes = 123'456;
    RecordAttempt(s, false, 10, 20, 1'764'000'000, 0.5);
    REQUIRE(SaveSyncState(kit, s).ok());
  }
  auto kit = core::Kit::Unlock(dir / "home", test::Pass());
  REQUIRE(kit.ok());
  auto s = LoadSyncState(*kit);
  REQUIRE(s.ok());
  CHECK(s->daily_budget_bytes == 123'456);
  CHECK(s->failures == 1);
  CHECK(s->bytes_received_today == 20);
  CHECK(test::FilesContaining(dir.path(), AsBytes("123456")).empty());
}

TEST_CASE("one sync attempt, manual or scheduled, keeps the backoff and the budget as the CLI and GUI share it") {
  test::TempDir dir;
  core::Kit secretariat = test::MakeKit(dir / "s");
  core::Campaign content = core::ForumCallTemplate();
  // A relay nobody listens on: every attempt is unreachable.
  content.relays.push_back({test::LoopbackUrl(test::FreePort()), std::nullopt, std::nullopt});
  auto file = core::CampaignStore(secretariat).Create(content);
  REQUIRE(file.ok());
  core::Kit kit = test::MakeParticipant(dir / "p", *file);
  const std::int64_t now = 1'764'028'800;
  sync::SyncOptions options;
  options.http.connect_timeout_seconds = 2;

  // Nothing to send: a scheduled attempt does not run.
  auto idle = RunSync(kit, options, SyncTrigger::kScheduled, now);
  REQUIRE(idle.ok());
  CHECK_FALSE(idle->ran);

  test::SubmitAnswer(kit, core::CampaignStore(kit).List()->front(), "to be sent");
  CHECK(HasSomethingToSend(kit));
  auto first = RunSync(kit, options, SyncTrigger::kManual, now);
  REQUIRE(first.ok());
  CHECK(first->ran);
  REQUIRE_FALSE(first->report.ok());
  CHECK(first->report.error().kind == ErrorKind::kUnreachable);
  // A manual attempt (staccs-cli sync) promises no retry that nothing would run.
  CHECK(first->report.error().message.find("next automatic attempt") == std::string::npos);
  CHECK(first->report.error().message.find("nothing retries this by itself") != std::string::npos);
  CHECK(first->state.failures == 1);
  CHECK(LoadSyncState(kit)->failures == 1);  // saved

  // Within the backoff a scheduled attempt waits; "Sync now" does not.
  auto waiting = RunSync(kit, options, SyncTrigger::kScheduled, now + 5);
  REQUIRE(waiting.ok());
  CHECK_FALSE(waiting->ran);
  auto manual = RunSync(kit, options, SyncTrigger::kManual, now + 5);
  REQUIRE(manual.ok());
  CHECK(manual->ran);
  CHECK(manual->state.failures == 2);

  // A used-up budget: the user is told; a background attempt quietly waits.
  SyncState state = *LoadSyncState(kit);
  state.daily_budget_bytes = 20'000;
  state.day = now / 86400;
  state.bytes_sent_today = 20'000;
  REQUIRE(SaveSyncState(kit, state).ok());
  auto refused = RunSync(kit, options, SyncTrigger::kManual, now + 10);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::kUsage);
  auto quiet = RunSync(kit, options, SyncTrigger::kScheduled, now + 20);
  REQUIRE(quiet.ok());
  CHECK_FALSE(quiet->ran);
}
