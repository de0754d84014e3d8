// The desktop client's window: GLFW with OpenGL 3 (OpenGL 2 where 3 is missing), Dear ImGui,
// the fonts, and an event-driven frame loop that sleeps until input, a worker's result or a
// due timer. Everything the participant sees is drawn by gui/screens from the Session's
// snapshots; this file only runs the window.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "staccs/crypto/passphrase_kdf.h"

namespace staccs::gui {

struct AppOptions {
  std::filesystem::path home;
  bool demo = false;
  crypto::KdfProfile kdf_profile = crypto::KdfProfile::kStandard;
  std::optional<std::string> language;  // overrides the saved preference
  int width = 1024, height = 600;
  bool hidden = false;
  int max_frames = -1;                     // tests: stop after this many frames
  std::filesystem::path frame_log;         // tests: one line per frame with its duration in ms
  std::filesystem::path screen_log;        // tests: a line each time the settled screen changes
  bool report_first_frame = false;         // bench: "first frame", then "first screen", on stdout
  std::filesystem::path screenshot_dir;    // --screenshot: every screen to PNG, then exit
  bool force_gl2 = false;
  std::filesystem::path test_recovery_code_file;  // tests only (see SessionOptions)
};

// Returns the process exit code: 0, or 4 when no window can be opened.
int RunApp(const AppOptions& options);

}  // namespace staccs::gui
