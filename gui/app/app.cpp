// The interactive client: one window, an event-driven loop. It sleeps in glfwWaitEvents until
// input arrives or a worker posts a result (glfwPostEmptyEvent), draws a couple of frames so
// popups settle, and otherwise wakes only for a due timer (autosave indicator, countdowns,
// auto-lock) or a few times a second while a progress bar moves.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>

#include "app.h"
#include "screenshot.h"
#include "staccs/core/platform.h"
#include "window.h"

namespace staccs::gui {

namespace {

std::atomic<double> g_last_input{0};
void MarkInput() { g_last_input = MonotonicSeconds(); }

// Our callbacks note the moment of input (for auto-lock) and pass it on to Dear ImGui's.
void InstallInputCallbacks(GLFWwindow* w) {
  glfwSetKeyCallback(w, [](GLFWwindow* win, int key, int scancode, int action, int mods) {
    MarkInput();
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
  so.wake = [] { glfwPostEmptyEvent(); };
  model::Session session(std::move(so));
  Screens screens;
  Shell shell;
  shell.prefs = prefs;
  shell.home = options.home.string();
  MarkInput();

  std::vector<double> frame_ms;
  int settle = 2;  // frames still to draw without waiting
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
    if (settle > 0) sooner(0);
    if (session.transfer() != model::TransferKind::kNone || session.busy()) sooner(0.2);
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
    // Whatever woke us (input, a worker, a timer) gets this frame and one more to settle.
    settle = settle > 0 ? settle - 1 : 1;
    frame_ms.push_back(window->DrawFrame(session, screens, shell, platform::UnixTimeNow(), MonotonicSeconds()));
  }
  if (!options.frame_log.empty()) {
    std::ofstream log(options.frame_log);
    for (double ms : frame_ms) log << ms << "\n";
  }
  return 0;
}

}  // namespace staccs::gui
