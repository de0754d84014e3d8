#include "front_matter.h"

#include "staccs/core/text.h"

namespace staccs::core {

namespace {

std::string LineRef(std::size_t line) { return "header line " + std::to_string(line); }

// Reads a quoted string starting at text[at] == '"'; `at` ends past the closing quote.
Result<std::string> Unquote(std::string_view text, std::size_t& at, std::size_t line) {
  std::string out;
  for (++at; at < text.size(); ++at) {
    const char c = text[at];
    if (c == '"') {
      ++at;
      return out;
    }
    if (c == '\\' && at + 1 < text.size()) {
      const char e = text[++at];
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
      continue;
    }
    out += c;
  }
  return Error::BadInput(LineRef(line) + ": the quote is never closed");
}

// Items separated by commas outside quotes, each trimmed and unquoted.
Result<std::vector<std::string>> Items(std::string_view raw, std::size_t line, bool split_commas) {
  std::vector<std::string> out;
  std::size_t at = 0;
  for (;;) {
    while (at < raw.size() && (raw[at] == ' ' || raw[at] == '\t')) ++at;
    std::string item;
    if (at < raw.size() && raw[at] == '"') {
      STACCS_ASSIGN(item, Unquote(raw, at, line));
      while (at < raw.size() && (raw[at] == ' ' || raw[at] == '\t')) ++at;
      if (at < raw.size() && !(split_commas && raw[at] == ','))
        return Error::BadInput(LineRef(line) + ": text after the closing quote");
    } else {
      const std::size_t end = split_commas ? std::min(raw.find(',', at), raw.size()) : raw.size();
      item = Trim(raw.substr(at, end - at));
      at = end;
    }
    out.push_back(std::move(item));
    if (at >= raw.size()) break;
    ++at;  // the comma
  }
  return out;
}

bool NeedsQuotes(std::string_view v, bool in_list) {
  if (v.empty()) return false;
  if (v.front() == ' ' || v.front() == '\t' || v.back() == ' ' || v.back() == '\t' || v.front() == '"') return true;
  for (char c : v)
    if (c == '#' || c == '\n' || c == '\r' || c == '\t' || (in_list && c == ',')) return true;
  return false;
}

std::string Quote(std::string_view v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  return out + "\"";
}

}  // namespace

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line(text.substr(pos, nl - pos));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    pos = nl + 1;
  }
  return lines;
}

Result<FrontMatter> ReadFrontMatter(const std::vector<std::string>& lines) {
  FrontMatter fm;
  if (lines.empty() || Trim(lines[0]) != "---") return fm;
  std::size_t i = 1;
  for (; i < lines.size() && Trim(lines[i]) != "---"; ++i) {
    const std::string t = Trim(lines[i]);
    if (t.empty() || t[0] == '#') continue;
    const std::size_t colon = lines[i].find(':');
    if (colon == std::string::npos) return Error::BadInput(LineRef(i + 1) + " has no ':'");
    FrontMatterField f;
    f.line = i + 1;
    f.key = Trim(std::string_view(lines[i]).substr(0, colon));
    for (char& c : f.key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (f.key.empty()) return Error::BadInput(LineRef(i + 1) + " has no field name before ':'");
    // The comment starts at a '#' after a space, outside quotes.
    const std::string_view rest = std::string_view(lines[i]).substr(colon + 1);
    bool in_quote = false, item_start = true;
    std::size_t end = rest.size();
    for (std::size_t k = 0; k < rest.size(); ++k) {
      const char c = rest[k];
      if (in_quote) {
        if (c == '\\') ++k;
        else if (c == '"') in_quote = false;
        continue;
      }
      if (c == '"' && item_start) { in_quote = true; continue; }
      if (c == '#' && k > 0 && (rest[k - 1] == ' ' || rest[k - 1] == '\t')) { end = k; break; }
      if (c == ',') item_start = true;
      else if (c != ' ' && c != '\t') item_start = false;
    }
    f.value = Trim(rest.substr(0, end));
    fm.fields.push_back(std::move(f));
  }
  if (i == lines.size()) return Error::BadInput("the header opened with '---' is never closed");
  fm.body_line = i + 1;
  return fm;
}

Result<std::string> ScalarValue(const FrontMatterField& field) {
  STACCS_ASSIGN(auto items, Items(field.value, field.line, /*split_commas=*/false));
  return items.empty() ? std::string() : std::move(items.front());
}

Result<std::vector<std::string>> ListValue(const FrontMatterField& field) {
  STACCS_ASSIGN(auto items, Items(field.value, field.line, /*split_commas=*/true));
  std::erase_if(items, [](const std::string& s) { return s.empty(); });
  return items;
}

// Removes <!-- … --> spans (which may run over lines); a line that held only a comment goes.
Result<std::vector<std::pair<std::size_t, std::string>>> WithoutComments(const std::vector<std::string>& lines,
                                                                         std::size_t from) {
  std::vector<std::pair<std::size_t, std::string>> out;
  bool in_comment = false;
  std::size_t opened = 0;
  for (std::size_t i = from; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    std::string kept;
    bool had_comment = in_comment;
    for (std::size_t pos = 0; pos < line.size();) {
      if (in_comment) {
        const auto end = line.find("-->", pos);
        if (end == std::string::npos) { pos = line.size(); break; }
        in_comment = false;
        pos = end + 3;
        continue;
      }
      const auto start = line.find("<!--", pos);
      if (start == std::string::npos) { kept += line.substr(pos); break; }
      kept += line.substr(pos, start - pos);
      in_comment = had_comment = true;
      opened = i + 1;
      pos = start + 4;
    }
    if (had_comment && Trim(kept).empty()) continue;
    out.emplace_back(i + 1, std::move(kept));
  }
  if (in_comment) return Error::BadInput("the comment opened with '<!--' on line " + std::to_string(opened) + " is never closed");
  return out;
}

std::string FrontMatterScalar(std::string_view value) {
  return NeedsQuotes(value, false) ? Quote(value) : std::string(value);
}

std::string FrontMatterList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + (NeedsQuotes(item, true) ? Quote(item) : item);
  return out;
}

}  // namespace staccs::core
