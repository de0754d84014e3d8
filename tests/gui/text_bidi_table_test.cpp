// The committed table of logical strings and the visual code-point sequences they must be drawn
// as: Arabic joined into presentation forms (Unicode 'Arabic Presentation Forms-B'), lam-alef
// ligatures, right-to-left order, mirrored brackets, numbers and Latin words inside Arabic
// reading left to right, fingerprints and dates keeping their group order, punctuation at run
// edges where a reader expects it. Expected forms worked out by hand from the letters' joining
// types (comments give each letter's form); visual order is left to right as drawn.
#include <doctest/doctest.h>
#include <fribidi.h>

#include <string>
#include <vector>

#include "staccs/gui/text/paragraph_layout.h"
#include "staccs/gui/text/utf32.h"

using staccs::gui::text::BaseDirection;
using staccs::gui::text::ToUtf32;
using staccs::gui::text::VisualOrder;

namespace {

struct Case {
  const char* name;
  const char* logical;  // UTF-8, logical order
  BaseDirection direction;
  std::u32string visual;
};

std::string Hex(const std::u32string& s) {
  std::string out;
  char buf[12];
  for (char32_t c : s) {
    std::snprintf(buf, sizeof buf, "%04X ", static_cast<unsigned>(c));
    out += buf;
  }
  return out;
}

const std::vector<Case> kTable = {
    // seen (initial FEB3) + lam-alef final (FEFC) + meem isolated (FEE1), read right to left.
    {"a word with a lam-alef inside", "سلام", BaseDirection::kAuto, U"\uFEE1\uFEFC\uFEB3"},
    {"lam-alef alone is one isolated ligature", "لا", BaseDirection::kAuto, U"\uFEFB"},
    // beh initial, yeh medial, teh final.
    {"three joining letters", "بيت", BaseDirection::kAuto, U"\uFE96\uFEF4\uFE91"},
    // ain initial, alef final, meem isolated; the number stays left to right, on the left.
    {"a number after an Arabic word", "عام 2024", BaseDirection::kAuto, U"2024 \uFEE1\uFE8E\uFECB"},
    {"a number before an Arabic word (direction from the first letter)", "2024 عام", BaseDirection::kAuto,
     U"\uFEE1\uFE8E\uFECB 2024"},
    // kaf initial, teh medial, beh final.
    {"a Latin word inside an Arabic sentence", "كتب Alice", BaseDirection::kAuto, U"Alice \uFE90\uFE98\uFEDB"},
    // beh initial, sad medial, meem medial, teh marbuta final. Plain UBA would show the groups as
    // "55201 90417 48213"; the isolate keeps them as written.
    {"a fingerprint inside Arabic keeps its group order", "بصمة 48213 90417 55201.", BaseDirection::kAuto,
     U".48213 90417 55201 \uFE94\uFEE4\uFEBC\uFE91"},
    // feh initial, yeh final. Plain UBA would show "01-05-2024".
    {"a date inside Arabic reads as written", "في 2024-05-01", BaseDirection::kAuto, U"2024-05-01 \uFEF2\uFED3"},
    // dal, waw, reh isolated (none joins to the left); heh initial, noon medial, alef final.
    // The brackets are mirrored at the right-to-left level, so they still enclose the name.
    {"a bracketed acronym inside Arabic", "دور (ICANN) هنا", BaseDirection::kAuto,
     U"\uFE8E\uFEE8\uFEEB (ICANN) \uFEAD\uFEED\uFEA9"},
    {"an Arabic word in brackets is mirrored", "(مرحبا)", BaseDirection::kAuto,
     U"(\uFE8E\uFE92\uFEA3\uFEAE\uFEE3)"},
    // meem initial, reh final, hah initial, beh medial, alef final; the mark ends up on the left.
    {"an exclamation mark at the end of Arabic", "مرحبا!", BaseDirection::kAuto,
     U"!\uFE8E\uFE92\uFEA3\uFEAE\uFEE3"},
    // kaf initial, yeh medial, feh final, then the Arabic question mark.
    {"the Arabic question mark", "كيف؟", BaseDirection::kAuto, U"\u061F\uFED2\uFEF4\uFEDB"},
    // noon initial, ain medial, meem final, Arabic comma, then a Latin acronym.
    {"an Arabic comma before a Latin word", "نعم، DNS", BaseDirection::kAuto, U"DNS \u060C\uFEE2\uFECC\uFEE7"},
    {"French stays as typed, narrow no-break spaces included", "L’été à Genève\u202F: 3\u00A0°C\u202F!",
     BaseDirection::kAuto, U"L’été à Genève\u202F: 3\u00A0°C\u202F!"},
    {"an Arabic word inside a French sentence", "Le mot سلام veut dire paix.", BaseDirection::kAuto,
     U"Le mot \uFEE1\uFEFC\uFEB3 veut dire paix."},
    // beh initial with fatha, alef final, beh isolated; the mark follows its base in visual order.
    {"harakat stay with their letter", "بَاب", BaseDirection::kAuto, U"\uFE8F\uFE8E\uFE91\u064E"},
    // alef isolated, lam initial, ain medial, dal final, dal isolated; Arabic-Indic digits.
    {"Arabic-Indic digits read left to right", "العدد ١٢٣", BaseDirection::kAuto,
     U"\u0661\u0662\u0663 \uFEA9\uFEAA\uFECC\uFEDF\uFE8D"},
    {"an Arabic word in a left-to-right label", "ID: سلام", BaseDirection::kLtr, U"ID: \uFEE1\uFEFC\uFEB3"},
    {"a Latin sentence in a right-to-left label ends on the left", "Hello world.", BaseDirection::kRtl,
     U".Hello world"},
    {"guillemets around Arabic are mirrored", "«سلام»", BaseDirection::kAuto, U"\u00AB\uFEE1\uFEFC\uFEB3\u00BB"},
    // alef isolated, lam + alef-with-hamza-below ligature isolated (FEF9), sad initial, dal final,
    // alef isolated, reh isolated; jeem initial, alef final, heh initial, zain final.
    {"a version number and a lam-hamza ligature", "الإصدار 2.0 جاهز", BaseDirection::kAuto,
     U"\uFEB0\uFEEB\uFE8E\uFE9F 2.0 \uFEAD\uFE8D\uFEAA\uFEBB\uFEF9\uFE8D"},
    {"bidi controls typed by the user are not drawn", "a\u200Fb\u2067c\u2069", BaseDirection::kAuto, U"abc"},
    {"an empty string", "", BaseDirection::kAuto, U""},
};

}  // namespace

TEST_CASE("every string of the bidi table is drawn in its expected visual order") {
  for (const auto& c : kTable) {
    SUBCASE(c.name) {
      const std::u32string visual = VisualOrder(ToUtf32(c.logical), c.direction);
      INFO("logical: " << c.logical);
      CHECK(Hex(visual) == Hex(c.visual));
    }
  }
}

TEST_CASE("plain FriBidi would read a fingerprint inside Arabic backwards") {
  // What the table's fingerprint case guards against: FriBidi alone (no isolate) turns the digit
  // groups after an Arabic word into right-to-left order.
  const std::u32string logical = ToUtf32("بصمة 48213 90417");
  std::u32string visual(logical.size(), U'\0');
  FriBidiParType base = FRIBIDI_PAR_ON;
  REQUIRE(fribidi_log2vis(reinterpret_cast<const FriBidiChar*>(logical.data()), static_cast<FriBidiStrIndex>(logical.size()),
                          &base, reinterpret_cast<FriBidiChar*>(visual.data()), nullptr, nullptr, nullptr) != 0);
  CHECK(visual.substr(0, 11) == U"90417 48213");
  CHECK(VisualOrder(logical, BaseDirection::kAuto).substr(0, 11) == U"48213 90417");
}
