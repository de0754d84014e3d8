// Writing answers files (draft template, draft export): the Markdown that ReadAnswersFile
// reads back to the same content. Kept apart from the parser, which alone reads outside bytes.
#include "front_matter.h"
#include "staccs/core/answers_file.h"

namespace staccs::core {

namespace {

std::string OneLine(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

void Field(std::string& out, std::string_view key, std::string_view value, std::string_view comment = {}) {
  out += key;
  out += ':';
  if (!value.empty()) out += " " + FrontMatterScalar(value);
  if (!comment.empty()) out += "   # " + std::string(comment);
  out += '\n';
}

std::string Thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string WriteAnswersFile(const DraftContent& content, const Campaign& campaign, const std::string& language) {
  std::string out = "---\n";
  out += "# Answers to \"" + OneLine(campaign.title.Get(language)) + "\" (campaign " + campaign.id_hex().substr(0, 8) +
         ").\n# Write each answer under its question's heading. Lines between <!-- and --> are notes for you;\n"
         "# they are not saved. Leave a field below empty to not give it. Delete this file once the\n"
         "# draft is saved: the kit keeps the answers encrypted, this file is plain text.\n";
  const AuthorDetails& a = content.author;
  Field(out, "name", a.name);
  Field(out, "organisation", a.organisation);
  Field(out, "stakeholder_group", a.stakeholder_group,
        "e.g. government, private sector, civil society, technical community, academia");
  Field(out, "country", a.country);
  Field(out, "consent", ConsentName(content.consent), "attributed | anonymous | do-not-publish");
  Field(out, "language", content.language);
  out += "---\n";
  for (std::size_t i = 0; i < campaign.questions.size(); ++i) {
    const Question& q = campaign.questions[i];
    out += "\n# " + OneLine(q.prompt.Get(language)) + "\n<!-- question " + std::to_string(i + 1) + " of " +
           std::to_string(campaign.questions.size()) + " (" + q.id + ")";
    if (q.word_limit) out += ": up to " + Thousands(q.word_limit) + " words";
    if (campaign.total_word_limit && i == 0) out += "; " + Thousands(campaign.total_word_limit) + " words in all";
    out += " -->\n";
    const std::string* text = content.AnswerTo(q.id);
    if (!text || text->empty()) continue;
    out += '\n';
    std::size_t pos = 0;
    while (pos <= text->size()) {
      std::size_t nl = text->find('\n', pos);
      if (nl == std::string::npos) nl = text->size();
      std::string_view line = std::string_view(*text).substr(pos, nl - pos);
      // A line that would read as a heading, or as an escaped one, keeps its meaning.
      const std::size_t slashes = line.find_first_not_of('\\');
      const bool escaped = slashes != 0 && slashes != std::string_view::npos && line[slashes] == '#';
      if (escaped || line.rfind("# ", 0) == 0 || line.rfind("#\t", 0) == 0) out += '\\';
      out += line;
      out += '\n';
      pos = nl + 1;
    }
  }
  return out;
}

}  // namespace staccs::core
