#include "fonts.h"

#include <imgui.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "staccs/core/platform.h"

namespace staccs::gui {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> FontDirs() {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("STACCS_FONT_DIR"); env && *env) dirs.emplace_back(env);
  if (auto exe = platform::ExecutableDirectory()) {
    dirs.push_back(*exe / "fonts");
    dirs.push_back(*exe / ".." / "share" / "staccs" / "fonts");
  }
  dirs.emplace_back("/usr/share/fonts/truetype/noto");
  return dirs;
}

fs::path Find(const char* name) {
  std::error_code ec;
  for (const auto& d : FontDirs())
    if (fs::exists(d / name, ec)) return d / name;
  return {};
}

}  // namespace

bool LoadFonts(float pixels) {
  // Latin with French accents, general punctuation (… · — « »), arrows and bullets.
  static const ImWchar kLatin[] = {0x0020, 0x024F, 0x2000, 0x206F, 0x20AC, 0x20AC, 0x2190, 0x21FF, 0x25A0, 0x25FF, 0};
  // Arabic, and the presentation forms FriBidi shapes letters into.
  static const ImWchar kArabic[] = {0x0600, 0x06FF, 0xFB50, 0xFDFF, 0xFE70, 0xFEFF, 0};
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const fs::path latin = Find("NotoSans-Regular.ttf");
  const fs::path arabic = Find("NotoSansArabic-Regular.ttf");
  if (latin.empty()) {
    ImFontConfig config;
    config.SizePixels = pixels;
    io.Fonts->AddFontDefault(&config);
    return false;
  }
  ImFontConfig config;
  config.OversampleH = 2;
  io.Fonts->AddFontFromFileTTF(latin.string().c_str(), pixels, &config, kLatin);
  if (!arabic.empty()) {
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.OversampleH = 2;
    io.Fonts->AddFontFromFileTTF(arabic.string().c_str(), pixels, &merge, kArabic);
  }
  return io.Fonts->Build();
}

}  // namespace staccs::gui
