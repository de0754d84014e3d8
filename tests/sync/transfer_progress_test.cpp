// Long transfers report progress through atomics and stop when asked, between two bundles,
// leaving only whole, verified files behind (the desktop client's progress bars and Cancel).
#include <doctest/doctest.h>

#include "flow_fixture.h"
#include "staccs/sync/stick_transfer.h"

using namespace staccs;

TEST_CASE("a stick export counts its bundles as it goes and a cancelled one says so and writes none") {
  test::Flow flow;
  core::Kit kit = flow.NewParticipant("p");
  for (int i = 0; i < 3; ++i) flow.Submit(kit, "# q\nanswer " + std::to_string(i) + "\n");
  const auto stick = flow.dir / "stick";
  std::filesystem::create_directories(stick);

  sync::TransferProgress progress;
  progress.cancel = true;
  sync::StickOptions options;
  options.progress = &progress;
  auto cancelled = sync::ExportToStick(kit, stick, options);
  REQUIRE(cancelled.ok());
  CHECK(cancelled->stopped == "cancelled");
  CHECK(cancelled->bundles_written == 0);
  CHECK(progress.total == 3);

  progress.Reset();
  auto done = sync::ExportToStick(kit, stick, options);
  REQUIRE(done.ok());
  CHECK(done->stopped.empty());
  CHECK(done->bundles_written == 3);
  CHECK(progress.done == 3);
  CHECK(progress.bytes == 3 * core::kBundleMinSize);

  core::Kit other = flow.NewParticipant("organiser");
  progress.Reset();
  auto imported = sync::ImportFromStick(other, stick, options);
  REQUIRE(imported.ok());
  CHECK(imported->bundles_new == 3);
  CHECK(progress.done == 3);
  CHECK(progress.total == 3);
}
