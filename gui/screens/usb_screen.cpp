// USB: the mounted removable drives the platform finds, or any folder typed in; export the
// kit's campaigns, received-logs and carried bundles to it, or import from it, with a
// progress bar, Cancel, and a report in plain words.
#include <imgui.h>

#include <cstdio>

#include "i18n.h"
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
    char buf[256];
    if (const auto* x = std::get_if<model::event::Exported>(&e)) {
      const auto& r = x->report;
      ui_.report.clear();
      std::snprintf(buf, sizeof buf, tr("Wrote %zu bundles to %s (%zu were already there, %zu removed as received)."),
                    r.bundles_written, x->stick.c_str(), r.bundles_already_there, r.bundles_removed);
      ui_.report.push_back(buf);
      std::snprintf(buf, sizeof buf, tr("%zu campaign files and %zu received-logs written."), r.campaigns_written, r.logs_written);
      ui_.report.push_back(buf);
      ui_.report_error = !r.stopped.empty();
      if (!r.stopped.empty()) {
        std::snprintf(buf, sizeof buf, tr("Stopped after %zu of %zu bundles: %s. What was written is complete and verified."),
                      r.bundles_written, r.bundles_to_write, r.stopped.c_str());
        ui_.report.push_back(buf);
      } else {
        ui_.report.push_back(tr("Everything written was read back from the stick and checked."));
      }
      shell.Tell(ui_.report.front(), ui_.report_error, now);
    }
    if (const auto* x = std::get_if<model::event::Imported>(&e)) {
      const auto& r = x->report;
      ui_.report.clear();
      std::snprintf(buf, sizeof buf, tr("From %s: %zu new bundles, %zu already held, %zu already received, %zu rejected."),
                    x->stick.c_str(), r.bundles_new, r.bundles_duplicate, r.bundles_already_received, r.rejected.size());
      ui_.report.push_back(buf);
      std::snprintf(buf, sizeof buf, tr("Campaigns: %zu new, %zu updated. Received-logs: %zu applied, %zu of yours received."),
                    r.campaigns_new, r.campaigns_updated, r.logs_applied, r.marked_received);
      ui_.report.push_back(buf);
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
      f.session.Post(model::intent::ExportToStick{ui_.folder});
    ImGui::SameLine();
    if (ui::Button(tr("Import from the stick"), "Ctrl+I", ready) || (ready && ui::Shortcut('I')))
      f.session.Post(model::intent::ImportFromStick{ui_.folder});

    const model::TransferKind kind = f.session.transfer(model::Lane::kStick);
    if (kind == model::TransferKind::kExport || kind == model::TransferKind::kImport) {
      const auto& p = f.session.progress(model::Lane::kStick);
      const std::uint64_t total = p.total.load(), done = p.done.load();
      char buf[128];
      std::snprintf(buf, sizeof buf, tr("%llu of %llu bundles, %s"), static_cast<unsigned long long>(done),
                    static_cast<unsigned long long>(total), FormatBytes(p.bytes.load()).c_str());
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
