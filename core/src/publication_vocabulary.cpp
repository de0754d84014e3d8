#include "publication_vocabulary.h"

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "publication_text.h"
#include "staccs/core/text.h"

namespace staccs::core::publication {

namespace {

constexpr Country kCountries[] = {
#include "iso_3166_countries.inc"
};

constexpr std::array<StakeholderGroup, 7> kGroups = {{
    {"government", "government"},
    {"civil_society", "civil society"},
    {"private_sector", "private sector"},
    {"technical_community", "technical community"},
    {"intergovernmental", "intergovernmental organisation"},
    {"academia", "academia"},
    {"other", kOtherOrNotGiven},
}};

// Names people write for each group (English, French, Arabic), before normalising.
constexpr std::array<std::string_view, 6> kGroupNames = {
    "government|governments|public sector|public authority|ministry|regulator|gouvernement|secteur public|"
    "administration|حكومة|القطاع العام|جهة حكومية",
    "civil society|civil society organisation|civil society organization|cso|ngo|non governmental organisation|"
    "non governmental organization|nonprofit|non profit|société civile|organisation de la société civile|ong|"
    "المجتمع المدني|منظمة غير حكومية|منظمات المجتمع المدني",
    "private sector|business|industry|company|operator|private|secteur privé|entreprise|القطاع الخاص|شركة",
    "technical community|internet technical community|technical|communauté technique|المجتمع التقني|"
    "المجتمع الفني|الأوساط التقنية",
    "intergovernmental organisation|intergovernmental organization|intergovernmental|igo|"
    "international organisation|international organization|organisation intergouvernementale|"
    "organisation internationale|منظمة حكومية دولية|منظمة دولية",
    "academia|academic|research|researcher|university|milieu universitaire|université|universitaire|recherche|"
    "académique|الأوساط الأكاديمية|جامعة|أكاديمي|بحث علمي",
};

// Latin letters with diacritics that French and other Latin-script names use, folded to ASCII.
std::string_view FoldLatin(std::uint32_t cp) {
  switch (cp) {
    case 0xe0: case 0xe1: case 0xe2: case 0xe3: case 0xe4: case 0xe5: case 0xc0: case 0xc1: case 0xc2: case 0xc3:
    case 0xc4: case 0xc5: return "a";
    case 0xe7: case 0xc7: return "c";
    case 0xe8: case 0xe9: case 0xea: case 0xeb: case 0xc8: case 0xc9: case 0xca: case 0xcb: return "e";
    case 0xec: case 0xed: case 0xee: case 0xef: case 0xcc: case 0xcd: case 0xce: case 0xcf: return "i";
    case 0xf1: case 0xd1: return "n";
    case 0xf2: case 0xf3: case 0xf4: case 0xf5: case 0xf6: case 0xf8: case 0xd2: case 0xd3: case 0xd4: case 0xd5:
    case 0xd6: case 0xd8: return "o";
    case 0xf9: case 0xfa: case 0xfb: case 0xfc: case 0xd9: case 0xda: case 0xdb: case 0xdc: return "u";
    case 0xfd: case 0xff: case 0xdd: return "y";
    case 0xdf: return "ss";
    case 0xe6: case 0xc6: return "ae";
    case 0x153: case 0x152: return "oe";
    default: return {};
  }
}

// Lowercase ASCII, folded Latin diacritics, Arabic without diacritics and tatweel and with one
// form of alef, yeh and heh, punctuation as spaces, no leading "the" and no Arabic article.
std::string Normalise(std::string_view given) {
  const std::string clean = CleanText(given, TextShape::kLine);
  std::string flat;
  std::size_t i = 0;
  while (i < clean.size()) {
    std::uint32_t cp = DecodeUtf8(clean, i);
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    if (cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x2bc) continue;  // "d'Ivoire" = "dIvoire"
    if (cp < 0x80 && !((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))) cp = ' ';
    if (auto folded = FoldLatin(cp); !folded.empty()) {
      flat += folded;
      continue;
    }
    if ((cp >= 0x64b && cp <= 0x65f) || cp == 0x670 || cp == 0x640) continue;  // harakat, shadda, tatweel
    if (cp == 0x622 || cp == 0x623 || cp == 0x625 || cp == 0x671) cp = 0x627;  // alef forms
    if (cp == 0x649) cp = 0x64a;                                                // alef maksura → yeh
    if (cp == 0x629) cp = 0x647;                                                // teh marbuta → heh
    if (cp == 0x60c || cp == 0x61b || cp == 0x61f || cp == 0x6d4 || cp == 0xa0 || (cp >= 0x2000 && cp <= 0x206f)) cp = ' ';
    AppendUtf8(flat, cp);
  }
  // Words, without an Arabic article on a long word, joined by one space; no leading "the".
  std::string out;
  std::size_t pos = 0;
  bool first = true;
  while (pos < flat.size()) {
    const std::size_t b = flat.find_first_not_of(' ', pos);
    if (b == std::string::npos) break;
    std::size_t e = flat.find(' ', b);
    if (e == std::string::npos) e = flat.size();
    std::string_view word(flat.data() + b, e - b);
    pos = e;
    if (first && word == "the") continue;
    constexpr std::string_view kAl = "\xD8\xA7\xD9\x84";  // ال
    if (word.size() > kAl.size() + 4 && word.substr(0, kAl.size()) == kAl) word.remove_prefix(kAl.size());
    if (!out.empty()) out.push_back(' ');
    out += word;
    first = false;
  }
  return out;
}

template <class F>
void ForEachName(std::string_view names, F&& f) {
  std::size_t pos = 0;
  while (pos <= names.size()) {
    std::size_t bar = names.find('|', pos);
    if (bar == std::string_view::npos) bar = names.size();
    f(names.substr(pos, bar - pos));
    pos = bar + 1;
  }
}

struct Lookup {
  std::unordered_map<std::string, std::size_t> groups, countries, codes;
  Lookup() {
    for (std::size_t g = 0; g < kGroupNames.size(); ++g)
      ForEachName(kGroupNames[g], [&](std::string_view n) { groups.emplace(Normalise(n), g); });
    for (std::size_t c = 0; c < std::size(kCountries); ++c) {
      ForEachName(kCountries[c].names, [&](std::string_view n) { countries.emplace(Normalise(n), c); });
      codes.emplace(std::string(kCountries[c].alpha2), c);
      codes.emplace(std::string(kCountries[c].alpha3), c);
    }
    codes.erase("NA");  // "N/A" far more often than Namibia
  }
};

const Lookup& Tables() {
  static const Lookup lookup;  // built once, thread-safe
  return lookup;
}

}  // namespace

std::span<const StakeholderGroup> StakeholderGroups() { return kGroups; }

std::size_t StakeholderGroupOf(std::string_view given) {
  const auto& t = Tables().groups;
  auto it = t.find(Normalise(given));
  return it == t.end() ? kGroups.size() - 1 : it->second;
}

std::span<const Country> Countries() { return kCountries; }

std::optional<std::size_t> CountryOf(std::string_view given) {
  const std::string trimmed = CleanText(given, TextShape::kLine);
  const auto& codes = Tables().codes;
  if (auto it = codes.find(trimmed); it != codes.end()) return it->second;  // capitals only: the map holds them so
  const auto& names = Tables().countries;
  auto it = names.find(Normalise(trimmed));
  if (it == names.end()) return std::nullopt;
  return it->second;
}

std::string_view PracticeKindLabel(PracticeKind kind) {
  switch (kind) {
    case PracticeKind::kGoodPractice: return "good practice";
    case PracticeKind::kGap: return "gap";
    case PracticeKind::kLiterature: return "reference from the literature";
  }
  return "practice";
}

}  // namespace staccs::core::publication
