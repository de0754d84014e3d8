// input_libraries.h on Windows. GLFW loads xinput1_4 and dinput8 in glfwInit and unloads them
// in glfwTerminate. Wine's versions run a thread of their own; one still starting when its DLL
// is unloaded jumps into freed code, and the client ended with an access violation as it quit
// (about one run in eight on a busy machine; +seh put the fault inside xinput1_4's image).
// Pinned here, they stay until the process ends and GLFW's unload only drops its reference.
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <initializer_list>

#include "input_libraries.h"

namespace staccs::gui {

void KeepInputLibrariesLoaded() {
  // From System32 only: a portable kit runs from a stick, where a planted DLL beside the
  // executable must not be picked up.
  for (const wchar_t* name : {L"xinput1_4.dll", L"dinput8.dll"}) {
    if (LoadLibraryExW(name, nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32) == nullptr) continue;
    HMODULE pinned = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_PIN, name, &pinned);
  }
}

}  // namespace staccs::gui
