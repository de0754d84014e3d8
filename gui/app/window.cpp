#include "window.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <stb_image_write.h>

#include <chrono>
#include <cstdio>

#include "input_libraries.h"
#include "staccs/gui/widgets/fonts.h"
#include "staccs/gui/text/format.h"
#include "staccs/gui/text/translate.h"
#include "ui.h"

namespace staccs::gui {

double MonotonicSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::unique_ptr<Window> Window::Open(const AppOptions& options, const model::Preferences& prefs) {
  KeepInputLibrariesLoaded();
  if (!glfwInit()) {
    std::fprintf(stderr, "staccs: no display available (is an X server or Wayland running? DISPLAY is %s)\n",
                 std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "not set");
    return nullptr;
  }
  std::unique_ptr<Window> w(new Window());
  w->window_ = Renderer::OpenWindow(options.width, options.height, "STACCS Field Kit", options.hidden,
                                      options.force_gl2, w->renderer_);
  if (w->window_ == nullptr) {
    std::fprintf(stderr, "staccs: the display offers no OpenGL 3 or 2 context\n");
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(w->window_);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no layout file beside the user's data
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(w->window_, true);
  w->renderer_.Init();
  w->Apply(prefs);
  return w;
}

Window::~Window() {
  renderer_.Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

void Window::Apply(const model::Preferences& prefs) {
  SetLanguage(prefs.language);  // the catalogue's: tr() and the layout direction follow it
  ui::ApplyStyle(prefs.high_contrast, IsRightToLeft());
  if (prefs.font_size != font_size_) {
    font_size_ = prefs.font_size;
    widgets::LoadFonts(*ImGui::GetIO().Fonts, font_size_);
    renderer_.RebuildFonts();
  }
}

int Window::width() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return w;
}
int Window::height() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return h;
}

double Window::DrawFrame(model::Session& session, Screens& screens, Shell& shell, std::int64_t now_unix, double now) {
  const double start = MonotonicSeconds();
  for (auto& e : session.Drain()) {
    if (auto* s = std::get_if<model::event::SnapshotReady>(&e)) snapshot_ = s->snapshot;
    screens.OnEvent(e, shell, now);
  }
  if (shell.prefs_changed) {
    Apply(shell.prefs);
    if (!shell.screenshot_mode && !shell.home.empty()) model::SavePreferences(shell.home, shell.prefs);
    shell.prefs_changed = false;
  }
  renderer_.NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  static const model::Snapshot kEmpty{};
  Frame frame{session, snapshot_ ? *snapshot_ : kEmpty, shell, now_unix, now};
  if (snapshot_) screens.Draw(frame);
  ImGui::Render();
  renderer_.Render(ImGui::GetDrawData());
  if (shell.screenshot_mode) {
    last_w_ = width();
    last_h_ = height();
    last_pixels_ = renderer_.ReadPixels(last_w_, last_h_);
  }
  glfwSwapBuffers(window_);
  return (MonotonicSeconds() - start) * 1000.0;
}

bool Window::SavePng(const std::string& path) {
  if (last_pixels_.empty()) return false;
  return stbi_write_png(path.c_str(), last_w_, last_h_, 4, last_pixels_.data(), last_w_ * 4) != 0;
}

}  // namespace staccs::gui
