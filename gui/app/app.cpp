// The interactive client: one window, an event-driven loop. It sleeps in glfwWaitEvents until
// input arrives or a worker posts a result (glfwPostEmptyEvent), draws a couple of frames so
// popups settle, and otherwise wakes only for a due timer (autosave indicator, countdowns,
// auto-lock) or a few times a second while a progress bar moves.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <string>

#include "app.h"
#include "screenshot.h"
#include "staccs/core/platform.h"
#include "staccs/gui/widgets/text_field.h"
#include "window.h"

namespace staccs::gui {

namespace {

std::atomic<double> g_last_input{0};
void MarkInput() { g_last_input = MonotonicSeconds(); }

// Dear ImGui 1.86 reads keys as up or down at the start of a frame, so a key pressed and
// released between two frames (a quick tap on a slow laptop, a scripted key) would be lost.
// Such a release is held back and delivered after the frame that saw the key down.
struct HeldRelease {
  GLFWwindow* window;
  int key, scancode, mods;
};
std::vector<int> g_pressed_this_frame;
std::vector<HeldRelease> g_held_releases;

bool DeliverHeldReleases() {
  g_pressed_this_frame.clear();
  if (g_held_releases.empty()) return false;
  for (const auto& r : g_held_releases) ImGui_ImplGlfw_KeyCallback(r.window, r.key, r.scancode, GLFW_RELEASE, r.mods);
  g_held_releases.clear();
  return true;
}

// Our callbacks note the moment of input (for auto-lock) and pass it on to Dear ImGui's.
void InstallInputCallbacks(GLFWwindow* w) {
  glfwSetKeyCallback(w, [](GLFWwindow* win, int key, int scancode, int action, int mods) {
    MarkInput();
    if (action == GLFW_PRESS) g_pressed_this_frame.push_back(key);
    if (action == GLFW_RELEASE &&
        std::find(g_pressed_this_frame.begin(), g_pressed_this_frame.end(), key) != g_pressed_this_frame.end()) {
      g_held_releases.push_back({win, key, scancode, mods});
      return;
    }
    ImGui_ImplGlfw_KeyCallback(win, key, scancode, action, mods);
  });
  glfwSetCharCallback(w, [](GLFWwindow* win, unsigned int c) {
    MarkInput();
    ImGui_ImplGlfw_CharCallback(win, c);
  });
  glfwSetMouseButtonCallback(w, [](GLFWwindow* win, int button, int action, int mods) {
    MarkInput();
    ImGui_ImplGlfw_MouseButtonCallback(win, button, action, mods);
  });
  glfwSetScrollCallback(w, [](GLFWwindow* win, double x, double y) {
    MarkInput();
    ImGui_ImplGlfw_ScrollCallback(win, x, y);
  });
  glfwSetCursorPosCallback(w, [](GLFWwindow*, double, double) { MarkInput(); });
}

// bench/gui_bench times start-up to the first frame swapped, and to the first one that shows
// a screen (the worker has built the first snapshot: the unlock or first-run screen).
void ReportFirstFrames(bool drew_screen) {
  static bool frame = false, screen = false;
  if (!frame) std::fputs("first frame\n", stdout);
  if (!screen && drew_screen) std::fputs("first screen\n", stdout);
  if (!frame || (!screen && drew_screen)) std::fflush(stdout);
  frame = true;
  screen = screen || drew_screen;
}

// Tests drive the window with real key events and must not type before the screen that takes
// them is up: each time the screen (and whether a text field holds the keyboard) has stayed
// the same for two drawn frames, so that focus requests are applied, it is appended to the
// log as one line, "first_run/2 typing", "campaigns" or "draft popup" (a confirmation is open).
class ScreenLog {
 public:
  explicit ScreenLog(std::filesystem::path path) : path_(std::move(path)) {}
  void AfterFrame(std::string where) {
    if (path_.empty()) return;
    if (widgets::TextFieldHasKeyboard()) where += " typing";
    if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) where += " popup";
    if (where != seen_) {
      seen_ = std::move(where);
      frames_ = 1;
      return;
    }
    if (++frames_ == 2 && seen_ != logged_) {
      logged_ = seen_;
      lines_ += logged_ + "\n";  // the whole log, rewritten: a reader never sees half a line
      if (auto st = platform::WriteFileAtomically(path_, AsBytes(lines_)); !st)
        std::fprintf(stderr, "staccs: %s\n", st.error().message.c_str());
    }
  }
  // A change not yet logged needs another frame, whether or not input arrives.
  bool pending() const { return !path_.empty() && seen_ != logged_; }

 private:
  std::filesystem::path path_;
  std::string seen_, logged_, lines_;
  int frames_ = 0;
};

}  // namespace

int RunApp(const AppOptions& options) {
  if (!options.screenshot_dir.empty()) return RunScreenshots(options);
  model::Preferences prefs = model::LoadPreferences(options.home);
  if (options.language) prefs.language = *options.language;
  auto window = Window::Open(options, prefs);
  if (!window) return 4;
  InstallInputCallbacks(window->glfw());

  model::SessionOptions so;
  so.home = options.home;
  so.demo = options.demo;
  so.kdf_profile = options.kdf_profile;
  so.test_recovery_code_file = options.test_recovery_code_file;
  so.wake = [] { glfwPostEmptyEvent(); };
  model::Session session(std::move(so));
  Screens screens;
  Shell shell;
  shell.prefs = prefs;
  shell.home = options.home.string();
  MarkInput();

  // Per frame: its duration in ms, and whether a transfer was running (tests and bench read it).
  std::vector<std::pair<double, bool>> frame_ms;
  ScreenLog screen_log(options.screen_log);
  // Frames still to draw without waiting. Dear ImGui applies a keyboard-focus request a frame
  // after it is made and a popup opens a frame after it is asked for, so whatever woke us
  // gets this frame and two more; otherwise the first key typed into a field just focused
  // would be dropped.
  constexpr int kSettleFrames = 2;
  int settle = kSettleFrames + 1;
  for (int frame = 0; !glfwWindowShouldClose(window->glfw()) && frame != options.max_frames; ++frame) {
    const double now = MonotonicSeconds();
    const std::int64_t now_unix = platform::UnixTimeNow();
    static const model::Snapshot kNone{};
    Frame probe{session, window->snapshot() ? *window->snapshot() : kNone, shell, now_unix, now};
    // How long nothing needs drawing.
    double wait = -1;  // forever
    auto sooner = [&](double s) {
      if (s >= 0) wait = wait < 0 ? s : std::min(wait, s);
    };
    if (settle > 0 || screen_log.pending()) sooner(0);
    if (session.any_transfer() || session.busy()) sooner(0.2);
    if (window->snapshot()) sooner(screens.NextRedraw(probe));
    const bool unlocked = window->snapshot() && window->snapshot()->stage == model::Stage::kUnlocked;
    if (unlocked && shell.prefs.auto_lock_minutes > 0) {
      const double idle = now - g_last_input.load();
      const double limit = shell.prefs.auto_lock_minutes * 60.0;
      if (idle >= limit) {
        session.Post(model::intent::Lock{});
        MarkInput();
      } else {
        sooner(limit - idle);
      }
    }
    if (wait < 0) glfwWaitEvents();
    else if (wait == 0) glfwPollEvents();
    else glfwWaitEventsTimeout(wait);
    settle = settle > 0 ? settle - 1 : kSettleFrames;
    const bool moving = session.any_transfer();
    frame_ms.emplace_back(window->DrawFrame(session, screens, shell, platform::UnixTimeNow(), MonotonicSeconds()), moving);
    if (options.report_first_frame) ReportFirstFrames(window->snapshot() != nullptr);
    if (window->snapshot()) screen_log.AfterFrame(screens.Where(shell));
    if (DeliverHeldReleases()) settle = std::max(settle, 1);
    if (shell.quit) glfwSetWindowShouldClose(window->glfw(), GLFW_TRUE);
  }
  if (!options.frame_log.empty()) {
    std::string log;
    for (const auto& [ms, moving] : frame_ms) log += std::to_string(ms) + " " + (moving ? "1" : "0") + "\n";
    if (auto st = platform::WriteFileAtomically(options.frame_log, AsBytes(log)); !st)
      std::fprintf(stderr, "staccs: %s\n", st.error().message.c_str());
  }
  return 0;
}

}  // namespace staccs::gui
