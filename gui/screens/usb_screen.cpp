// USB: the mounted removable drives the platform finds, or any folder typed in; export the
// kit's campaigns, received-logs and carried bundles to it, or import from it, with a
// progress bar, Cancel, and a report in plain words.
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

struct UsbUi {
  std::vector<platform::RemovableDrive> drives;
  double drives_at = -100;
  std::string folder;
  std::vector<std::string> report;  // lines of the last export or import
  bool report_error = false;
};

class UsbScreen : public Screen {
 public:
  ScreenId id() const override { return ScreenId::kUsb; }
  const char* name() const override { return "usb"; }

  void OnEvent(const model::Event& e, Shell& shell, double now) override {
    auto n = [](std::size_t v) { return std::to_string(v); };
    if (const auto* x = std::get_if<model::event::Exported>(&e)) {
      const auto& r = x->report;
      ui_.report.clear();
      ui_.report.push_back(Format(tr("Wrote {0} bundles to {1} ({2} were already there, {3} removed as received)."),
                                  {n(r.bundles_written), x->stick, n(r.bundles_already_there), n(r.bundles_removed)}));
      ui_.report.push_back(
          Format(tr("{0} campaign files and {1} received-logs written."), {n(r.campaigns_written), n(r.logs_written)}));
      ui_.report_error = !r.stopped.empty();
      if (!r.stopped.empty()) {
        ui_.report.push_back(Format(tr("Stopped after {0} of {1} bundles: {2}. What was written is complete and verified."),
                                    {n(r.bundles_written), n(r.bundles_to_write), r.stopped}));
      } else {
        ui_.report.push_back(tr("Everything written was read back from the stick and checked."));
      }
      shell.Tell(ui_.report.front(), ui_.report_error, now);
    }
    if (const auto* x = std::get_if<model::event::Imported>(&e)) {
      const auto& r = x->report;
      ui_.report.clear();
      ui_.report.push_back(Format(tr("From {0}: {1} new bundles, {2} already held, {3} already received, {4} rejected."),
                                  {x->stick, n(r.bundles_new), n(r.bundles_duplicate), n(r.bundles_already_received),
                                   n(r.rejected.size())}));
      ui_.report.push_back(Format(tr("Campaigns: {0} new, {1} updated. Received-logs: {2} applied, {3} of yours received."),
                                  {n(r.campaigns_new), n(r.campaigns_updated), n(r.logs_applied), n(r.marked_received)}));
      for (const auto& why : r.rejected) ui_.report.push_back(std::string(tr("rejected: ")) + why);
      ui_.report_error = !r.rejected.empty();
      shell.Tell(ui_.report.front(), ui_.report_error, now);
    }
  }

  double NextRedraw(const Frame&) const override { return 3.0; }  // a stick plugged in appears

  void Draw(Frame& f) override {
    if (f.now - ui_.drives_at > 3 && !f.shell.screenshot_mode) {
      ui_.drives = platform::ListRemovableDrives();
      ui_.drives_at = f.now;
    }
    ui::Heading(tr("USB stick"));
    ui::TextDisabled(tr("A stick carries sealed bundles that nobody on the way can read, and brings back "
                        "campaign updates and word of what the secretariat received."));
    const bool idle = f.session.transfer(model::Lane::kStick) == model::TransferKind::kNone;
    if (ui_.drives.empty()) ui::TextDisabled(tr("No removable drive found. Plug in a stick, or type a folder below."));
    for (const auto& d : ui_.drives) {
      const std::string label = d.label + "  (" + d.mount_point.string() + (d.file_system.empty() ? "" : ", " + d.file_system) + ")";
      if (ImGui::Selectable((label + "##" + d.mount_point.string()).c_str(), ui_.folder == d.mount_point.string()))
        ui_.folder = d.mount_point.string();
    }
    if (ui::Shortcut('O')) ImGui::SetKeyboardFocusHere();
    ui::InputLine("##folder", tr("Stick or folder: choose one above or type its path (Ctrl+O)"), ui_.folder);
    const bool ready = idle && !ui_.folder.empty();
    if (ui::Button(tr("Export to the stick"), "Ctrl+E", ready) || (ready && ui::Shortcut('E')))
      f.session.Post(model::intent::ExportToStick{platform::PathFromUtf8(ui_.folder)});
    ImGui::SameLine();
    if (ui::Button(tr("Import from the stick"), "Ctrl+I", ready) || (ready && ui::Shortcut('I')))
      f.session.Post(model::intent::ImportFromStick{platform::PathFromUtf8(ui_.folder)});

    const model::TransferKind kind = f.session.transfer(model::Lane::kStick);
    if (kind == model::TransferKind::kExport || kind == model::TransferKind::kImport) {
      const auto& p = f.session.progress(model::Lane::kStick);
      const std::uint64_t total = p.total.load(), done = p.done.load();
      const std::string buf =
          Format(tr("{0} of {1} bundles, {2}"), {std::to_string(done), std::to_string(total), FormatBytes(p.bytes.load())});
      ui::ProgressBar(total ? static_cast<float>(done) / static_cast<float>(total) : 0.0f, buf);
      if (ui::Button(tr("Cancel"), "Escape") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) f.session.CancelTransfer(model::Lane::kStick);
    }
    if (!ui_.report.empty()) {
      ui::Separator();
      for (const auto& line : ui_.report) {
        if (ui_.report_error) ui::Warning(line);
        else ui::Text(line);
      }
    }
  }

 private:
  UsbUi ui_;
};

}  // namespace

std::unique_ptr<Screen> MakeUsbScreen() { return std::make_unique<UsbScreen>(); }

}  // namespace staccs::gui
