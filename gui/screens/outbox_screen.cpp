// Outbox: one row per sealed bundle with where it is now (sealed, on a stick, at a relay,
// received), its paths on demand, Sync now with a progress bar while bundles move, today's
// bytes against the data budget and the next automatic attempt.
#include <imgui.h>

#include <cstdio>
#include <set>

#include "staccs/gui/text/format.h"
#include "staccs/gui/text/translate.h"
#include "screen.h"
#include "ui.h"

namespace staccs::gui {

namespace {

const char* StateLabel(model::BundleState s) {
  switch (s) {
    case model::BundleState::kSealed: return tr("sealed, not carried yet");
    case model::BundleState::kOnStick: return tr("on a stick");
    case model::BundleState::kAsFile: return tr("exported as a file");
    case model::BundleState::kAtRelay: return tr("at a relay");
    case model::BundleState::kReceived: return tr("received by the secretariat");
  }
  return "";
}

struct OutboxUi {
  std::set<std::string> open;  // bundle ids whose paths are shown
  std::string last_result;
};

class OutboxScreen : public Screen {
 public:
  ScreenId id() const override { return ScreenId::kOutbox; }
  const char* name() const override { return "outbox"; }

  void OnEvent(const model::Event& e, Shell& shell, double now) override {
    if (const auto* s = std::get_if<model::event::Synced>(&e)) {
      if (!s->ran) return;
      const std::string text =
          s->reached ? Format(tr("Sync: {0} sent, {1} already at the relay, {2} newly received."),
                              {std::to_string(s->uploaded), std::to_string(s->already_there), std::to_string(s->marked_received)})
                     : Format(tr("Sync reached no relay: {0}"), {s->problems.empty() ? std::string() : s->problems.front()});
      shell.Tell(text, !s->reached, now);
    }
  }

  double NextRedraw(const Frame& f) const override {
    return f.snap.sync.next_attempt_unix > f.now_unix ? 1.0 : -1;
  }

  void Draw(Frame& f) override {
    ui::Heading(tr("Outbox"));
    const bool syncing = f.session.transfer(model::Lane::kSync) == model::TransferKind::kSync;
    const auto& st = f.snap.sync;
    const bool today = st.day == f.now_unix / 86400;
    const std::uint64_t used = today ? st.bytes_sent_today + st.bytes_received_today : 0;
    std::string budget = std::string(tr("Today: ")) + FormatBytes(used) + " " + tr("used");
    if (st.daily_budget_bytes) budget += std::string(" ") + tr("of") + " " + FormatBytes(st.daily_budget_bytes);
    else budget += std::string(", ") + tr("no data budget");
    ui::Text(budget);
    if (st.next_attempt_unix > f.now_unix) {
      ui::TextDisabled(Format(tr("Next automatic attempt in {0} s ({1} failed in a row)."),
                              {std::to_string(st.next_attempt_unix - f.now_unix), std::to_string(st.failures)}));
    } else {
      ui::TextDisabled(f.snap.sync_has_work ? tr("Sync runs in the background when a relay can be tried.")
                                            : tr("Nothing waits to be sent."));
    }
    if (syncing) {
      const auto& p = f.session.progress(model::Lane::kSync);
      const std::uint64_t total = p.total.load(), done = p.done.load();
      const std::string buf = Format(tr("{0} of {1} bundles"), {std::to_string(done), std::to_string(total)});
      ui::ProgressBar(total ? static_cast<float>(done) / static_cast<float>(total) : 0.0f, buf);
      if (ui::Button(tr("Cancel"), "Escape") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) f.session.CancelTransfer(model::Lane::kSync);
    } else if (ui::Button(tr("Sync now"), "Ctrl+R", f.session.transfer(model::Lane::kSync) == model::TransferKind::kNone) ||
               (ui::Shortcut('R') && f.session.transfer(model::Lane::kSync) == model::TransferKind::kNone)) {
      f.session.Post(model::intent::SyncNow{});
    }
    ui::Separator();
    if (f.snap.outbox.empty()) ui::TextDisabled(tr("Nothing sealed yet. Submit a draft or a practice to see it here."));
    if (!ImGui::BeginTable("##outbox", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH))
      return;
    ImGui::TableSetupColumn(ui::Visual(tr("What")).c_str());
    ImGui::TableSetupColumn(ui::Visual(tr("Sealed")).c_str(), ImGuiTableColumnFlags_WidthFixed, 170);
    ImGui::TableSetupColumn(ui::Visual(tr("Where it is")).c_str());
    ImGui::TableSetupColumn("##paths", ImGuiTableColumnFlags_WidthFixed, 80);
    ImGui::TableHeadersRow();
    for (const auto& row : f.snap.outbox) {
      const auto& e = row.entry;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string what = " · r" + std::to_string(e.revision) + " · " + ShortId(e.bundle_id);
      ui::Text((e.type == core::BundleType::kPractice ? std::string(tr("Practice")) : std::string(tr("Answers"))) + ": " +
               row.title + what);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatDate(e.sealed_unix).c_str());
      ImGui::TableNextColumn();
      if (row.state == model::BundleState::kReceived) ui::TextColored(ui::kColorOk, StateLabel(row.state));
      else ui::Text(StateLabel(row.state));
      ImGui::TableNextColumn();
      const bool open = ui_.open.count(e.bundle_id) > 0;
      if (ImGui::SmallButton(((open ? ui::Visual(tr("Hide")) : ui::Visual(tr("Paths"))) + "##" + e.bundle_id).c_str())) {
        if (open) ui_.open.erase(e.bundle_id);
        else ui_.open.insert(e.bundle_id);
      }
      if (open) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(("  " + std::string(tr("bundle")) + " " + e.bundle_id).c_str());
        for (const auto& p : e.paths)
          ui::TextDisabled("  " + FormatDate(p.at_unix) + "  " + p.path + "  (" + p.state + ")");
        if (e.received_unix) ui::TextDisabled("  " + FormatDate(*e.received_unix) + "  " + tr("received by the secretariat"));
      }
    }
    ImGui::EndTable();
  }

 private:
  OutboxUi ui_;
};

}  // namespace

std::unique_ptr<Screen> MakeOutboxScreen() { return std::make_unique<OutboxScreen>(); }

}  // namespace staccs::gui
