#include "staccs/gui/model/preferences.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "staccs/core/platform.h"

namespace staccs::gui::model {

namespace {
std::filesystem::path FileIn(const std::filesystem::path& home) { return home / "display.json"; }

std::string LanguageFromEnvironment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v == nullptr || *v == 0) continue;
    const std::string_view s(v);
    if (s.rfind("fr", 0) == 0) return "fr";
    if (s.rfind("ar", 0) == 0) return "ar";
    return "en";
  }
  return "en";
}
}  // namespace

Preferences LoadPreferences(const std::filesystem::path& home) {
  Preferences p;
  p.language = LanguageFromEnvironment();
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
