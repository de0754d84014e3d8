// Settings (part 1) and help: language at run time, font size, high contrast, auto-lock, the
// daily data budget, and the panic wipe behind a typed confirmation.
#include <imgui.h>

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "staccs/gui/text/format.h"
#include "staccs/gui/text/translate.h"
#include "screen.h"
#include "ui.h"

namespace staccs::gui {

namespace {

struct SettingsUi {
  std::string budget_mb;
  bool budget_loaded = false;
  bool confirm_wipe = false;
  std::string wipe_word;
};

class SettingsScreen : public Screen {
 public:
  ScreenId id() const override { return ScreenId::kSettings; }
  const char* name() const override { return "settings"; }

  void OnEvent(const model::Event& e, Shell& shell, double now) override {
    if (std::holds_alternative<model::event::Wiped>(e)) {
      ui_ = SettingsUi{};
      shell.Tell(tr("Wiped: this kit's keys are destroyed; nothing in it can be read again, even with the passphrase. "
                    "Copies elsewhere (key backups, bundles on sticks and relays, what the secretariat received) survive."),
                 false, now);
    }
  }

  void Draw(Frame& f) override {
    Shell& shell = f.shell;
    ui::Heading(tr("Settings"));
    static const char* const kLanguages[] = {"English", "Français", "العربية"};
    static const char* const kCodes[] = {"en", "fr", "ar"};
    int lang = static_cast<int>(std::find(std::begin(kCodes), std::end(kCodes), shell.prefs.language) - std::begin(kCodes));
    if (lang > 2) lang = 0;
    if (ui::Combo("##lang", tr("Language"), lang, kLanguages, 3)) {
      shell.prefs.language = kCodes[lang];
      shell.prefs_changed = true;
    }
    ui::Text(Format(tr("Text size: {0} (Ctrl+= larger, Ctrl+- smaller)"), {std::to_string(static_cast<int>(shell.prefs.font_size))}));
    if (ui::Button(tr("Smaller"), "Ctrl+-")) {
      shell.prefs.font_size = std::max(shell.prefs.font_size - 1, model::Preferences::kMinFont);
      shell.prefs_changed = true;
    }
    ImGui::SameLine();
    if (ui::Button(tr("Larger"), "Ctrl+=")) {
      shell.prefs.font_size = std::min(shell.prefs.font_size + 1, model::Preferences::kMaxFont);
      shell.prefs_changed = true;
    }
    if (ui::Checkbox(tr("High contrast"), shell.prefs.high_contrast)) shell.prefs_changed = true;
    const char* const kLocks[] = {tr("never"), tr("after 5 minutes"), tr("after 10 minutes"), tr("after 30 minutes")};
    static const int kMinutes[] = {0, 5, 10, 30};
    int lock = static_cast<int>(std::find(std::begin(kMinutes), std::end(kMinutes), shell.prefs.auto_lock_minutes) - std::begin(kMinutes));
    if (lock > 3) lock = 2;
    std::vector<const char*> locks;
    for (const char* l : kLocks) locks.push_back(l);
    if (ui::Combo("##autolock", tr("Lock the kit when unused"), lock, locks.data(), 4)) {
      shell.prefs.auto_lock_minutes = kMinutes[lock];
      shell.prefs_changed = true;
    }

    if (f.snap.stage == model::Stage::kUnlocked) {
      if (!ui_.budget_loaded) {
        ui_.budget_mb = f.snap.sync.daily_budget_bytes ? std::to_string(f.snap.sync.daily_budget_bytes / 1'000'000) : "";
        ui_.budget_loaded = true;
      }
      const bool enter = ui::InputLine("##budget", tr("Data budget for sync, in MB a day (empty: none)"), ui_.budget_mb, false, true);
      if (ui::Button(tr("Set the budget")) || enter) {
        std::uint64_t mb = 0;
        const char* b = ui_.budget_mb.data();
        const auto r = std::from_chars(b, b + ui_.budget_mb.size(), mb);
        if (ui_.budget_mb.empty() || (r.ec == std::errc() && r.ptr == b + ui_.budget_mb.size() && mb > 0))
          f.session.Post(model::intent::SetSyncBudget{mb * 1'000'000});
        else
          shell.Tell(tr("The budget is a whole number of megabytes, or empty for none."), true, f.now);
      }
      ui::Separator();
      DrawWipe(f);
    }
    ui::Separator();
    ui::Heading(tr("Help"));
    ui::Text(tr("Screen readers are not supported: the window is drawn with Dear ImGui, which has no "
                "accessibility interface. Everything this window does can also be done with staccs-cli "
                "in a terminal (run 'staccs-cli --help')."));
    ui::TextDisabled(tr("Keys: Tab and Shift+Tab move between fields, Enter activates, Escape closes a dialog, "
                        "Ctrl+1 to Ctrl+6 open the screens, Ctrl+L locks the kit."));
  }

 private:
  void DrawWipe(Frame& f) {
    ui::Text(tr("Panic wipe destroys this kit's keys at once: nothing in it can be read again, even with the passphrase."));
    if (!ui_.confirm_wipe) {
      if (ui::Button(tr("Panic wipe…"))) ui_.confirm_wipe = true;
      return;
    }
    ui::Warning(tr("Key backups, bundles already on sticks or relays, and what the secretariat received are not affected."));
    ui::InputLine("##wipe-word", tr("Type WIPE to confirm"), ui_.wipe_word);
    if (ui::Button(tr("Wipe this kit now"), {}, ui_.wipe_word == "WIPE")) f.session.Post(model::intent::PanicWipe{});
    ImGui::SameLine();
    if (ui::Button(tr("Do not wipe"), "Escape") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      ui_.confirm_wipe = false;
      ui_.wipe_word.clear();
    }
  }

  SettingsUi ui_;
};

}  // namespace

std::unique_ptr<Screen> MakeSettingsScreen() { return std::make_unique<SettingsScreen>(); }

}  // namespace staccs::gui
