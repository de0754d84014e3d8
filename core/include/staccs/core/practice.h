// A practice record (SPEC §2): an operational good practice, a gap, or a reference from the
// literature, placed in one of the forum's five phases.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"

namespace staccs::core {

enum class Phase { kPreparing, kPrevention, kResilience, kMitigation, kRecovery };
enum class PracticeKind { kGoodPractice, kGap, kLiterature };

// Stable ids used in files and on the command line: preparing, prevention, resilience,
// mitigation, recovery / good-practice, gap, literature.
std::string_view PhaseId(Phase p);
std::string_view PhaseLabel(Phase p);  // English label
std::optional<Phase> ParsePhase(std::string_view s);
std::string_view KindId(PracticeKind k);
std::optional<PracticeKind> ParseKind(std::string_view s);

struct PracticeContent {
  std::string title;
  std::string description;
  Phase phase = Phase::kPreparing;
  std::vector<std::string> actors;
  std::vector<std::string> countries;
  PracticeKind kind = PracticeKind::kGoodPractice;
  std::vector<std::string> sources;
  bool operator==(const PracticeContent&) const = default;
};

struct Practice {
  std::string id;
  std::string campaign_id;
  std::int64_t created_unix = 0;
  std::int64_t updated_unix = 0;
  PracticeContent content;
};

// Every phase and kind, in the forum's order.
std::span<const Phase> AllPhases();
std::span<const PracticeKind> AllKinds();
// Actors the forum names (SPEC §2); a record may name others.
std::span<const std::string_view> SuggestedActors();

// The one parser for practice files (`practice add|edit --file`): Markdown with a front-matter
// header in the style of answers files (answers_file.h), the description as its body:
//   ---
//   title: Generators at towers
//   phase: resilience        # preparing | prevention | resilience | mitigation | recovery
//   kind: good-practice      # good-practice | gap | literature
//   actors: operators, ccTLD registries
//   countries: Sudan
//   sources: https://example.org/report, "Field notes, 2024"
//   ---
//   What was done, by whom, and what came of it.
// or a JSON object with the same fields (actors, countries and sources as lists or
// comma-separated text). Never throws; errors name the field or line.
Result<PracticeContent> ParsePracticeFile(std::string_view text);

// The Markdown form, which ParsePracticeFile reads back to the same content; for empty
// content (no title), the blank template with every phase and kind in comments.
std::string WritePracticeFile(const PracticeContent& content);

Bytes EncodePracticeContent(const PracticeContent& p);
Result<PracticeContent> DecodePracticeContent(ByteView bytes);

}  // namespace staccs::core
