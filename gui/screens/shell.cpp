// The frame around the screens: navigation with its shortcuts, the notice line, global keys
// (Ctrl+1…7 screens, Ctrl+L lock, Ctrl+= / Ctrl+- font size) and auto-lock.
#include <imgui.h>

#include <array>
#include <cstdio>

#include "staccs/core/civil_date.h"
#include "staccs/gui/text/format.h"
#include "staccs/gui/text/translate.h"
#include "screen.h"
#include "ui.h"

namespace staccs::gui {

namespace {
struct NavItem {
  ScreenId id;
  const char* label;
  const char* shortcut;
  int key;
};
std::array<NavItem, 6> Nav() {
  return {NavItem{ScreenId::kCampaigns, tr("Campaigns"), "Ctrl+1", '1'}, {ScreenId::kDraft, tr("Draft"), "Ctrl+2", '2'},
          {ScreenId::kPractices, tr("Practices"), "Ctrl+3", '3'},         {ScreenId::kOutbox, tr("Outbox"), "Ctrl+4", '4'},
          {ScreenId::kUsb, tr("USB stick"), "Ctrl+5", '5'},               {ScreenId::kSettings, tr("Settings and help"), "Ctrl+6", '6'}};
}
constexpr int kGlfwKeyEqual = 61, kGlfwKeyMinus = 45, kGlfwKeyKpAdd = 334, kGlfwKeyKpSubtract = 333;
}  // namespace

std::string FormatBytes(std::uint64_t b) {
  char buf[32];
  if (b < 1024) std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(b));
  else if (b < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(b) / 1024);
  else std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(b) / (1024 * 1024));
  return buf;
}

std::string FormatDate(std::int64_t t) {
  if (t == 0) return "-";
  const core::UtcFields u = core::BreakDownUtc(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02u:%02u UTC", static_cast<long long>(u.year), u.month, u.day,
                u.hour, u.minute);
  return buf;
}

std::string FormatAgo(std::int64_t s) {
  if (s < 60) return Format(tr("{0} s ago"), {std::to_string(s)});
  if (s < 3600) return Format(tr("{0} min ago"), {std::to_string(s / 60)});
  return Format(tr("{0} h ago"), {std::to_string(s / 3600)});
}

std::string ShortId(const std::string& id) { return id.substr(0, 12); }

Screens::Screens() {
  screens_.push_back(MakeFirstRunScreen());
  screens_.push_back(MakeUnlockScreen());
  screens_.push_back(MakeCampaignsScreen());
  screens_.push_back(MakeDraftScreen());
  screens_.push_back(MakePracticesScreen());
  screens_.push_back(MakeOutboxScreen());
  screens_.push_back(MakeUsbScreen());
  screens_.push_back(MakeSettingsScreen());
}

Screen* Screens::Find(ScreenId id) {
  for (auto& s : screens_)
    if (s->id() == id) return s.get();
  return nullptr;
}

std::string Screens::Where(const Shell& shell) {
  const Screen* s = Find(shell.current);
  if (!s) return {};
  const std::string step = s->step();
  return step.empty() ? s->name() : std::string(s->name()) + "/" + step;
}

void Screens::OnEvent(const model::Event& e, Shell& shell, double now) {
  if (const auto* f = std::get_if<model::event::Failed>(&e)) shell.Tell(f->message, true, now);
  for (auto& s : screens_) s->OnEvent(e, shell, now);
}

double Screens::NextRedraw(const Frame& frame) const {
  for (const auto& s : screens_)
    if (s->id() == frame.shell.current) return s->NextRedraw(frame);
  return -1;
}

void Screens::DrawNavigation(Frame& frame) {
  Shell& shell = frame.shell;
  ui::TextDisabled(frame.snap.kit_name.empty() ? tr("STACCS Field Kit") : frame.snap.kit_name);
  ImGui::Separator();
  for (const NavItem& item : Nav()) {
    const bool active = shell.current == item.id;
    std::string label = ui::Visual(item.label);
    label += std::string("\n") + item.shortcut + "##nav" + std::to_string(static_cast<int>(item.id));
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(label.c_str(), ImVec2(-1, 0))) shell.Go(item.id);
    if (active) ImGui::PopStyleColor();
    if (ui::Shortcut(item.key)) shell.Go(item.id);
  }
  ImGui::Spacing();
  if (ui::Button(tr("Lock"), "Ctrl+L") || ui::Shortcut('L')) frame.session.Post(model::intent::Lock{});
  if (ui::Button(tr("Quit"), "Ctrl+Q")) shell.quit = true;
}

void Screens::Draw(Frame& frame) {
  Shell& shell = frame.shell;
  // The stage decides which screens exist at all.
  if (frame.snap.stage == model::Stage::kFirstRun && shell.current != ScreenId::kFirstRun) shell.current = ScreenId::kFirstRun;
  if (frame.snap.stage == model::Stage::kLocked) shell.current = ScreenId::kUnlock;
  // Unlocked: the first-run screen stays until its recovery code is checked, then moves on.
  if (frame.snap.stage == model::Stage::kUnlocked && shell.current == ScreenId::kUnlock) shell.current = ScreenId::kCampaigns;

  if (ui::Shortcut('Q')) shell.quit = true;
  // Font size from anywhere.
  if (ui::Shortcut(kGlfwKeyEqual) || ui::Shortcut(kGlfwKeyEqual, true, true) || ui::Shortcut(kGlfwKeyKpAdd)) {
    shell.prefs.font_size = std::min(shell.prefs.font_size + 1, model::Preferences::kMaxFont);
    shell.prefs_changed = true;
  }
  if (ui::Shortcut(kGlfwKeyMinus) || ui::Shortcut(kGlfwKeyKpSubtract)) {
    shell.prefs.font_size = std::max(shell.prefs.font_size - 1, model::Preferences::kMinFont);
    shell.prefs_changed = true;
  }

  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("##staccs", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  const bool unlocked = frame.snap.stage == model::Stage::kUnlocked && shell.current != ScreenId::kFirstRun;
  const float nav_width = unlocked ? std::max(150.0f, shell.prefs.font_size * 10) : 0.0f;
  const float notice_height = ImGui::GetFrameHeightWithSpacing() + 4;
  const float body_height = ImGui::GetContentRegionAvail().y - notice_height;
  const bool rtl = IsRightToLeft();

  auto draw_nav = [&] {
    ImGui::BeginChild("##nav", ImVec2(nav_width, body_height), true);
    DrawNavigation(frame);
    ImGui::EndChild();
  };
  if (unlocked && !rtl) {
    draw_nav();
    ImGui::SameLine();
  }
  const float body_width = unlocked ? ImGui::GetContentRegionAvail().x - (rtl ? nav_width + 8 : 0) : -1;
  ImGui::BeginChild("##body", ImVec2(body_width, body_height), false);
  if (Screen* s = Find(shell.current)) s->Draw(frame);
  ImGui::EndChild();
  if (unlocked && rtl) {
    ImGui::SameLine();
    draw_nav();
  }

  // The notice line: the latest result or error, until replaced.
  ImGui::Separator();
  if (!shell.notice.text.empty()) {
    if (shell.notice.error) ui::Error(shell.notice.text);
    else ui::TextColored(ui::kColorOk, shell.notice.text);
  } else {
    ui::TextDisabled(tr("Tab moves between fields, Enter activates, Escape closes a dialog."));
  }
  ImGui::End();
}

}  // namespace staccs::gui
