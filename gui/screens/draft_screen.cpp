// The draft editor: one field per question with its prompt and live word count against the
// limits (over a limit warns, never blocks), the autosave indicator, author details and
// consent, attachments with their metadata warnings, and submit behind a confirmation that
// says what could still identify the author.
#include <imgui.h>

#include <cstdio>

#include "staccs/core/platform.h"
#include "staccs/gui/text/format.h"
#include "staccs/gui/text/translate.h"
#include "screen.h"
#include "ui.h"

namespace staccs::gui {

namespace {

struct DraftUi {
  std::string draft_id;
  core::DraftContent content;
  bool dirty = false;            // edited since the last commit we heard of
  std::int64_t saved_at = 0;     // unix time of the last commit
  std::string attach_path;
  std::optional<core::SubmissionPreview> preview;  // the open confirmation
  bool open_popup = false;
  bool focus = true;  // the first answer takes the keyboard when a draft opens
};

const char* FieldLabel(const std::string& field) {
  if (field == "name") return tr("your name");
  if (field == "organisation") return tr("your organisation");
  if (field == "stakeholder_group") return tr("your stakeholder group");
  return tr("your country");
}

class DraftScreen : public Screen {
 public:
  ScreenId id() const override { return ScreenId::kDraft; }
  const char* name() const override { return "draft"; }

  void OnEvent(const model::Event& e, Shell& shell, double now) override {
    if (const auto* s = std::get_if<model::event::Saved>(&e); s && s->draft_id == ui_.draft_id) {
      ui_.saved_at = s->at_unix;
      ui_.dirty = false;
    }
    if (const auto* p = std::get_if<model::event::PreviewReady>(&e); p && p->preview.source_id == ui_.draft_id) {
      ui_.preview = p->preview;
      ui_.open_popup = true;
    }
    if (const auto* s = std::get_if<model::event::Submitted>(&e); s && s->entry.source_id == ui_.draft_id) {
      shell.Tell(Format(tr("Sealed as revision {0} for the secretariat. Carry it on a USB stick or send it with Sync now."),
                        {std::to_string(s->entry.revision)}),
                 false, now);
    }
    if (std::holds_alternative<model::event::Wiped>(e)) ui_ = DraftUi{};
  }

  double NextRedraw(const Frame& f) const override {
    // "saved 3 s ago" counts up while the editor is open; once a minute is enough past that.
    if (ui_.draft_id.empty()) return -1;
    return f.now_unix - ui_.saved_at < 60 ? 1.0 : 30.0;
  }

  void Draw(Frame& f) override {
    const model::DraftView* view = Select(f);
    if (view == nullptr) {
      ui::Heading(tr("Draft"));
      ui::TextDisabled(tr("No draft yet. Open Campaigns and start a draft for a campaign."));
      return;
    }
    const model::CampaignView* campaign = model::FindCampaign(f.snap, view->draft.campaign_id);
    if (campaign == nullptr) return ui::Error(tr("This draft's campaign is not in the kit."));
    const std::string& lang = f.shell.prefs.language;
    DrawHeader(f, *view, *campaign);
    const core::DraftWordCounts counts = core::CountDraftWords(ui_.content, campaign->campaign);

    ImGui::BeginChild("##answers", ImVec2(0, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 1.3f));
    for (std::size_t i = 0; i < campaign->campaign.questions.size(); ++i) {
      const core::Question& q = campaign->campaign.questions[i];
      core::Answer& answer = AnswerFor(q.id);
      ui::Text(std::to_string(i + 1) + ". " + q.prompt.Get(lang));
      const std::string field = "##answer-" + q.id;
      if (i == 0 && ui_.focus) {
        ImGui::SetKeyboardFocusHere();
        ui_.focus = false;
      }
      if (ui::InputParagraph(field.c_str(), answer.text, 4)) Edited(f);
      const core::WordCount& wc = counts.per_question[i];
      const std::string buf = wc.limit ? Format(tr("{0} of {1} words"), {std::to_string(wc.words), std::to_string(wc.limit)})
                                       : Format(tr("{0} words"), {std::to_string(wc.words)});
      if (wc.over()) ui::Warning(std::string(buf) + " — " + tr("over the limit: the secretariat may shorten it"));
      else ui::TextDisabled(buf);
      ImGui::Spacing();
    }
    DrawAuthor(f);
    DrawAttachments(f, *view);
    ImGui::EndChild();

    if ((ui::Button(view->sealed_before ? tr("Submit a new revision") : tr("Submit"), "Ctrl+Enter") ||
         (ui::Shortcut(ImGui::GetKeyIndex(ImGuiKey_Enter)))) && !ui_.open_popup)
      f.session.Post(model::intent::PreviewSubmit{ui_.draft_id});
    DrawConfirmation(f);
  }

 private:
  const model::DraftView* Select(Frame& f) {
    std::string want = f.shell.open_draft_id;
    if (want.empty() && !f.snap.drafts.empty()) want = f.snap.drafts.front().draft.id;
    const model::DraftView* view = model::FindDraft(f.snap, want);
    if (view == nullptr) return nullptr;
    if (ui_.draft_id != view->draft.id) {
      if (!ui_.draft_id.empty() && ui_.dirty) f.session.Post(model::intent::FlushDraft{ui_.draft_id});
      ui_ = DraftUi{};
      ui_.draft_id = view->draft.id;
      ui_.content = view->draft.content;
      ui_.saved_at = view->draft.updated_unix;
      f.shell.open_draft_id = view->draft.id;
    }
    return view;
  }

  core::Answer& AnswerFor(const std::string& question_id) {
    for (auto& a : ui_.content.answers)
      if (a.question_id == question_id) return a;
    ui_.content.answers.push_back({question_id, ""});
    return ui_.content.answers.back();
  }

  void Edited(Frame& f) {
    ui_.dirty = true;
    f.session.Post(model::intent::EditDraft{ui_.draft_id, ui_.content});
  }

  void DrawHeader(Frame& f, const model::DraftView& view, const model::CampaignView& campaign) {
    if (f.snap.drafts.size() > 1) {
      std::vector<std::string> names;
      int current = 0;
      for (std::size_t i = 0; i < f.snap.drafts.size(); ++i) {
        const auto& d = f.snap.drafts[i];
        names.push_back(d.campaign_title + " · " + ShortId(d.draft.id).substr(0, 8));
        if (d.draft.id == ui_.draft_id) current = static_cast<int>(i);
      }
      std::vector<const char*> ptrs;
      for (const auto& n : names) ptrs.push_back(n.c_str());
      if (ui::Combo("##draft-pick", {}, current, ptrs.data(), static_cast<int>(ptrs.size())))
        f.shell.open_draft_id = f.snap.drafts[static_cast<std::size_t>(current)].draft.id;
    }
    ui::Heading(campaign.campaign.title.Get(f.shell.prefs.language));
    const core::DraftWordCounts counts = core::CountDraftWords(ui_.content, campaign.campaign);
    const std::string total =
        Format(tr("{0} of {1} words in all"), {std::to_string(counts.total), std::to_string(counts.total_limit)});
    std::string saved = ui_.dirty ? tr("saving…") : std::string(tr("saved")) + " " + FormatAgo(std::max<std::int64_t>(0, f.now_unix - ui_.saved_at));
    std::string line = std::string(total) + "   ·   " + saved;
    if (counts.total_over()) ui::Warning(line + " — " + tr("over the total limit (about two pages)"));
    else ui::TextDisabled(line);
    (void)view;
  }

  void DrawAuthor(Frame& f) {
    if (!ImGui::CollapsingHeader((ui::Visual(tr("About you (all optional) and consent")) + "##author").c_str())) return;
    core::AuthorDetails& a = ui_.content.author;
    bool changed = false;
    changed |= ui::InputLine("##name", tr("Name"), a.name);
    changed |= ui::InputLine("##org", tr("Organisation"), a.organisation);
    changed |= ui::InputLine("##group", tr("Stakeholder group"), a.stakeholder_group);
    changed |= ui::InputLine("##country", tr("Country"), a.country);
    ui::Text(tr("May the secretariat publish your answers?"));
    struct Choice { core::Consent c; const char* label; };
    for (const Choice& c : {Choice{core::Consent::kPublishWithAttribution, tr("Yes, with my name and details")},
                            Choice{core::Consent::kPublishAnonymously, tr("Yes, without my name")},
                            Choice{core::Consent::kDoNotPublish, tr("No, only the secretariat may read them")}}) {
      if (ui::RadioButton(c.label, ui_.content.consent == c.c)) {
        ui_.content.consent = c.c;
        changed = true;
      }
    }
    if (changed) Edited(f);
  }

  void DrawAttachments(Frame& f, const model::DraftView& view) {
    if (!ImGui::CollapsingHeader((ui::Visual(tr("Attachments")) + "##attachments").c_str())) return;
    for (const auto& a : view.attachments) {
      ui::Text(a.descriptor.name + " (" + FormatBytes(a.descriptor.size) + ")");
      for (const auto& r : a.removed) ui::TextDisabled(std::string(tr("removed: ")) + r);
      for (const auto& w : a.warnings) ui::Warning(std::string(tr("may still identify you: ")) + w);
      if (ui::Button(std::string(tr("Remove")) + " " + a.descriptor.name))
        f.session.Post(model::intent::Detach{a.id});
    }
    const bool enter = ui::InputLine("##attach", tr("Attach a file: type or paste its path"), ui_.attach_path, false, true);
    if ((ui::Button(tr("Attach"), {}, !ui_.attach_path.empty()) || enter) && !ui_.attach_path.empty()) {
      f.session.Post(model::intent::Attach{ui_.draft_id, platform::PathFromUtf8(ui_.attach_path)});
      ui_.attach_path.clear();
    }
  }

  void DrawConfirmation(Frame& f) {
    const char* title = tr("Seal this draft for the secretariat?");
    if (ui_.open_popup) {
      ImGui::OpenPopup(title);
      ui_.open_popup = false;
    }
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetIO().DisplaySize.x * 0.7f, 0));
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    const core::SubmissionPreview& p = *ui_.preview;
    ui::Text(tr("Once sealed, this revision cannot be changed or recalled; you can send a new revision later, "
                "which also may withdraw consent."));
    ui::Text(tr("What could still identify you:"));
    for (const auto& item : p.identifying) {
      switch (item.kind) {
        case core::IdentifyingItem::Kind::kAuthorDetail:
          ui::Warning(std::string("• ") + FieldLabel(item.field) + ": " + item.value + " — " +
                      (item.published ? tr("will be published with your answers") : tr("reaches the secretariat only")));
          break;
        case core::IdentifyingItem::Kind::kAttachmentMetadata:
          ui::Warning(std::string("• ") + item.field + ": " + item.value);
          break;
        case core::IdentifyingItem::Kind::kOwnWords:
          ui::Text(std::string("• ") + tr("what you wrote: names of people, places or your organisation in the answers"));
          break;
      }
    }
    if (p.words.any_over()) ui::Warning(tr("Some answers are over their word limit. You may still submit."));
    ImGui::Spacing();
    if (ui::Button(tr("Seal and submit"), "Enter") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
      f.session.Post(model::intent::Submit{p.source_id});
      ui_.preview.reset();
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ui::Button(tr("Go back"), "Escape") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      ui_.preview.reset();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }

  DraftUi ui_;
};

}  // namespace

std::unique_ptr<Screen> MakeDraftScreen() { return std::make_unique<DraftScreen>(); }

}  // namespace staccs::gui
