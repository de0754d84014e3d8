// The game-controller libraries GLFW loads and unloads itself, kept for the process's life
// where unloading them has crashed the client: input_libraries_windows.cpp (Wine's xinput);
// input_libraries_posix.cpp has nothing to keep.
#pragma once

namespace staccs::gui {

// Call once before glfwInit. Never fails: a library that is absent is simply not pinned.
void KeepInputLibrariesLoaded();

}  // namespace staccs::gui
