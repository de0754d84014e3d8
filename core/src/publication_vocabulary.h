// The fixed vocabularies a publication counts by. A contributor's free text never becomes a
// row label: it is matched to a stakeholder group or an ISO 3166-1 country (in English, French
// or Arabic, ignoring case, accents, Arabic diacritics and the article), and anything else
// counts as "other or not given".
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "staccs/core/practice.h"

namespace staccs::core::publication {

struct StakeholderGroup {
  std::string_view id;     // stable key in the JSON publication
  std::string_view label;  // English, as tables show it
};

// The IGF's stakeholder groups and academia, in the order tables show them; the last entry is
// "other or not given".
std::span<const StakeholderGroup> StakeholderGroups();
std::size_t StakeholderGroupOf(std::string_view given);  // an index into StakeholderGroups()
inline constexpr std::string_view kOtherOrNotGiven = "other or not given";

struct Country {
  std::string_view alpha2;  // stable key in the JSON publication
  std::string_view alpha3;
  std::string_view name;    // English short name, as tables show it
  std::string_view names;   // every name matched, '|'-separated
};

// The 249 ISO 3166-1 countries, by alpha-2 code.
std::span<const Country> Countries();
// An index into Countries(), or nullopt for "other or not given". Codes count only when
// written in capitals ("TD", "TCD"; never "no" or "N/A").
std::optional<std::size_t> CountryOf(std::string_view given);

// "good practice", "gap", "reference from the literature".
std::string_view PracticeKindLabel(PracticeKind kind);

}  // namespace staccs::core::publication
