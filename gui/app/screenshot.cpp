#include "screenshot.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "staccs/core/demo_kit.h"
#include "staccs/core/platform.h"
#include "staccs/core/submission.h"
#include "staccs/sync/stick_transfer.h"
#include "window.h"

namespace staccs::gui {

namespace fs = std::filesystem;

namespace {

// Draws frames until the session has answered and the picture settled, then saves it.
bool Shoot(Window& window, model::Session& session, Screens& screens, Shell& shell, const fs::path& file,
           std::int64_t now_unix) {
  for (int i = 0; i < 200 && (session.busy() || !window.snapshot()); ++i) {
    session.WaitForEvent(std::chrono::milliseconds(50));
    window.DrawFrame(session, screens, shell, now_unix, MonotonicSeconds());
  }
  // Layout needs a few frames: tables size their columns, popups open.
  for (int i = 0; i < 4; ++i) window.DrawFrame(session, screens, shell, now_unix, MonotonicSeconds());
  if (!window.SavePng(file.string())) {
    std::fprintf(stderr, "staccs: cannot write %s\n", file.string().c_str());
    return false;
  }
  std::printf("%s\n", file.string().c_str());
  return true;
}

// Waits (drawing) until the snapshot reaches `stage`.
bool WaitForStage(Window& window, model::Session& session, Screens& screens, Shell& shell, model::Stage stage,
                  std::int64_t now_unix) {
  for (int i = 0; i < 400; ++i) {
    if (window.snapshot() && window.snapshot()->stage == stage && !session.busy()) return true;
    session.WaitForEvent(std::chrono::milliseconds(50));
    window.DrawFrame(session, screens, shell, now_unix, MonotonicSeconds());
  }
  return false;
}

}  // namespace

// Every screen, drawn from demo kits made under root. Returns the exit code; every kit and
// window is closed when it returns, so the caller can delete root (Windows deletes no
// file that is still open).
static int ShootEveryScreen(const AppOptions& options, const fs::path& root) {
  model::Preferences prefs;
  prefs.language = options.language.value_or("en");
  {
    // Demo data: the campaign, a draft in progress, a practice sealed and carried on a stick.
    core::DemoOptions demo_options;
    demo_options.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;
    demo_options.language = prefs.language;
    auto demo = core::SetUpDemoKits(root, demo_options);
    if (!demo) {
      std::fprintf(stderr, "staccs: demo kit: %s\n", demo.error().message.c_str());
      return 4;
    }
    if (!core::SubmitForSecretariat(demo->participant, demo->practice.id)) return 4;
    if (!platform::CreateDirectoriesDurably(root / "stick")) return 4;
    if (!sync::ExportToStick(demo->participant, root / "stick")) return 4;
  }
  AppOptions hidden = options;
  hidden.hidden = true;
  auto window = Window::Open(hidden, prefs);
  if (!window) return 4;
  Screens screens;
  const std::int64_t now = platform::UnixTimeNow();
  int failures = 0;
  {
    Shell shell;
    shell.prefs = prefs;
    shell.screenshot_mode = true;
    model::SessionOptions so;
    so.home = root / "first-run";
    so.background_sync_check = std::chrono::milliseconds(0);
    model::Session fresh(so);
    WaitForStage(*window, fresh, screens, shell, model::Stage::kFirstRun, now);
    shell.current = ScreenId::kFirstRun;
    failures += !Shoot(*window, fresh, screens, shell, options.screenshot_dir / "first_run.png", now);
  }
  Screens kit_screens;
  Shell shell;
  shell.prefs = prefs;
  shell.screenshot_mode = true;
  model::SessionOptions so;
  so.home = root / "participant";
  so.demo = true;
  so.background_sync_check = std::chrono::milliseconds(0);
  model::Session session(so);
  WaitForStage(*window, session, kit_screens, shell, model::Stage::kLocked, now);
  failures += !Shoot(*window, session, kit_screens, shell, options.screenshot_dir / "unlock.png", now);
  session.Post(model::intent::Unlock{crypto::Passphrase::Copy(AsBytes(core::kDemoPassphrase))});
  if (!WaitForStage(*window, session, kit_screens, shell, model::Stage::kUnlocked, now)) {
    std::fprintf(stderr, "staccs: the demo kit did not unlock\n");
    return 4;
  }
  for (const auto& screen : kit_screens.all()) {
    if (screen->id() == ScreenId::kFirstRun || screen->id() == ScreenId::kUnlock) continue;
    shell.current = screen->id();
    shell.notice = {};
    failures += !Shoot(*window, session, kit_screens, shell, options.screenshot_dir / (std::string(screen->name()) + ".png"), now);
  }
  return failures == 0 ? 0 : 4;
}

int RunScreenshots(const AppOptions& options) {
  std::error_code ec;
  if (auto made = platform::CreateDirectoriesDurably(options.screenshot_dir, platform::FolderAccess::kShared); !made) {
    std::fprintf(stderr, "staccs: %s\n", made.error().message.c_str());
    return 1;
  }
  const fs::path root = fs::temp_directory_path() / ("staccs-screenshot-" + std::to_string(platform::UnixTimeNow()) + "-" +
                                                     std::to_string(reinterpret_cast<std::uintptr_t>(&ec) & 0xffff));
  const int code = ShootEveryScreen(options, root);
  fs::remove_all(root, ec);
  return code;
}

}  // namespace staccs::gui
