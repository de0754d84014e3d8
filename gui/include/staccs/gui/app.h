// The desktop client's window: GLFW + OpenGL 3 + Dear ImGui. Draws view-models from core and
// sync; never touches SQL, crypto or HTTP itself.
#pragma once

namespace staccs::gui {

struct AppOptions {
  bool hidden = false;    // no visible window (screenshots, tests)
  int frames = -1;        // stop after this many frames (-1: until closed)
};

// Runs the window until closed. Returns a process exit code.
int RunApp(const AppOptions& options);

}  // namespace staccs::gui
