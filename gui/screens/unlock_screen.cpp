// Unlock: the passphrase, the throttling countdown after failures, and nothing that tells a
// duress passphrase from any other (it opens like one; the kit behind it is simply empty).
#include <imgui.h>

#include <cstdio>

#include "staccs/gui/text/format.h"
#include "staccs/gui/text/translate.h"
#include "screen.h"
#include "staccs/core/demo_kit.h"
#include "staccs/crypto/secret.h"
#include "ui.h"

namespace staccs::gui {

namespace {

struct UnlockUi {
  crypto::SecretText passphrase;
  std::string refused;
  std::int64_t retry_at = 0;
  bool waiting = false;
  bool focus = true;
};

class UnlockScreen : public Screen {
 public:
  ScreenId id() const override { return ScreenId::kUnlock; }
  const char* name() const override { return "unlock"; }

  void OnEvent(const model::Event& e, Shell&, double) override {
    if (const auto* r = std::get_if<model::event::UnlockRefused>(&e)) {
      ui_.refused = r->reason;
      ui_.retry_at = r->retry_at_unix;
      ui_.waiting = false;
      ui_.focus = true;
    }
    if (const auto* s = std::get_if<model::event::SnapshotReady>(&e); s && s->snapshot->stage != model::Stage::kLocked) {
      ui_.waiting = false;
      ui_.refused.clear();
    }
  }

  double NextRedraw(const Frame& f) const override {
    return Wait(f) > 0 ? 1.0 : -1;  // the countdown ticks once a second
  }

  void Draw(Frame& f) override {
    ImGui::Dummy(ImVec2(0, ImGui::GetContentRegionAvail().y * 0.12f));
    ui::Heading(tr("STACCS Field Kit"));
    ui::TextDisabled(tr("This kit is locked. Type your passphrase to open it."));
    if (f.snap.demo)
      ui::Warning(std::string(tr("Demo kit: the passphrase is")) + " \"" + std::string(core::kDemoPassphrase) + "\"");
    const std::int64_t wait = Wait(f);
    if (ui_.focus) {
      ImGui::SetKeyboardFocusHere();
      ui_.focus = false;
    }
    const bool enter = ui::InputLine("##passphrase", tr("Passphrase"), ui_.passphrase, true, true);
    const bool can = wait <= 0 && !ui_.waiting && !ui_.passphrase.empty();
    if ((ui::Button(tr("Unlock"), "Enter", can) || enter) && can) {
      ui_.waiting = true;
      f.session.Post(model::intent::Unlock{crypto::Passphrase::Copy(AsBytes(ui_.passphrase))});
      ui_.passphrase.Clear();
    }
    if (ui_.waiting) ui::TextDisabled(tr("Opening the kit…"));
    if (!ui_.refused.empty() && !ui_.waiting) ui::Error(ui_.refused == "wrong passphrase" ? tr("Wrong passphrase.") : ui_.refused);
    if (wait > 0) {
      ui::Warning(Format(tr("Too many failed attempts: you can try again in {0} s."), {std::to_string(wait)}));
    } else if (f.snap.failed_unlocks > 0) {
      ui::TextDisabled(Format(trn("{0} failed attempt since the last unlock.", "{0} failed attempts since the last unlock.",
                                  f.snap.failed_unlocks),
                              {std::to_string(f.snap.failed_unlocks)}));
    }
    ImGui::Spacing();
    ui::TextDisabled(tr("The kit locks itself after a while without use. Forgot the passphrase? Nobody can open "
                        "the kit without it; a key backup and the recovery code restore your identity in a new kit."));
  }

 private:
  std::int64_t Wait(const Frame& f) const {
    const std::int64_t until = std::max(ui_.retry_at, f.snap.unlock_allowed_at_unix);
    return until > f.now_unix ? until - f.now_unix : 0;
  }
  UnlockUi ui_;
};

}  // namespace

std::unique_ptr<Screen> MakeUnlockScreen() { return std::make_unique<UnlockScreen>(); }

}  // namespace staccs::gui
