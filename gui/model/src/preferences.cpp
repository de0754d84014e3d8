#include "staccs/gui/model/preferences.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "staccs/core/platform.h"

namespace staccs::gui::model {

namespace {
std::filesystem::path FileIn(const std::filesystem::path& home) { return home / "display.json"; }

// The system's language where the client has it (platform.h), English otherwise.
std::string LanguageFromSystem() {
  const std::string lang = platform::UserLanguage();
  return lang == "fr" || lang == "ar" ? lang : "en";
}
}  // namespace

Preferences LoadPreferences(const std::filesystem::path& home) {
  Preferences p;
  p.language = LanguageFromSystem();
  auto bytes = platform::ReadFile(FileIn(home), 64 * 1024);
  if (!bytes) return p;
  auto j = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return p;
  const std::string lang = j.value("language", p.language);
  if (lang == "en" || lang == "fr" || lang == "ar") p.language = lang;
  p.font_size = std::clamp(j.value("font_size", p.font_size), Preferences::kMinFont, Preferences::kMaxFont);
  p.high_contrast = j.value("high_contrast", p.high_contrast);
  p.auto_lock_minutes = std::clamp(j.value("auto_lock_minutes", p.auto_lock_minutes), 0, 24 * 60);
  return p;
}

bool SavePreferences(const std::filesystem::path& home, const Preferences& p) {
  if (!platform::CreateDirectoriesDurably(home)) return false;
  nlohmann::json j = {{"language", p.language},
                      {"font_size", p.font_size},
                      {"high_contrast", p.high_contrast},
                      {"auto_lock_minutes", p.auto_lock_minutes}};
  return platform::WriteFileAtomically(FileIn(home), AsBytes(j.dump(2))).ok();
}

}  // namespace staccs::gui::model
