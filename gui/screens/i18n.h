// The screens' translation hook. Every user-visible string is written tr("English msgid") so
// the PO catalogue (gui/po) finds it. Until that catalogue lands this is the identity, with
// the language kept here for layout direction.
#pragma once

#include <string>

namespace staccs::gui {

inline std::string& CurrentLanguageStorage() {
  static std::string language = "en";
  return language;
}
inline void SetLanguage(const std::string& language) { CurrentLanguageStorage() = language; }
inline const std::string& CurrentLanguage() { return CurrentLanguageStorage(); }
inline bool IsRightToLeft() { return CurrentLanguage() == "ar"; }
inline const char* tr(const char* msgid) { return msgid; }

}  // namespace staccs::gui
