#include "renderer.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl2.h>
#include <imgui_impl_opengl3.h>

namespace staccs::gui {

GLFWwindow* Renderer::OpenWindow(int width, int height, const char* title, bool hidden, bool force_gl2, Renderer& out) {
  glfwWindowHint(GLFW_VISIBLE, hidden ? GLFW_FALSE : GLFW_TRUE);
  if (!force_gl2) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    if (GLFWwindow* w = glfwCreateWindow(width, height, title, nullptr, nullptr)) {
      out.gl3_ = true;
      return w;
    }
  }
  // No OpenGL 3 context: any context the driver gives, drawn with the fixed pipeline.
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_VISIBLE, hidden ? GLFW_FALSE : GLFW_TRUE);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 2);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  out.gl3_ = false;
  return glfwCreateWindow(width, height, title, nullptr, nullptr);
}

bool Renderer::Init() { return gl3_ ? ImGui_ImplOpenGL3_Init("#version 130") : ImGui_ImplOpenGL2_Init(); }

void Renderer::Shutdown() {
  if (gl3_) ImGui_ImplOpenGL3_Shutdown();
  else ImGui_ImplOpenGL2_Shutdown();
}

void Renderer::NewFrame() {
  if (gl3_) ImGui_ImplOpenGL3_NewFrame();
  else ImGui_ImplOpenGL2_NewFrame();
}

void Renderer::Render(ImDrawData* data) {
  glViewport(0, 0, static_cast<int>(data->DisplaySize.x * data->FramebufferScale.x),
             static_cast<int>(data->DisplaySize.y * data->FramebufferScale.y));
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (gl3_) ImGui_ImplOpenGL3_RenderDrawData(data);
  else ImGui_ImplOpenGL2_RenderDrawData(data);
}

void Renderer::RebuildFonts() {
  if (gl3_) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  } else {
    ImGui_ImplOpenGL2_DestroyFontsTexture();
    ImGui_ImplOpenGL2_CreateFontsTexture();
  }
}

std::vector<unsigned char> Renderer::ReadPixels(int width, int height) const {
  std::vector<unsigned char> rgba(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  // OpenGL's first row is the bottom one.
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  for (int y = 0; y < height / 2; ++y)
    std::swap_ranges(rgba.begin() + static_cast<std::ptrdiff_t>(y * row), rgba.begin() + static_cast<std::ptrdiff_t>((y + 1) * row),
                     rgba.begin() + static_cast<std::ptrdiff_t>((height - 1 - y) * row));
  return rgba;
}

}  // namespace staccs::gui
