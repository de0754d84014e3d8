// One open window with Dear ImGui on it, and one frame of the client drawn into it. Shared
// by the interactive loop (app.cpp) and the screenshot run (screenshot.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app.h"
#include "renderer.h"
#include "screen.h"

struct GLFWwindow;

namespace staccs::gui {

class Window {
 public:
  // Opens the window; nullptr (with a message on stderr) when there is no display.
  static std::unique_ptr<Window> Open(const AppOptions& options, const model::Preferences& prefs);
  ~Window();

  GLFWwindow* glfw() const { return window_; }
  // Applies font size, contrast and language from the preferences (fonts are rebuilt only
  // when the size changed).
  void Apply(const model::Preferences& prefs);
  // Takes every queued event, then draws one frame. Returns the frame's duration in ms.
  double DrawFrame(model::Session& session, Screens& screens, Shell& shell, std::int64_t now_unix, double now);
  const model::Snapshot* snapshot() const { return snapshot_.get(); }
  bool SavePng(const std::string& path);
  int width() const;
  int height() const;

 private:
  Window() = default;
  GLFWwindow* window_ = nullptr;
  Renderer renderer_;
  float font_size_ = 0;
  std::shared_ptr<const model::Snapshot> snapshot_;
  std::vector<unsigned char> last_pixels_;
  int last_w_ = 0, last_h_ = 0;
};

// Seconds on a monotonic clock.
double MonotonicSeconds();

}  // namespace staccs::gui
