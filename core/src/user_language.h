// The language part of locale names, for platform::UserLanguage on every platform.
#pragma once

#include <cstdlib>
#include <string>

namespace staccs::platform {

// "ar_SA.UTF-8" -> "ar", "fr" -> "fr"; "C", "POSIX" and anything without a two-letter
// language part -> "".
inline std::string LanguageOfLocaleName(const char* name) {
  std::string lang;
  for (const char* p = name; *p >= 'a' && *p <= 'z' && lang.size() < 3; ++p) lang += *p;
  return lang.size() == 2 ? lang : std::string();
}

// The language of the first of LC_ALL, LC_MESSAGES and LANG that is set, as POSIX reads them.
inline std::string LanguageFromEnvironment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* v = std::getenv(var); v != nullptr && *v != 0) return LanguageOfLocaleName(v);
  return {};
}

}  // namespace staccs::platform
