// The OpenGL side of Dear ImGui: its OpenGL 3 backend, or the OpenGL 2 one where the driver
// offers no 3.0 context (old laptops, some virtual machines).
#pragma once

#include <string>
#include <vector>

struct GLFWwindow;
struct ImDrawData;

namespace staccs::gui {

class Renderer {
 public:
  // Creates the window with the best context available; nullptr if none.
  static GLFWwindow* OpenWindow(int width, int height, const char* title, bool hidden, bool force_gl2, Renderer& out);
  bool Init();
  void Shutdown();
  void NewFrame();
  void Render(ImDrawData* data);
  void RebuildFonts();  // after the atlas changed (font size)
  bool gl3() const { return gl3_; }
  // The back buffer as RGBA rows, top row first (for screenshots).
  std::vector<unsigned char> ReadPixels(int width, int height) const;

 private:
  bool gl3_ = true;
};

}  // namespace staccs::gui
