#include <doctest/doctest.h>

#include <filesystem>

#include "kit_fixture.h"
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
