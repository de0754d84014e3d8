// The client's display preferences: language, font size, contrast, auto-lock. Needed before
// the kit is unlocked (the unlock screen is drawn in the chosen language), so kept beside the
// kit in a small plain file, `HOME/display.json`; they hold nothing the user wrote.
#pragma once

#include <filesystem>
#include <string>

namespace staccs::gui::model {

struct Preferences {
  std::string language = "en";  // en | fr | ar
  float font_size = 17.0f;      // pixels; Ctrl +/- change it
  bool high_contrast = false;
  int auto_lock_minutes = 10;   // 0: never

  static constexpr float kMinFont = 12.0f, kMaxFont = 32.0f;
  bool operator==(const Preferences&) const = default;
};

// Missing or unreadable: the defaults (and the language from $LANG when it is fr or ar).
Preferences LoadPreferences(const std::filesystem::path& home);
// Written atomically; an error is only logged by the caller: preferences are not user data.
bool SavePreferences(const std::filesystem::path& home, const Preferences& preferences);

}  // namespace staccs::gui::model
