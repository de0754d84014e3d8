// First run: language, what the kit does and does not protect against, a passphrase with a
// strength estimate, then the recovery code shown once and checked by retyping two groups.
#include <imgui.h>

#include <algorithm>
#include <cctype>

#include "staccs/gui/text/format.h"
#include "staccs/gui/text/translate.h"
#include "screen.h"
#include "staccs/crypto/secret.h"
#include "ui.h"

namespace staccs::gui {

namespace {

// A rough estimate people understand: length matters most, mixing kinds of characters helps.
// Non-ASCII letters (Arabic) count as their own kind.
int StrengthScore(const std::string& p) {
  std::size_t chars = 0;
  bool lower = false, upper = false, digit = false, other = false, wide = false;
  for (unsigned char c : p) {
    if ((c & 0xC0) != 0x80) ++chars;
    if (c >= 0x80) wide = true;
    else if (std::islower(c)) lower = true;
    else if (std::isupper(c)) upper = true;
    else if (std::isdigit(c)) digit = true;
    else other = true;
  }
  const int kinds = lower + upper + digit + other + wide;
  if (chars < 8) return 0;
  if (chars < 12) return kinds >= 3 ? 2 : 1;
  if (chars < 16) return kinds >= 2 ? 3 : 2;
  return 4;
}

struct FirstRunUi {
  int step = 0;  // 0 language and intro, 1 passphrase, 2 recovery code
  crypto::SecretText passphrase, confirm;
  std::string name;
  crypto::SecretText code;  // shown once; wiped when the check passes or the screen goes
  crypto::SecretText group_a, group_b;
  bool waiting = false;
  bool focus = true;  // put the keyboard in the step's first field
};

class FirstRunScreen : public Screen {
 public:
  ScreenId id() const override { return ScreenId::kFirstRun; }
  const char* name() const override { return "first_run"; }
  std::string step() const override { return std::to_string(ui_.step); }

  void OnEvent(const model::Event& e, Shell&, double) override {
    if (const auto* created = std::get_if<model::event::KitCreated>(&e)) {
      ui_.code = created->recovery_code;
      ui_.step = 2;
      ui_.focus = true;
      ui_.waiting = false;
      ui_.passphrase.Clear();
      ui_.confirm.Clear();
    }
    if (const auto* f = std::get_if<model::event::Failed>(&e); f && f->topic == model::Topic::kKit) ui_.waiting = false;
  }

  void Draw(Frame& f) override {
    ui::Heading(tr("Welcome to the STACCS Field Kit"));
    if (ui_.step == 0) return DrawIntro(f);
    if (ui_.step == 1) return DrawPassphrase(f);
    DrawRecoveryCode(f);
  }

 private:
  void DrawIntro(Frame& f) {
    static const char* const kLanguages[] = {"English", "Français", "العربية"};
    static const char* const kCodes[] = {"en", "fr", "ar"};
    int current = static_cast<int>(std::find(std::begin(kCodes), std::end(kCodes), f.shell.prefs.language) - std::begin(kCodes));
    if (current > 2) current = 0;
    if (ui::Combo("##language", tr("Language"), current, kLanguages, 3)) {
      f.shell.prefs.language = kCodes[current];
      f.shell.prefs_changed = true;
    }
    ui::Separator();
    ui::Text(tr("What this kit does"));
    ui::TextDisabled(tr("You write answers and record practices on this computer, without a connection. They are "
                        "kept encrypted under your passphrase. When you submit, they are sealed so that only the "
                        "campaign's secretariat can read them, and they travel on USB sticks or through relays "
                        "whose carriers cannot read them."));
    ui::Text(tr("What it does not protect you from"));
    ui::TextDisabled(tr("Someone who sees your screen, forces you to type your passphrase, or has put spying "
                        "software on this computer. What you write can itself identify you. A carrier can see "
                        "that you hold a kit and when bundles moved. If you forget the passphrase, the kit "
                        "cannot be opened: nobody can recover it for you."));
    ImGui::Spacing();
    if (ui::Button(tr("Continue"), "Enter") || (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) && !ImGui::GetIO().WantTextInput))
    {
      ui_.step = 1;
      ui_.focus = true;
    }
  }

  void DrawPassphrase(Frame& f) {
    if (ui_.focus) {
      ImGui::SetKeyboardFocusHere();  // past the label: the field itself
      ui_.focus = false;
    }
    ui::InputLine("##name", tr("A name for this kit (only you see it; optional)"), ui_.name);
    ui::InputLine("##pass", tr("Passphrase (several words are easier to remember and stronger)"), ui_.passphrase, true);
    const char* const kStrength[] = {tr("too short"), tr("weak"), tr("fair"), tr("good"), tr("strong")};
    const int score = StrengthScore(ui_.passphrase);
    ui::TextColored(score < 2 ? ui::kColorError : score < 3 ? ui::kColorWarning : ui::kColorOk,
                    Format(tr("Strength: {0}"), {kStrength[score]}));
    const bool submitted = ui::InputLine("##confirm", tr("The same passphrase again"), ui_.confirm, true, true);
    const bool same = !ui_.passphrase.empty() && ui_.passphrase == ui_.confirm;
    if (!ui_.confirm.empty() && !same) ui::Warning(tr("The two passphrases differ."));
    if (ui_.waiting) ui::TextDisabled(tr("Creating the kit…"));
    const bool ok = same && score >= 1 && !ui_.waiting;
    if ((ui::Button(tr("Create the kit"), "Enter", ok) || submitted) && ok) {
      ui_.waiting = true;
      f.session.Post(model::intent::CreateKit{crypto::Passphrase::Copy(AsBytes(ui_.passphrase)), ui_.name});
    }
    if (ui::Button(tr("Back"), "Escape") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ui_.step = 0;
  }

  void DrawRecoveryCode(Frame& f) {
    ui::Text(tr("Your recovery code. It is shown only this once: write it on paper and keep it apart from this "
                "computer. With it and a key backup you can restore your identity on a new machine."));
    ImGui::SetWindowFontScale(1.4f);
    const std::string& code = ui_.code;
    ImGui::TextUnformatted(code.c_str());  // Latin symbols: always left to right
    ImGui::SetWindowFontScale(1.0f);
    ui::Separator();
    ui::Text(tr("To check that you wrote it down, type its second and sixth groups."));
    if (ui_.focus) {
      ImGui::SetKeyboardFocusHere();
      ui_.focus = false;
    }
    ui::InputLine("##ga", tr("Second group"), ui_.group_a);
    const bool enter = ui::InputLine("##gb", tr("Sixth group"), ui_.group_b, false, true);
    auto group = [&](int n) {
      const std::size_t pos = static_cast<std::size_t>(n) * 5;
      return pos + 4 <= code.size() ? code.substr(pos, 4) : std::string();
    };
    auto fold = [](std::string s) {
      std::string out;
      for (char c : s)
        if (c != ' ' && c != '-') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return out;
    };
    const bool matches = fold(ui_.group_a) == group(1) && fold(ui_.group_b) == group(5);
    if (!ui_.group_b.empty() && !matches) ui::Warning(tr("That does not match the code. Look again at what you wrote."));
    if ((ui::Button(tr("I have written it down"), "Enter", matches) || enter) && matches) {
      ui_ = FirstRunUi{};  // wipes the code and the groups typed
      f.shell.Go(ScreenId::kCampaigns);
    }
  }

  FirstRunUi ui_;
};

}  // namespace

std::unique_ptr<Screen> MakeFirstRunScreen() { return std::make_unique<FirstRunScreen>(); }

}  // namespace staccs::gui
