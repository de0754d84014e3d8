// Positional substitution for translated messages: "{0} of {1} words". Translators may move
// the placeholders (French and Arabic word order often differ from English), and a translation
// can never crash the program as a wrong printf specifier would. tests/gui/translation_catalogue_test.cpp checks that every translation uses
// exactly the placeholders of its msgid.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace staccs::gui {

// Replaces {0}…{9} in `pattern` by the corresponding argument; "{{" and "}}" stand for a literal
// brace; a placeholder with no argument is kept as written, so a mistake shows instead of
// hiding text.
std::string Format(std::string_view pattern, std::initializer_list<std::string_view> args);

}  // namespace staccs::gui
