#include "staccs/gui/app.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>

namespace staccs::gui {

int RunApp(const AppOptions& options) {
  if (!glfwInit()) {
    std::fprintf(stderr, "staccs: no display available (is an X server or Wayland running?)\n");
    return 4;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  if (options.hidden) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  GLFWwindow* window = glfwCreateWindow(1024, 600, "STACCS Field Kit", nullptr, nullptr);
  if (window == nullptr) {
    glfwTerminate();
    std::fprintf(stderr, "staccs: cannot open an OpenGL 3 window\n");
    return 4;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no layout file beside the user's data
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  for (int frame = 0; !glfwWindowShouldClose(window) && frame != options.frames; ++frame) {
    // Sleep until something happens: an idle kit must cost almost no CPU (SPEC §6).
    glfwWaitEventsTimeout(0.5);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("STACCS Field Kit", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::TextUnformatted("STACCS Field Kit 0.1.0");
    ImGui::TextWrapped("The desktop screens are not in this build yet. Everything the kit does so far is "
                       "available from staccs-cli (run 'staccs-cli --help').");
    ImGui::End();
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}

}  // namespace staccs::gui
