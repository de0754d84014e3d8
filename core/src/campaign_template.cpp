#include "staccs/core/campaign_template.h"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace staccs::core {

extern const std::string_view kForumCallTemplateJson;

namespace {

using nlohmann::json;

Error Bad(const std::string& why) { return Error::BadInput("questions file: " + why); }

Result<LocalizedText> ReadLocalized(const json& j, const std::string& field) {
  if (!j.is_object()) return Bad("'" + field + "' must be an object of language: text");
  LocalizedText t;
  for (const auto& [lang, text] : j.items()) {
    if (!text.is_string()) return Bad("'" + field + "." + lang + "' must be text");
    t.by_language[lang] = text.get<std::string>();
  }
  return t;
}

Result<std::vector<std::string>> ReadStrings(const json& j, const std::string& field) {
  if (!j.is_array()) return Bad("'" + field + "' must be a list");
  std::vector<std::string> out;
  for (const auto& v : j) {
    if (!v.is_string()) return Bad("'" + field + "' must hold only text");
    out.push_back(v.get<std::string>());
  }
  return out;
}

template <class T>
Result<T> ReadUnsigned(const json& j, const std::string& field) {
  if (!j.is_number_unsigned()) return Bad("'" + field + "' must be a whole number");
  return j.get<T>();
}

Result<Campaign> FromJson(const json& j) {
  if (!j.is_object()) return Bad("must be a JSON object");
  Campaign c;
  if (j.contains("languages")) { STACCS_ASSIGN(c.languages, ReadStrings(j["languages"], "languages")); }
  if (j.contains("awaiting_review")) {
    STACCS_ASSIGN(c.awaiting_review, ReadStrings(j["awaiting_review"], "awaiting_review"));
  }
  if (!j.contains("title")) return Bad("'title' is missing");
  STACCS_ASSIGN(c.title, ReadLocalized(j["title"], "title"));
  if (j.contains("description")) { STACCS_ASSIGN(c.description, ReadLocalized(j["description"], "description")); }
  if (j.contains("total_word_limit")) {
    STACCS_ASSIGN(c.total_word_limit, ReadUnsigned<std::uint32_t>(j["total_word_limit"], "total_word_limit"));
  }
  if (j.contains("attachment_limit_bytes")) {
    STACCS_ASSIGN(c.attachment_limit_bytes,
                  ReadUnsigned<std::uint64_t>(j["attachment_limit_bytes"], "attachment_limit_bytes"));
  }
  if (j.contains("practice_fields")) {
    STACCS_ASSIGN(c.practice_fields, ReadStrings(j["practice_fields"], "practice_fields"));
  }
  if (!j.contains("questions") || !j["questions"].is_array() || j["questions"].empty())
    return Bad("'questions' must be a non-empty list");
  for (const auto& qj : j["questions"]) {
    if (!qj.is_object() || !qj.contains("id") || !qj["id"].is_string() || !qj.contains("prompt"))
      return Bad("each question needs an 'id' and a 'prompt'");
    Question q;
    q.id = qj["id"].get<std::string>();
    if (qj.contains("word_limit")) { STACCS_ASSIGN(q.word_limit, ReadUnsigned<std::uint32_t>(qj["word_limit"], q.id + ".word_limit")); }
    if (qj["prompt"].is_string()) {
      q.prompt.by_language["en"] = qj["prompt"].get<std::string>();
    } else {
      STACCS_ASSIGN(q.prompt, ReadLocalized(qj["prompt"], q.id + ".prompt"));
    }
    c.questions.push_back(std::move(q));
  }
  if (c.languages.empty())
    for (const auto& [lang, _] : c.title.by_language) c.languages.push_back(lang);
  return c;
}

}  // namespace

Result<Campaign> ParseCampaignTemplate(std::string_view text) {
  // nlohmann throws on malformed JSON; the exception stops here.
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Bad("not valid JSON");
  try {
    return FromJson(j);
  } catch (const json::exception& e) {
    return Bad(e.what());
  }
}

Campaign ForumCallTemplate() {
  auto c = ParseCampaignTemplate(kForumCallTemplateJson);
  // The template is compiled in and covered by tests; a failure here is our bug.
  if (!c) std::abort();
  return std::move(c).value();
}

}  // namespace staccs::core
