// The baseline for gui_bench: a bare Dear ImGui + GLFW hello-world built from the same Debian
// imgui and backend sources as `staccs`, with the same window (1024x600, OpenGL 3.0 context,
// GLSL 130, vsync on) and ImGui's built-in font: one window with one line of text.
//
// Its loop is event-driven like the client's (glfwWaitEvents), so the idle figure is the
// floor of any Dear ImGui program rather than that of a busy-polling example. It prints
// "first frame" on stdout once its first frame is swapped, which is what gui_bench times.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <GL/gl.h>

#include <cstdio>

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "imgui_hello: no display\n");
    return 4;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(1024, 600, "Dear ImGui hello", nullptr, nullptr);
  if (window == nullptr) {
    std::fprintf(stderr, "imgui_hello: no OpenGL 3 context\n");
    return 4;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  bool first = true;
  while (!glfwWindowShouldClose(window)) {
    if (!first) glfwWaitEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("hello", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::TextUnformatted("Hello, world.");
    ImGui::End();
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.1f, 0.1f, 0.1f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
    if (first) {
      std::puts("first frame");
      std::fflush(stdout);
      first = false;
    }
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
