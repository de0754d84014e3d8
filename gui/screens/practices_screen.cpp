// Practices: the records the participant keeps, searched as they type (the kit's in-memory
// index), filtered by phase, kind, actor and country; add and edit in a form beside the list.
#include <imgui.h>

#include <array>
#include <set>

#include "staccs/gui/text/format.h"
#include "staccs/gui/text/translate.h"
#include "screen.h"
#include "ui.h"

namespace staccs::gui {

namespace {

// Built each time so they follow the language (tr() is a lookup, cheap enough per frame).
std::array<const char*, 6> Phases() {
  return {tr("Any phase"), tr("Preparing for crisis"), tr("Prevention and protection under legal frameworks"),
          tr("Resilience"), tr("Mitigating impacts"), tr("Rebuilding and recovery")};
}
std::array<const char*, 4> Kinds() {
  return {tr("Any kind"), tr("Good practice"), tr("Gap"), tr("Reference from the literature")};
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}
std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s + ",") {
    if (c == ',') {
      while (!cur.empty() && cur.front() == ' ') cur.erase(cur.begin());
      while (!cur.empty() && cur.back() == ' ') cur.pop_back();
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

struct Form {
  std::string id;  // empty: a new record
  std::string title, description, actors, countries, sources;
  int phase = 0, kind = 0;
};

struct PracticesUi {
  std::string query;
  int phase = 0, kind = 0;
  std::string actor, country;
  std::string results_for = "\x01";  // the query the results below answer
  std::optional<std::set<std::string>> matches;
  bool searched_dirty = true;
  std::optional<Form> form;
};

class PracticesScreen : public Screen {
 public:
  ScreenId id() const override { return ScreenId::kPractices; }
  const char* name() const override { return "practices"; }

  void OnEvent(const model::Event& e, Shell& shell, double now) override {
    if (const auto* r = std::get_if<model::event::SearchResults>(&e)) {
      ui_.matches = std::set<std::string>(r->practice_ids.begin(), r->practice_ids.end());
    }
    if (std::holds_alternative<model::event::PracticeSaved>(e)) {
      ui_.form.reset();
      ui_.searched_dirty = true;
      shell.Tell(tr("Practice saved."), false, now);
    }
    if (std::holds_alternative<model::event::SnapshotReady>(e)) ui_.searched_dirty = true;
  }

  void Draw(Frame& f) override {
    ui::Heading(tr("Practices"));
    bool changed = false;
    if (ui::Shortcut('F')) ImGui::SetKeyboardFocusHere();
    changed |= ui::InputLine("##search", tr("Search (Ctrl+F): every word must match"), ui_.query);
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x / 2 - 8);
    const auto phases = Phases();
    const auto kinds = Kinds();
    changed |= ui::Combo("##phase", {}, ui_.phase, phases.data(), 6);
    ImGui::SameLine();
    changed |= ui::Combo("##kind", {}, ui_.kind, kinds.data(), 4);
    ImGui::PopItemWidth();
    changed |= ui::InputLine("##actor", tr("Actor"), ui_.actor);
    changed |= ui::InputLine("##country", tr("Country or region"), ui_.country);
    if (changed || ui_.searched_dirty) {
      ui_.searched_dirty = false;
      core::PracticeFilter filter;
      if (ui_.phase > 0) filter.phase = static_cast<core::Phase>(ui_.phase - 1);
      if (ui_.kind > 0) filter.kind = static_cast<core::PracticeKind>(ui_.kind - 1);
      filter.actor = ui_.actor;
      filter.country = ui_.country;
      f.session.Post(model::intent::SearchPractices{ui_.query, filter});
    }
    if (ui::Button(tr("Add a practice"), "Ctrl+N") || ui::Shortcut('N')) ui_.form = Form{};
    ui::Separator();

    const float list_width = ui_.form ? ImGui::GetContentRegionAvail().x * 0.45f : 0.0f;
    ImGui::BeginChild("##practice-list", ImVec2(list_width, 0), false);
    std::size_t shown = 0;
    for (const auto& p : f.snap.practices) {
      if (ui_.matches && !ui_.matches->count(p.id)) continue;
      ++shown;
      const std::string label = ui::Visual(p.content.title) + "##" + p.id;
      if (ImGui::Selectable(label.c_str(), ui_.form && ui_.form->id == p.id)) Edit(p);
      ui::TextDisabled(std::string(phases[static_cast<std::size_t>(p.content.phase) + 1]) + " · " +
                       kinds[static_cast<std::size_t>(p.content.kind) + 1] + " · " + Join(p.content.countries));
    }
    if (shown == 0) ui::TextDisabled(tr("No practice matches."));
    ImGui::EndChild();
    if (ui_.form) {
      ImGui::SameLine();
      ImGui::BeginChild("##practice-form", ImVec2(0, 0), true);
      DrawForm(f);
      ImGui::EndChild();
    }
  }

 private:
  void Edit(const core::Practice& p) {
    Form form;
    form.id = p.id;
    form.title = p.content.title;
    form.description = p.content.description;
    form.actors = Join(p.content.actors);
    form.countries = Join(p.content.countries);
    form.sources = Join(p.content.sources);
    form.phase = static_cast<int>(p.content.phase);
    form.kind = static_cast<int>(p.content.kind);
    ui_.form = form;
  }

  void DrawForm(Frame& f) {
    Form& form = *ui_.form;
    ui::Text(form.id.empty() ? tr("New practice") : tr("Edit practice"));
    ui::InputLine("##title", tr("Title"), form.title);
    ui::Text(tr("Description"));
    ui::InputParagraph("##description", form.description, 4);
    const auto phases = Phases();
    const auto kinds = Kinds();
    ui::Combo("##form-phase", tr("Phase"), form.phase, phases.data() + 1, 5);
    ui::Combo("##form-kind", tr("Kind"), form.kind, kinds.data() + 1, 3);
    ui::InputLine("##actors", tr("Actors (comma-separated)"), form.actors);
    ui::InputLine("##countries", tr("Countries or regions"), form.countries);
    ui::InputLine("##sources", tr("Sources: citations, links"), form.sources);
    core::PracticeContent c;
    c.title = form.title;
    c.description = form.description;
    c.phase = static_cast<core::Phase>(form.phase);
    c.kind = static_cast<core::PracticeKind>(form.kind);
    c.actors = Split(form.actors);
    c.countries = Split(form.countries);
    c.sources = Split(form.sources);
    const bool ok = !form.title.empty() && !f.snap.campaigns.empty();
    if (ui::Button(tr("Save"), "Ctrl+S", ok) || (ok && ui::Shortcut('S'))) {
      if (form.id.empty()) f.session.Post(model::intent::AddPractice{f.snap.campaigns.front().campaign.id_hex(), c});
      else f.session.Post(model::intent::SavePractice{form.id, c});
    }
    ImGui::SameLine();
    if (!form.id.empty() && ui::Button(tr("Submit"), {})) f.session.Post(model::intent::Submit{form.id});
    ImGui::SameLine();
    if (ui::Button(tr("Close"), "Escape") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ui_.form.reset();
  }

  PracticesUi ui_;
};

}  // namespace

std::unique_ptr<Screen> MakePracticesScreen() { return std::make_unique<PracticesScreen>(); }

}  // namespace staccs::gui
