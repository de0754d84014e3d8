// Campaigns: what the kit holds, each with its fingerprint in groups to compare by phone, its
// title, description, questions and deadline in the chosen language; import from a file or a
// detected stick; start a draft.
#include <imgui.h>

#include <cstdio>

#include "staccs/core/platform.h"
#include "staccs/gui/text/format.h"
#include "staccs/gui/text/translate.h"
#include "screen.h"
#include "staccs/core/removable_drives.h"
#include "ui.h"

namespace staccs::gui {

namespace {

struct CampaignsUi {
  std::string selected;  // campaign id
  std::string file;      // path typed for import
  std::vector<platform::RemovableDrive> sticks;
  double sticks_at = -100;
};

class CampaignsScreen : public Screen {
 public:
  ScreenId id() const override { return ScreenId::kCampaigns; }
  const char* name() const override { return "campaigns"; }

  void OnEvent(const model::Event& e, Shell& shell, double now) override {
    if (const auto* i = std::get_if<model::event::CampaignImported>(&e)) {
      ui_.selected = i->campaign_id;
      shell.Tell(i->unchanged ? tr("This campaign was already in the kit.")
                 : i->updated ? tr("The campaign was updated to its newer version.")
                              : tr("Campaign imported. Compare its fingerprint with the one the secretariat gave you."),
                 false, now);
    }
    if (const auto* d = std::get_if<model::event::DraftCreated>(&e)) {
      shell.open_draft_id = d->draft_id;
      shell.Go(ScreenId::kDraft);
    }
  }

  void Draw(Frame& f) override {
    if (f.now - ui_.sticks_at > 3 && !f.shell.screenshot_mode) {
      ui_.sticks = platform::ListRemovableDrives();
      ui_.sticks_at = f.now;
    }
    ui::Heading(tr("Campaigns"));
    const std::string& lang = f.shell.prefs.language;
    if (f.snap.campaigns.empty())
      ui::TextDisabled(tr("No campaign yet. Import the campaign file the secretariat or an organiser gave you."));
    if (ui_.selected.empty() && !f.snap.campaigns.empty()) ui_.selected = f.snap.campaigns.front().campaign.id_hex();

    for (const auto& c : f.snap.campaigns) {
      const std::string id = c.campaign.id_hex();
      const std::string label = ui::Visual(c.campaign.title.Get(lang)) + "##" + id;
      if (ImGui::Selectable(label.c_str(), ui_.selected == id)) ui_.selected = id;
    }
    if (const model::CampaignView* c = model::FindCampaign(f.snap, ui_.selected)) DrawDetail(f, *c);

    ui::Separator();
    ui::Text(tr("Import a campaign"));
    if (ui::Shortcut('O')) ImGui::SetKeyboardFocusHere();
    const bool enter = ui::InputLine("##campaign-file", tr("Campaign file (.stc): type or paste its path (Ctrl+O)"), ui_.file, false, true);
    if ((ui::Button(tr("Import file"), "Enter", !ui_.file.empty()) || enter) && !ui_.file.empty())
      f.session.Post(model::intent::ImportCampaignFile{platform::PathFromUtf8(ui_.file)});
    for (const auto& s : ui_.sticks) {
      const std::string text = std::string(tr("Import from the stick")) + " " + s.label + " (" + s.mount_point.string() + ")";
      if (ui::Button(text, {}, f.session.transfer(model::Lane::kStick) == model::TransferKind::kNone))
        f.session.Post(model::intent::ImportFromStick{s.mount_point});
    }
  }

 private:
  void DrawDetail(Frame& f, const model::CampaignView& c) {
    const std::string& lang = f.shell.prefs.language;
    ImGui::Spacing();
    ui::Heading(c.campaign.title.Get(lang));
    std::string groups;
    for (const auto& g : c.fingerprint_groups) groups += g + "  ";
    ui::Text(tr("Fingerprint (compare it with the secretariat's, group by group):"));
    ImGui::SetWindowFontScale(1.2f);
    ui::AlignStart(ImGui::CalcTextSize(groups.c_str()).x);
    ImGui::TextUnformatted(groups.c_str());  // digits read left to right in every language
    ImGui::SetWindowFontScale(1.0f);
    if (c.days_left) {
      const std::string date = FormatDate(c.campaign.deadline_unix).substr(0, 10);
      if (*c.days_left >= 0)
        ui::Text(Format(trn("Deadline {0}: {1} day left", "Deadline {0}: {1} days left", static_cast<unsigned long>(*c.days_left)),
                        {date, std::to_string(*c.days_left)}));
      else
        ui::Text(Format(tr("The deadline ({0}) has passed; the secretariat may still accept answers."), {date}));
    } else {
      ui::TextDisabled(tr("No deadline."));
    }
    if (std::find(c.campaign.awaiting_review.begin(), c.campaign.awaiting_review.end(), lang) !=
        c.campaign.awaiting_review.end())
      ui::Warning(tr("This translation awaits human review."));
    if (ImGui::CollapsingHeader((ui::Visual(tr("Description")) + "##desc").c_str()))
      ui::TextDisabled(c.campaign.description.Get(lang));
    if (ImGui::CollapsingHeader((ui::Visual(tr("Questions")) + "##questions").c_str())) {
      int n = 1;
      for (const auto& q : c.campaign.questions) {
        ui::Text(std::to_string(n++) + ". " + q.prompt.Get(lang));
        if (q.word_limit) ui::TextDisabled(Format(tr("at most {0} words"), {std::to_string(q.word_limit)}));
      }
    }
    if (ui::Button(tr("Start a draft for this campaign"), "Ctrl+N") || ui::Shortcut('N'))
      f.session.Post(model::intent::NewDraft{c.campaign.id_hex(), lang});
  }

  CampaignsUi ui_;
};

}  // namespace

std::unique_ptr<Screen> MakeCampaignsScreen() { return std::make_unique<CampaignsScreen>(); }

}  // namespace staccs::gui
