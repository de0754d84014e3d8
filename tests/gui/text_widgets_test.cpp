// The widgets on a real Dear ImGui context (no window or GPU needed: ImGui builds its draw lists
// on the CPU), driven through ImGui's own input queue as the GLFW backend feeds it: clicks, keys,
// typed and IME characters, the clipboard. Checks what the field holds and what gets drawn.
#include <doctest/doctest.h>

#include <imgui.h>

#include <algorithm>
#include <functional>
#include <string>

#include "staccs/gui/text/caret.h"
#include "staccs/gui/text/display_text.h"
#include "staccs/gui/text/translate.h"
#include "staccs/gui/text/utf32.h"
#include "staccs/gui/widgets/fonts.h"
#include "staccs/gui/widgets/text_field.h"
#include "staccs/gui/widgets/text_label.h"

using namespace staccs::gui;
using staccs::gui::text::ToUtf32;

namespace {

class ImGuiHarness {
 public:
  ImGuiHarness() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60;
    for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;  // KeysDown[] indexed by ImGuiKey
    font_ = widgets::LoadFonts(*io.Fonts, 18);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    Frame([] {});
  }
  ~ImGuiHarness() {
    ImGui::DestroyContext();
    SetLanguage("en");
  }
  ImGuiHarness(const ImGuiHarness&) = delete;
  ImGuiHarness& operator=(const ImGuiHarness&) = delete;

  ImFont* font() const { return font_; }

  // One frame with `body` drawn in a full-screen window.
  void Frame(const std::function<void()>& body) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("screen", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
    body();
    ImGui::End();
    ImGui::Render();
    // What the keyboard and mouse did lasts one frame, as with a real backend.
    ImGuiIO& io = ImGui::GetIO();
    for (bool& down : io.KeysDown) down = false;
    io.MouseDown[0] = io.MouseDown[1] = false;
    io.KeyCtrl = io.KeyShift = io.KeyAlt = false;
  }
  void Key(ImGuiKey key, bool ctrl = false, bool shift = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[key] = true;
    io.KeyCtrl = ctrl;
    io.KeyShift = shift;
  }
  void Type(const char* utf8) { ImGui::GetIO().AddInputCharactersUTF8(utf8); }
  void Click(ImVec2 at, int button = 0) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    io.MouseDown[button] = true;
  }

 private:
  ImFont* font_ = nullptr;
};

// A frame with one multi-line field at the top left (its frame spans about x 8..408, y 8..108).
struct OneField {
  widgets::TextFieldState state;
  widgets::TextFieldResult last;
  widgets::TextFieldOptions options;
  void Draw() { last = widgets::TextField("##answer", state, ImVec2(400, 100), options); }
};

}  // namespace

TEST_CASE("the fonts hold Latin, French punctuation, Arabic and its presentation forms") {
  ImGuiHarness ui;
  REQUIRE(ui.font() != nullptr);
  for (ImWchar c : {ImWchar('A'), ImWchar(0x00E9), ImWchar(0x202F), ImWchar(0x00AB), ImWchar(0x0628), ImWchar(0x064E),
                    ImWchar(0x060C), ImWchar(0xFE91), ImWchar(0xFEFB), ImWchar(0xFEFC)}) {
    CAPTURE(static_cast<int>(c));
    const ImFontGlyph* g = ui.font()->FindGlyphNoFallback(c);
    REQUIRE(g != nullptr);
  }
  // Arabic is sized by the em like Latin, not shrunk to fit its taller font box: an alef stands
  // about as tall as a Latin 'l'.
  const ImFontGlyph* alef = ui.font()->FindGlyphNoFallback(0xFE8D);
  const ImFontGlyph* ell = ui.font()->FindGlyphNoFallback('l');
  const float ratio = (alef->Y1 - alef->Y0) / (ell->Y1 - ell->Y0);
  CHECK(ratio > 0.8f);
  CHECK(ratio < 1.3f);
  CHECK(widgets::FontLicence().find("SIL Open Font License") != std::string_view::npos);
}

TEST_CASE("font size steps up and down by about a tenth within the limits") {
  CHECK(widgets::StepFontSize(17, 1) == 19);
  CHECK(widgets::StepFontSize(19, -1) == 17);
  CHECK(widgets::StepFontSize(widgets::kMaxFontSize, 1) == widgets::kMaxFontSize);
  CHECK(widgets::StepFontSize(widgets::kMinFontSize, -3) == widgets::kMinFontSize);
  CHECK(widgets::StepFontSize(12, 1) == 13);
}

TEST_CASE("a click activates the field and typed Arabic is kept in logical order") {
  ImGuiHarness ui;
  OneField f;
  ui.Click(ImVec2(100, 40));
  ui.Frame([&] { f.Draw(); });
  CHECK(f.last.active);
  ui.Type("كتب ");
  ui.Frame([&] { f.Draw(); });
  CHECK(f.last.changed);
  ui.Type("Alice");  // as an input method commits a word
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.buffer.Utf8() == "كتب Alice");
  CHECK(f.state.buffer.GetCaret().pos == 9);
}

TEST_CASE("arrows move visually: in Arabic Left goes on through the text") {
  ImGuiHarness ui;
  OneField f;
  f.state.buffer.SetText("كتب");
  ui.Click(ImVec2(100, 40));
  ui.Frame([&] { f.Draw(); });
  REQUIRE(f.last.active);
  ui.Key(ImGuiKey_Home);
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.buffer.GetCaret().pos == 0);  // the right edge: where Arabic starts
  ui.Key(ImGuiKey_LeftArrow);
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.buffer.GetCaret().pos == 1);
  ui.Key(ImGuiKey_RightArrow);
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.buffer.GetCaret().pos == 0);
  ui.Key(ImGuiKey_End);
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.buffer.GetCaret().pos == 3);
  ui.Key(ImGuiKey_RightArrow, false, true);  // Shift+Right from the left end selects the last letter
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.buffer.Selection() == std::pair<std::uint32_t, std::uint32_t>{2, 3});
  ui.Key(ImGuiKey_LeftArrow, true);  // Ctrl+Left: a word on, collapsing the selection first
  ui.Frame([&] { f.Draw(); });
  CHECK_FALSE(f.state.buffer.HasSelection());
}

TEST_CASE("editing keys: backspace, undo, select all, copy and paste through ImGui's clipboard") {
  ImGuiHarness ui;
  OneField f;
  ui.Click(ImVec2(100, 40));
  ui.Frame([&] { f.Draw(); });
  ui.Type("بَاب");
  ui.Frame([&] { f.Draw(); });
  ui.Key(ImGuiKey_Backspace);
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.buffer.Utf8() == "بَا");
  ui.Key(ImGuiKey_Z, true);
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.buffer.Utf8() == "بَاب");
  ui.Key(ImGuiKey_A, true);
  ui.Frame([&] { f.Draw(); });
  ui.Key(ImGuiKey_C, true);
  ui.Frame([&] { f.Draw(); });
  CHECK(std::string(ImGui::GetClipboardText()) == "بَاب");  // logical order, as stored
  ui.Key(ImGuiKey_End);
  ui.Frame([&] { f.Draw(); });
  ui.Key(ImGuiKey_V, true);
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.buffer.Utf8() == "بَاببَاب");
  // Ctrl+letter is a shortcut, never text.
  ui.Key(ImGuiKey_Z, true);
  ui.Type("z");
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.buffer.Utf8() == "بَاب");
}

TEST_CASE("Enter breaks the line in a multi-line field and submits a single-line one") {
  ImGuiHarness ui;
  OneField f;
  ui.Click(ImVec2(100, 40));
  ui.Frame([&] { f.Draw(); });
  ui.Type("a");
  ui.Frame([&] { f.Draw(); });
  ui.Key(ImGuiKey_Enter);
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.buffer.Utf8() == "a\n");

  OneField search;
  search.options.single_line = true;
  ui.Click(ImVec2(100, 20));
  ui.Frame([&] { search.Draw(); });
  ui.Type("DNS");
  ui.Frame([&] { search.Draw(); });
  ui.Key(ImGuiKey_Enter);
  ui.Frame([&] { search.Draw(); });
  CHECK(search.last.submitted);
  CHECK(search.state.buffer.Utf8() == "DNS");
}

TEST_CASE("Tab moves to the next field and Escape leaves the field") {
  ImGuiHarness ui;
  widgets::TextFieldState first, second;
  widgets::TextFieldResult r1, r2;
  auto draw = [&] {
    r1 = widgets::TextField("##first", first, ImVec2(300, 80));
    r2 = widgets::TextField("##second", second, ImVec2(300, 80));
  };
  ui.Click(ImVec2(50, 30));
  ui.Frame(draw);
  REQUIRE(r1.active);
  ui.Key(ImGuiKey_Tab);
  ui.Frame(draw);
  ui.Frame(draw);  // tabbing settles over a frame, as in ImGui's own fields
  CHECK_FALSE(r1.active);
  CHECK(r2.active);
  ui.Type("x");
  ui.Frame(draw);
  CHECK(second.buffer.Utf8() == "x");
  CHECK(first.buffer.Utf8().empty());
  ui.Key(ImGuiKey_Escape);
  ui.Frame(draw);
  CHECK_FALSE(r2.active);
  CHECK(r2.deactivated);
  ui.Type("y");
  ui.Frame(draw);
  CHECK(second.buffer.Utf8() == "x");  // nothing types into an inactive field
}

TEST_CASE("a label draws the shaped ligature glyph, right-aligned in an Arabic interface") {
  ImGuiHarness ui;
  REQUIRE(SetLanguage("ar"));
  ui.Frame([&] { widgets::Label("لا"); });
  const ImDrawData* data = ImGui::GetDrawData();
  REQUIRE(data->CmdListsCount == 1);
  const ImDrawList* list = data->CmdLists[0];
  // Quads of glyphs are found by their texture coordinates: the ligature is drawn once, the
  // separate lam and alef forms never.
  auto quads_of = [&](ImWchar c, float* right_edge) {
    const ImFontGlyph* g = ui.font()->FindGlyphNoFallback(c);
    REQUIRE(g != nullptr);
    int count = 0;
    for (int i = 0; i + 3 < list->VtxBuffer.Size; i += 4) {
      if (list->VtxBuffer[i].uv.x == g->U0 && list->VtxBuffer[i].uv.y == g->V0) {
        ++count;
        if (right_edge != nullptr) *right_edge = std::max(list->VtxBuffer[i + 2].pos.x, list->VtxBuffer[i + 1].pos.x);
      }
    }
    return count;
  };
  float right = 0;
  CHECK(quads_of(0xFEFB, &right) == 1);
  CHECK(quads_of(0xFEDD, nullptr) == 0);  // isolated lam
  CHECK(quads_of(0xFE8D, nullptr) == 0);  // isolated alef
  // Right-aligned: the glyph ends at the window's right content edge (800 - 8 padding).
  CHECK(right > 780);
  CHECK(right <= 792.5f);
}

TEST_CASE("Display gives ImGui's own widgets shaped labels and keeps their ids") {
  ImGuiHarness ui;
  const char* latin = "Sync now##sync";
  CHECK(Display(latin) == latin);  // nothing to do in English: the same pointer
  REQUIRE(SetLanguage("ar"));
  const std::u32string shown = ToUtf32(Display("سلام##greeting"));
  CHECK(shown == U"\uFEE1\uFEFC\uFEB3##greeting");
  // "نسخ" (copy): noon initial, seen medial, khah final, drawn right to left.
  CHECK(ToUtf32(Display(tr("Copy"))) == U"\uFEA6\uFEB4\uFEE7");
}

TEST_CASE("the string field keeps its own state and follows the program's value") {
  ImGuiHarness ui;
  std::string value = "سلام";
  widgets::TextFieldResult r;
  auto draw = [&] { r = widgets::TextField("##name", value, ImVec2(300, 0), {.single_line = true}); };
  ui.Frame(draw);
  value = "Salam";  // changed by the program while the field is not active: shown
  ui.Click(ImVec2(50, 15));
  ui.Frame(draw);
  REQUIRE(r.active);
  ui.Key(ImGuiKey_End);
  ui.Frame(draw);
  ui.Type("!");
  ui.Frame(draw);
  CHECK(r.changed);
  CHECK(value == "Salam!");
  ui.Key(ImGuiKey_Z, true);  // its undo history is kept between frames
  ui.Frame(draw);
  CHECK(value == "Salam");
}

TEST_CASE("the field scrolls to keep the caret in view, down a long answer and along a long line") {
  ImGuiHarness ui;
  OneField f;
  std::string long_answer;
  for (int i = 0; i < 40; ++i) long_answer += "سطر " + std::to_string(i) + "\n";
  f.state.buffer.SetText(long_answer);  // the caret at the end, 40 lines down
  ui.Click(ImVec2(100, 40));
  ui.Frame([&] { f.Draw(); });
  ui.Key(ImGuiKey_End, true);  // Ctrl+End
  ui.Frame([&] { f.Draw(); });
  // 41 lines of about 24 px in a field showing about 3.5 of them.
  CHECK(f.state.view.scroll_y > 800);
  ui.Key(ImGuiKey_Home, true);  // Ctrl+Home: back to the top
  ui.Frame([&] { f.Draw(); });
  CHECK(f.state.view.scroll_y == 0);

  // A single-line field holding more Arabic than fits: the caret at its end (the left) is shown.
  OneField line;
  line.options.single_line = true;
  std::string words;
  for (int i = 0; i < 30; ++i) words += "كلمة ";
  line.state.buffer.SetText(words);
  ui.Click(ImVec2(100, 15));
  ui.Frame([&] { line.Draw(); });
  ui.Key(ImGuiKey_End);
  ui.Frame([&] { line.Draw(); });
  const float caret_x = text::CaretX(line.state.view.layout, line.state.buffer.GetCaret());
  CHECK(caret_x < 0);  // right-aligned text longer than the field extends to the left
  CHECK(caret_x >= line.state.view.scroll_x);
  CHECK(caret_x <= line.state.view.scroll_x + 400);
}
