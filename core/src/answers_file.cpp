#include "staccs/core/answers_file.h"

#include <nlohmann/json.hpp>

#include "staccs/core/text.h"

namespace staccs::core {

namespace {

using nlohmann::json;

Error Bad(const std::string& why) { return Error::BadInput("answers file: " + why); }

Status ApplyMetadata(DraftContent& d, const std::string& key, const std::string& value) {
  if (key == "name") d.author.name = value;
  else if (key == "organisation" || key == "organization") d.author.organisation = value;
  else if (key == "stakeholder_group" || key == "stakeholder group" || key == "stakeholder-group") d.author.stakeholder_group = value;
  else if (key == "country") d.author.country = value;
  else if (key == "language") d.language = value;
  else if (key == "consent") {
    if (!ParseConsent(value, d.consent))
      return Bad("consent '" + value + "' is not one of attributed, anonymous, do-not-publish");
  } else {
    return Bad("unknown field '" + key + "' in the header");
  }
  return {};
}

Result<DraftContent> ParseMarkdown(std::string_view text, const Campaign& campaign) {
  DraftContent d;
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line(text.substr(pos, nl - pos));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    pos = nl + 1;
  }
  std::size_t i = 0;
  if (!lines.empty() && Trim(lines[0]) == "---") {
    for (i = 1; i < lines.size() && Trim(lines[i]) != "---"; ++i) {
      if (Trim(lines[i]).empty()) continue;
      std::size_t colon = lines[i].find(':');
      if (colon == std::string::npos) return Bad("header line " + std::to_string(i + 1) + " has no ':'");
      std::string key = Trim(lines[i].substr(0, colon));
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      STACCS_TRY(ApplyMetadata(d, key, Trim(lines[i].substr(colon + 1))));
    }
    if (i == lines.size()) return Bad("the header opened with '---' is never closed");
    ++i;
  }
  std::size_t question = 0;
  bool in_answer = false;
  std::string current;
  auto finish = [&]() {
    if (in_answer) d.answers.push_back({campaign.questions[question - 1].id, Trim(current)});
    current.clear();
  };
  for (; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.size() >= 2 && line[0] == '#' && line[1] == ' ') {
      finish();
      if (question == campaign.questions.size())
        return Bad("has more '#' headings than the campaign has questions (" +
                   std::to_string(campaign.questions.size()) + ")");
      ++question;
      in_answer = true;
      continue;
    }
    if (!in_answer) {
      if (!Trim(line).empty()) return Bad("text before the first '# ' heading (line " + std::to_string(i + 1) + ")");
      continue;
    }
    current += line;
    current += '\n';
  }
  finish();
  return d;
}

Result<DraftContent> ParseJson(std::string_view text, const Campaign& campaign) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  DraftContent d;
  try {
    const json& answers = j.contains("answers") ? j["answers"] : j;
    for (const Question& q : campaign.questions) {
      if (answers.contains(q.id)) {
        if (!answers[q.id].is_string()) return Bad("answer '" + q.id + "' must be text");
        d.answers.push_back({q.id, answers[q.id].get<std::string>()});
      }
    }
    for (const auto& [key, _] : answers.items()) {
      bool known = key == "answers" || key == "author" || key == "consent" || key == "language";
      for (const Question& q : campaign.questions) known = known || q.id == key;
      if (!known) return Bad("'" + key + "' is not a question of this campaign");
    }
    if (j.contains("author")) {
      if (!j["author"].is_object()) return Bad("'author' must be an object");
      for (const auto& [key, value] : j["author"].items()) {
        if (!value.is_string()) return Bad("author." + key + " must be text");
        STACCS_TRY(ApplyMetadata(d, key, value.get<std::string>()));
      }
    }
    if (j.contains("consent")) {
      if (!j["consent"].is_string()) return Bad("'consent' must be text");
      STACCS_TRY(ApplyMetadata(d, "consent", j["consent"].get<std::string>()));
    }
    if (j.contains("language") && j["language"].is_string()) d.language = j["language"].get<std::string>();
  } catch (const json::exception& e) {
    return Bad(e.what());
  }
  return d;
}

}  // namespace

Result<DraftContent> ParseAnswersFile(std::string_view text, const Campaign& campaign) {
  if (text.size() > (8u << 20)) return Bad("larger than 8 MiB");
  if (!IsCleanUtf8(text)) return Bad("is not UTF-8 text");
  std::string head = Trim(text.substr(0, 64));
  if (!head.empty() && head[0] == '{') return ParseJson(text, campaign);
  return ParseMarkdown(text, campaign);
}

}  // namespace staccs::core
