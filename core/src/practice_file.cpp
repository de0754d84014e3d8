// The one parser for practice files from outside the kit (`practice add|edit --file`):
// Markdown with front matter, or JSON. See practice.h for the shape.
#include <nlohmann/json.hpp>

#include "front_matter.h"
#include "staccs/core/practice.h"
#include "staccs/core/text.h"

namespace staccs::core {

namespace {

using nlohmann::json;

Error Bad(const std::string& why) { return Error::BadInput("practice file: " + why); }

std::string PhaseChoices() {
  std::string out;
  for (Phase p : AllPhases()) out += (out.empty() ? "" : ", ") + std::string(PhaseId(p));
  return out;
}

std::string KindChoices() {
  std::string out;
  for (PracticeKind k : AllKinds()) out += (out.empty() ? "" : ", ") + std::string(KindId(k));
  return out;
}

Status SetText(PracticeContent& p, const std::string& key, const std::string& s) {
  if (key == "title") p.title = s;
  else if (key == "description") p.description = s;
  else if (key == "phase") {
    auto phase = ParsePhase(Trim(s));
    if (!phase) return Bad("phase '" + s + "' is not one of " + PhaseChoices());
    p.phase = *phase;
  } else if (key == "kind") {
    auto kind = ParseKind(Trim(s));
    if (!kind) return Bad("kind '" + s + "' is not one of " + KindChoices());
    p.kind = *kind;
  }
  return {};
}

bool IsTextField(const std::string& key) { return key == "title" || key == "description" || key == "phase" || key == "kind"; }
bool IsListField(const std::string& key) { return key == "actors" || key == "countries" || key == "sources"; }

std::vector<std::string>& ListOf(PracticeContent& p, const std::string& key) {
  return key == "actors" ? p.actors : key == "countries" ? p.countries : p.sources;
}

Result<std::vector<std::string>> JsonList(const json& j, const std::string& field) {
  if (j.is_string()) {
    std::vector<std::string> out;
    const std::string s = j.get<std::string>();
    for (std::size_t pos = 0; pos <= s.size();) {
      std::size_t comma = s.find(',', pos);
      if (comma == std::string::npos) comma = s.size();
      if (std::string item = Trim(std::string_view(s).substr(pos, comma - pos)); !item.empty()) out.push_back(item);
      pos = comma + 1;
    }
    return out;
  }
  if (!j.is_array()) return Bad("'" + field + "' must be a list or comma-separated text");
  std::vector<std::string> out;
  for (const auto& v : j) {
    if (!v.is_string()) return Bad("'" + field + "' must hold only text");
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<PracticeContent> ParseJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  PracticeContent p;
  try {
    for (const auto& [key, value] : j.items()) {
      if (IsTextField(key)) {
        if (!value.is_string()) return Bad("'" + key + "' must be text");
        STACCS_TRY(SetText(p, key, value.get<std::string>()));
      } else if (IsListField(key)) {
        STACCS_ASSIGN(ListOf(p, key), JsonList(value, key));
      } else {
        return Bad("unknown field '" + key + "'");
      }
    }
  } catch (const json::exception& e) {
    return Bad(e.what());
  }
  return p;
}

Result<PracticeContent> ParseMarkdown(std::string_view text) {
  const std::vector<std::string> lines = SplitLines(text);
  auto header = ReadFrontMatter(lines);
  if (!header) return Bad(header.error().message);
  if (header->body_line == 0)
    return Bad("starts neither with a '---' header (see 'staccs-cli practice template') nor with a JSON '{'");
  PracticeContent p;
  for (const FrontMatterField& f : header->fields) {
    const std::string at = " (line " + std::to_string(f.line) + ")";
    if (IsTextField(f.key) && f.key != "description") {
      auto value = ScalarValue(f);
      if (!value) return Bad(value.error().message);
      if (auto set = SetText(p, f.key, *value); !set) return Error::BadInput(set.error().message + at);
    } else if (IsListField(f.key)) {
      auto items = ListValue(f);
      if (!items) return Bad(items.error().message);
      ListOf(p, f.key) = std::move(*items);
    } else {
      return Bad("unknown field '" + f.key + "' in the header" + at + (f.key == "description" ? ": the description is the text after the header" : ""));
    }
  }
  auto body = WithoutComments(lines, header->body_line);
  if (!body) return Bad(body.error().message);
  std::string description;
  for (const auto& [number, line] : *body) description += line + "\n";
  p.description = Trim(description);
  return p;
}

}  // namespace

Result<PracticeContent> ParsePracticeFile(std::string_view text) {
  if (text.size() > (4u << 20)) return Bad("larger than 4 MiB");
  if (!IsCleanUtf8(text)) return Bad("is not UTF-8 text");
  const std::string head = Trim(text.substr(0, 64));
  auto parsed = !head.empty() && head[0] == '{' ? ParseJson(text) : ParseMarkdown(text);
  if (!parsed) return parsed;
  if (Trim(parsed->title).empty()) return Bad("'title' is missing");
  return parsed;
}

}  // namespace staccs::core
