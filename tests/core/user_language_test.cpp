// The system language the desktop client starts in (platform::UserLanguage).
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "staccs/core/platform.h"
#include "user_language.h"

using namespace staccs;

namespace {

void SetVariable(const char* name, const char* value) {
#ifdef _WIN32
  _putenv_s(name, value);  // an empty value removes it
#else
  if (*value == 0) ::unsetenv(name);
  else ::setenv(name, value, 1);
#endif
}

// Sets the three variables for one check and puts back what was there.
struct LocaleVariables {
  std::string saved[3];
  bool had[3] = {};
  static constexpr const char* kNames[3] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  LocaleVariables(const char* lc_all, const char* lc_messages, const char* lang) {
    for (int i = 0; i < 3; ++i)
      if (const char* v = std::getenv(kNames[i])) {
        had[i] = true;
        saved[i] = v;
      }
    SetVariable("LC_ALL", lc_all);
    SetVariable("LC_MESSAGES", lc_messages);
    SetVariable("LANG", lang);
  }
  ~LocaleVariables() {
    for (int i = 0; i < 3; ++i) SetVariable(kNames[i], had[i] ? saved[i].c_str() : "");
  }
};

}  // namespace

TEST_CASE("a locale name's language part is its two lower-case letters, or nothing") {
  CHECK(platform::LanguageOfLocaleName("ar_SA.UTF-8") == "ar");
  CHECK(platform::LanguageOfLocaleName("fr") == "fr");
  CHECK(platform::LanguageOfLocaleName("en_GB@euro") == "en");
  CHECK(platform::LanguageOfLocaleName("C").empty());
  CHECK(platform::LanguageOfLocaleName("C.UTF-8").empty());
  CHECK(platform::LanguageOfLocaleName("POSIX").empty());
  CHECK(platform::LanguageOfLocaleName("ast_ES").empty());  // three letters: no ISO 639-1 code
  CHECK(platform::LanguageOfLocaleName("").empty());
}

TEST_CASE("the user's language comes from the first of LC_ALL, LC_MESSAGES and LANG that is set") {
  {
    LocaleVariables v("", "", "ar_EG.UTF-8");
    CHECK(platform::UserLanguage() == "ar");
  }
  {
    LocaleVariables v("", "fr_FR.UTF-8", "ar_EG.UTF-8");
    CHECK(platform::UserLanguage() == "fr");
  }
  {
    LocaleVariables v("en_US.UTF-8", "fr_FR.UTF-8", "ar_EG.UTF-8");
    CHECK(platform::UserLanguage() == "en");
  }
}
