// The desktop client's text layer against what Dear ImGui alone would do with the same text, in
// the same run: laying out a 1,000-word Arabic answer (re-done on every keystroke in the field),
// drawing labels through the Display() cache, and building the font atlas (paid at start-up
// and on every Ctrl +/−) against ImGui's built-in font.
//
//   build/release/bench/text_bench [--quick]
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "staccs/gui/text/display_text.h"
#include "staccs/gui/text/document_layout.h"
#include "staccs/gui/text/translate.h"
#include "staccs/gui/text/utf32.h"
#include "staccs/gui/widgets/fonts.h"
#include "staccs/gui/widgets/text_label.h"

using namespace staccs::gui;
using Clock = std::chrono::steady_clock;

namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Median milliseconds of `runs` calls of `f`.
double Time(int runs, const std::function<void()>& f) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return Median(ms);
}

// About 1,000 words of the kind participants write: Arabic with Latin names, numbers, dates.
std::string Answer(int words) {
  const char* vocabulary[] = {"البنية", "التحتية", "للإنترنت", "في", "أوقات", "النزاع", "ICANN", "2024",
                              "الكابلات", "البحرية", "و", "الوقود", "DNS", "48213 90417", "المشغلين", "(ccTLD)",
                              "الوصول", "المدنيين", "2024-05-01", "الشبكة."};
  std::mt19937 rng(7);
  std::string s;
  for (int i = 0; i < words; ++i) {
    s += vocabulary[rng() % (sizeof vocabulary / sizeof vocabulary[0])];
    s += (i % 60 == 59) ? "\n" : " ";
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int runs = quick ? 5 : 41;
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1024, 600);

  // Font atlas: ours (Latin + Arabic ranges, two fonts) against ImGui's built-in font.
  ImFontAtlas probe;
  const double atlas_ours = Time(quick ? 3 : 11, [&] { widgets::LoadFonts(probe, widgets::kDefaultFontSize); });
  const int tex_w = probe.TexWidth, tex_h = probe.TexHeight;
  const double atlas_default = Time(quick ? 3 : 11, [&] {
    probe.Clear();
    probe.AddFontDefault();
    probe.Build();
  });
  std::printf("font atlas at %.0f px: ours %.1f ms (%d x %d texture), ImGui's built-in font %.1f ms (ratio %.1fx)\n",
              widgets::kDefaultFontSize, atlas_ours, tex_w, tex_h, atlas_default, atlas_ours / atlas_default);
  const double atlas_max = Time(quick ? 3 : 11, [&] { widgets::LoadFonts(probe, widgets::kMaxFontSize); });
  std::printf("font atlas at %.0f px (the largest size, after Ctrl +): %.1f ms (%d x %d texture)\n",
              widgets::kMaxFontSize, atlas_max, probe.TexWidth, probe.TexHeight);

  ImFont* font = widgets::LoadFonts(*io.Fonts, widgets::kDefaultFontSize);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);

  // A 1,000-word answer at the width of the draft editor's field.
  const std::string answer = Answer(1000);
  const std::u32string answer32 = text::ToUtf32(answer);
  text::DocumentOptions options;
  options.box_width = 900;
  const auto advance = widgets::FontAdvance(font, widgets::kDefaultFontSize);
  std::size_t lines = 0;
  const double ours = Time(runs, [&] { lines = text::LayoutDocument(answer32, options, advance).lines.size(); });
  ImVec2 size;
  const double imgui = Time(runs, [&] {
    size = font->CalcTextSizeA(widgets::kDefaultFontSize, 1e9f, 900, answer.c_str(), answer.c_str() + answer.size());
  });
  std::printf("1,000-word Arabic answer (%zu code points, %zu lines at 900 px): bidi + shaping + wrap %.2f ms; "
              "ImGui's own wrap of the same bytes (no bidi, no shaping) %.3f ms (ratio %.0fx)\n",
              answer32.size(), lines, ours, imgui, ours / imgui);

  // Labels: a screen's worth of Display() calls (cached), against ImGui measuring the same.
  SetLanguage("ar");
  std::vector<std::string> labels;
  for (int i = 0; i < 200; ++i) labels.push_back("مزامنة الآن " + std::to_string(i));
  for (const auto& l : labels) (void)Display(l.c_str());  // warm the cache, as the first frame does
  const double display = Time(runs, [&] {
    for (const auto& l : labels) (void)Display(l.c_str());
  });
  const double measure = Time(runs, [&] {
    for (const auto& l : labels) (void)font->CalcTextSizeA(widgets::kDefaultFontSize, 1e9f, 0, l.c_str());
  });
  std::printf("200 Arabic labels through Display() (cached): %.3f ms a frame; ImGui measuring them: %.3f ms (ratio %.1fx)\n",
              display, measure, display / measure);
  (void)size;
  ImGui::DestroyContext();
  return 0;
}
