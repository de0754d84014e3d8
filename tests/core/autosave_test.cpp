#include <doctest/doctest.h>

#include <filesystem>

#include "kit_fixture.h"
#include "staccs/core/autosave.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::core;
using namespace std::chrono_literals;

TEST_CASE("autosave merges edits and commits at most once a second, and on close") {
  test::TempDir dir;
  Kit kit = test::MakeKit(dir / "home");
  test::MakeCampaign(kit);
  DraftStore drafts(kit);
  auto draft = drafts.Create(CampaignStore(kit).List()->front().id_hex(), {});
  REQUIRE(draft.ok());
  DraftAutosaver saver(drafts, draft->id);
  auto t0 = DraftAutosaver::Clock::now();

  DraftContent content;
  content.answers.push_back({"challenges", ""});
  for (int i = 0; i < 200; ++i) {
    content.answers[0].text += "x";
    saver.Edit(content);
    REQUIRE(saver.Tick(t0 + i * 4ms).ok());  // 200 keystrokes over 0.8 s
  }
  CHECK(saver.commits() == 1);  // the first tick commits; the rest wait out the second
  CHECK(saver.dirty());
  CHECK(saver.Tick(t0 + 999ms).value() == false);
  CHECK(saver.Tick(t0 + 1000ms).value() == true);
  CHECK(saver.commits() == 2);
  CHECK(drafts.Get(draft->id)->content.answers[0].text.size() == 200);

  content.answers[0].text = "final words";
  saver.Edit(content);
  CHECK(saver.Tick(t0 + 1200ms).value() == false);
  REQUIRE(saver.Close().ok());
  CHECK(saver.commits() == 3);
  CHECK_FALSE(saver.dirty());
  CHECK(drafts.Get(draft->id)->content.answers[0].text == "final words");
  CHECK(drafts.Get(draft->id)->save_count == 4);  // create + 3 commits
}
