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

Error Bad(const std::string& why) { return Error::BadInput("practice file: " + why); }

Result<std::vector<std::string>> ReadList(const json& j, const std::string& field) {
  std::vector<std::string> out;
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    for (std::size_t pos = 0; pos <= s.size();) {
      std::size_t comma = s.find(',', pos);
      if (comma == std::string::npos) comma = s.size();
      if (std::string item = Trim(std::string_view(s).substr(pos, comma - pos)); !item.empty()) out.push_back(item);
      pos = comma + 1;
    }
    return out;
  }
  if (!j.is_array()) return Bad("'" + field + "' must be a list or comma-separated text");
  for (const auto& v : j) {
    if (!v.is_string()) return Bad("'" + field + "' must hold only text");
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

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

Result<PracticeContent> ParsePracticeFile(std::string_view text) {
  if (text.size() > (4u << 20)) return Bad("larger than 4 MiB");
  if (!IsCleanUtf8(text)) return Bad("is not UTF-8 text");
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  PracticeContent p;
  try {
    for (const auto& [key, value] : j.items()) {
      if (key == "title" || key == "description" || key == "phase" || key == "kind") {
        if (!value.is_string()) return Bad("'" + key + "' must be text");
        std::string s = value.get<std::string>();
        if (key == "title") p.title = s;
        else if (key == "description") p.description = s;
        else if (key == "phase") {
          auto phase = ParsePhase(s);
          if (!phase) return Bad("phase '" + s + "' is not one of preparing, prevention, resilience, mitigation, recovery");
          p.phase = *phase;
        } else {
          auto kind = ParseKind(s);
          if (!kind) return Bad("kind '" + s + "' is not one of good-practice, gap, literature");
          p.kind = *kind;
        }
      } else if (key == "actors") { STACCS_ASSIGN(p.actors, ReadList(value, key)); }
      else if (key == "countries") { STACCS_ASSIGN(p.countries, ReadList(value, key)); }
      else if (key == "sources") { STACCS_ASSIGN(p.sources, ReadList(value, key)); }
      else return Bad("unknown field '" + key + "'");
    }
  } catch (const json::exception& e) {
    return Bad(e.what());
  }
  if (Trim(p.title).empty()) return Bad("'title' is missing");
  return p;
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
