#include "staccs/core/answers_file.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "front_matter.h"
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

// Headings and prompts compared as people write them: case (ASCII), runs of spaces (also
// no-break ones), curly apostrophes and punctuation at the end do not count.
std::string Normalized(std::string_view s) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = DecodeUtf8(s, i);
    if (cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x202F || cp == 0x2009) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    if (cp == 0x2018 || cp == 0x2019) cp = '\'';
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    AppendUtf8(out, cp);
  }
  for (bool cut = true; cut;) {
    cut = false;
    for (std::string_view end : {":", "?", ".", "!", ";", ",", " ", "\xd8\x9f" /* ؟ */, "\xe2\x80\xa6" /* … */}) {
      if (out.size() >= end.size() && out.compare(out.size() - end.size(), end.size(), end) == 0) {
        out.resize(out.size() - end.size());
        cut = true;
      }
    }
  }
  return out;
}

bool EndsWord(const std::string& prompt, std::size_t at) {
  return at == prompt.size() || std::string_view(" :?.!;,").find(prompt[at]) != std::string_view::npos;
}

// The question a heading names: its id or its prompt in any language, exactly, else the one
// question whose prompt begins with the heading (at least 8 characters, up to a word's end).
std::optional<std::size_t> MatchHeading(std::string_view heading, const Campaign& campaign) {
  const std::string h = Normalized(heading);
  if (h.empty()) return std::nullopt;
  for (std::size_t i = 0; i < campaign.questions.size(); ++i) {
    const Question& q = campaign.questions[i];
    if (Normalized(q.id) == h) return i;
    for (const auto& [lang, prompt] : q.prompt.by_language)
      if (Normalized(prompt) == h) return i;
  }
  if (h.size() < 8) return std::nullopt;
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < campaign.questions.size(); ++i) {
    for (const auto& [lang, prompt] : campaign.questions[i].prompt.by_language) {
      const std::string p = Normalized(prompt);
      if (p.compare(0, h.size(), h) != 0 || !EndsWord(p, h.size())) continue;
      if (found && *found != i) return std::nullopt;  // the beginning of two prompts: names neither
      found = i;
    }
  }
  return found;
}

struct Section {
  std::string heading;
  std::size_t line = 0;
  std::string body;
  std::optional<std::size_t> question;
};

Result<AnswersFile> ReadMarkdown(std::string_view text, const Campaign& campaign) {
  AnswersFile file;
  DraftContent& d = file.content;
  std::vector<std::string> lines = SplitLines(text);
  auto header = ReadFrontMatter(lines);
  if (!header) return Bad(header.error().message);
  for (const FrontMatterField& f : header->fields) {
    auto value = ScalarValue(f);
    if (!value) return Bad(value.error().message);
    auto applied = ApplyMetadata(d, f.key, *value);
    if (!applied) return Error::BadInput(applied.error().message + " (line " + std::to_string(f.line) + ")");
  }
  auto body = WithoutComments(lines, header->body_line);
  if (!body) return Bad(body.error().message);

  std::vector<Section> sections;
  for (const auto& [number, line] : *body) {
    if (line.size() >= 2 && line[0] == '#' && (line[1] == ' ' || line[1] == '\t')) {
      Section s;
      s.heading = Trim(std::string_view(line).substr(2));
      s.line = number;
      s.question = MatchHeading(s.heading, campaign);
      sections.push_back(std::move(s));
      continue;
    }
    if (sections.empty()) {
      if (!Trim(line).empty()) return Bad("text before the first '# ' heading (line " + std::to_string(number) + ")");
      continue;
    }
    // "\# " keeps a line that begins with "# " inside an answer; a line of backslashes before
    // '#' loses one, so export can escape a line that was itself written "\#".
    const std::size_t slashes = line.find_first_not_of('\\');
    const bool escaped = slashes != 0 && slashes != std::string::npos && line[slashes] == '#';
    sections.back().body += escaped ? line.substr(1) : line;
    sections.back().body += '\n';
  }

  const std::size_t n = campaign.questions.size();
  std::vector<const Section*> by_question(n, nullptr);
  for (const Section& s : sections) {
    if (!s.question) continue;
    if (const Section* other = by_question[*s.question])
      return Bad("the headings on lines " + std::to_string(other->line) + " and " + std::to_string(s.line) +
                 " both name question " + std::to_string(*s.question + 1) + " (" + campaign.questions[*s.question].id + ")");
    by_question[*s.question] = &s;
  }
  // A heading that names no question takes the question at its place if that one is free,
  // else the first one no heading named; it is reported either way.
  for (std::size_t k = 0; k < sections.size(); ++k) {
    Section& s = sections[k];
    if (s.question) continue;
    std::optional<std::size_t> free;
    if (k < n && !by_question[k]) free = k;
    for (std::size_t q = 0; q < n && !free; ++q)
      if (!by_question[q]) free = q;
    if (!free)
      return Bad("the heading '" + s.heading + "' on line " + std::to_string(s.line) +
                 " names no question, and every question already has an answer: the file has more '#' headings than "
                 "the campaign has questions (" + std::to_string(n) + ")");
    s.question = *free;
    by_question[*free] = &s;
    AnswerNote note;
    note.kind = AnswerNote::Kind::kUnmatchedHeading;
    note.question_id = campaign.questions[*free].id;
    note.heading = s.heading;
    note.line = s.line;
    file.notes.push_back(std::move(note));
  }
  for (std::size_t q = 0; q < n; ++q)
    // A heading with nothing under it (a template's unanswered question) is no answer.
    if (by_question[q] && !Trim(by_question[q]->body).empty())
      d.answers.push_back({campaign.questions[q].id, Trim(by_question[q]->body)});
  return file;
}

Result<AnswersFile> ReadJson(std::string_view text, const Campaign& campaign) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  AnswersFile file;
  DraftContent& d = file.content;
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
  return file;
}

}  // namespace

Result<AnswersFile> ReadAnswersFile(std::string_view text, const Campaign& campaign) {
  if (text.size() > (8u << 20)) return Bad("larger than 8 MiB");
  if (!IsCleanUtf8(text)) return Bad("is not UTF-8 text");
  std::string head = Trim(text.substr(0, 64));
  auto file = !head.empty() && head[0] == '{' ? ReadJson(text, campaign) : ReadMarkdown(text, campaign);
  if (!file) return file;
  for (AnswerNote& note : CheckAnswers(file->content, campaign)) file->notes.push_back(std::move(note));
  return file;
}

Result<DraftContent> ParseAnswersFile(std::string_view text, const Campaign& campaign) {
  STACCS_ASSIGN(AnswersFile file, ReadAnswersFile(text, campaign));
  return std::move(file.content);
}

}  // namespace staccs::core
