#include "staccs/core/practice.h"

#include <nlohmann/json.hpp>

#include "json_text.h"

#include "staccs/core/text.h"

namespace staccs::core {

namespace {

using nlohmann::json;

constexpr Phase kPhases[] = {Phase::kPreparing, Phase::kPrevention, Phase::kResilience,
                             Phase::kMitigation, Phase::kRecovery};
constexpr PracticeKind kKinds[] = {PracticeKind::kGoodPractice, PracticeKind::kGap, PracticeKind::kLiterature};
constexpr std::string_view kActors[] = {"RIRs/NROs", "ccTLD registries", "gTLD registries", "ICANN", "ISOC", "ITU",
                                        "OCHA", "ICRC", "humanitarian bodies", "governments", "civil society",
                                        "private sector", "operators"};

}  // namespace

std::span<const Phase> AllPhases() { return kPhases; }
std::span<const PracticeKind> AllKinds() { return kKinds; }
std::span<const std::string_view> SuggestedActors() { return kActors; }

std::string_view PhaseId(Phase p) {
  switch (p) {
    case Phase::kPreparing: return "preparing";
    case Phase::kPrevention: return "prevention";
    case Phase::kResilience: return "resilience";
    case Phase::kMitigation: return "mitigation";
    case Phase::kRecovery: return "recovery";
  }
  return "preparing";
}

std::string_view PhaseLabel(Phase p) {
  switch (p) {
    case Phase::kPreparing: return "Preparing for crisis";
    case Phase::kPrevention: return "Prevention and protection under legal frameworks";
    case Phase::kResilience: return "Resilience";
    case Phase::kMitigation: return "Mitigating impacts";
    case Phase::kRecovery: return "Rebuilding and recovery";
  }
  return "";
}

std::optional<Phase> ParsePhase(std::string_view s) {
  for (Phase p : kPhases)
    if (s == PhaseId(p)) return p;
  return std::nullopt;
}

std::string_view KindId(PracticeKind k) {
  switch (k) {
    case PracticeKind::kGoodPractice: return "good-practice";
    case PracticeKind::kGap: return "gap";
    case PracticeKind::kLiterature: return "literature";
  }
  return "good-practice";
}

std::optional<PracticeKind> ParseKind(std::string_view s) {
  for (PracticeKind k : kKinds)
    if (s == KindId(k)) return k;
  return std::nullopt;
}

Bytes EncodePracticeContent(const PracticeContent& p) {
  json j = {{"v", 1}, {"title", p.title}, {"description", p.description},
            {"phase", std::string(PhaseId(p.phase))}, {"actors", p.actors}, {"countries", p.countries},
            {"kind", std::string(KindId(p.kind))}, {"sources", p.sources}};
  return DumpJsonBytes(j);
}

Result<PracticeContent> DecodePracticeContent(ByteView bytes) {
  json j = json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (j.is_discarded()) return Error::Local("stored practice is not readable");
  try {
    PracticeContent p;
    p.title = j.at("title").get<std::string>();
    p.description = j.at("description").get<std::string>();
    auto phase = ParsePhase(j.at("phase").get<std::string>());
    auto kind = ParseKind(j.at("kind").get<std::string>());
    if (!phase || !kind) return Error::Local("stored practice has an unknown phase or kind");
    p.phase = *phase;
    p.kind = *kind;
    p.actors = j.at("actors").get<std::vector<std::string>>();
    p.countries = j.at("countries").get<std::vector<std::string>>();
    p.sources = j.at("sources").get<std::vector<std::string>>();
    return p;
  } catch (const json::exception& e) {
    return Error::Local(std::string("stored practice is not readable: ") + e.what());
  }
}

}  // namespace staccs::core
