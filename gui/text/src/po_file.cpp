#include "staccs/gui/text/po_file.h"

#include <algorithm>

namespace staccs::gui {

namespace {
constexpr std::size_t kMaxFileBytes = 4 << 20;
constexpr std::size_t kMaxLineBytes = 64 << 10;

Error AtLine(int line, const std::string& reason) {
  return Error::BadInput("line " + std::to_string(line) + ": " + reason);
}

// Parses one "quoted string" with C escapes, the whole rest of `s` after leading blanks.
Result<std::string> Unquote(std::string_view s, int line) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return AtLine(line, "expected a quoted string");
  s = s.substr(1, s.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') return AtLine(line, "unescaped quote inside a string");
    if (c != '\\') { out.push_back(c); continue; }
    if (++i == s.size()) return AtLine(line, "string ends with a backslash");
    switch (s[i]) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'v': out.push_back('\v'); break;
      default: return AtLine(line, std::string("unknown escape \\") + s[i]);
    }
  }
  return out;
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The entry being read and which of its strings a continuation line extends.
struct Pending {
  PoEntry entry;
  std::string* target = nullptr;
  bool has_msgid = false, has_msgstr = false, obsolete = false, any = false;
};
}  // namespace

bool PoEntry::HasFlag(std::string_view flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

std::string PoEntry::Key() const { return context.empty() ? msgid : context + '\x04' + msgid; }

bool PoEntry::Translated() const {
  return !msgstr.empty() && std::all_of(msgstr.begin(), msgstr.end(), [](const std::string& s) { return !s.empty(); });
}

std::string PoFile::HeaderField(std::string_view name) const {
  std::string_view h = header;
  while (!h.empty()) {
    const std::size_t nl = h.find('\n');
    std::string_view line = h.substr(0, nl);
    if (line.size() > name.size() && line.substr(0, name.size()) == name && line[name.size()] == ':') {
      line.remove_prefix(name.size() + 1);
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      return std::string(line);
    }
    if (nl == std::string_view::npos) break;
    h.remove_prefix(nl + 1);
  }
  return {};
}

Result<PoFile> ParsePo(std::string_view text) {
  if (text.size() > kMaxFileBytes) return Error::BadInput("PO file larger than 4 MiB");
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  PoFile file;
  Pending p;
  bool header_seen = false;

  auto finish = [&](int line) -> Status {
    if (!p.any) return {};
    if (!p.has_msgid || !p.has_msgstr) {
      if (p.obsolete) { p = Pending{}; return {}; }
      return AtLine(line, "entry without msgid or msgstr");
    }
    if (!p.obsolete) {
      if (p.entry.msgid.empty() && p.entry.context.empty()) {
        if (header_seen) return AtLine(p.entry.line, "second header entry");
        header_seen = true;
        file.header = p.entry.msgstr.empty() ? std::string() : p.entry.msgstr[0];
        file.header_comments = std::move(p.entry.comments);
      } else {
        file.entries.push_back(std::move(p.entry));
      }
    }
    p = Pending{};
    return {};
  };

  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (line.size() > kMaxLineBytes) return AtLine(line_no, "line longer than 64 KiB");
    line = Trimmed(line);
    if (line.empty()) {
      STACCS_TRY(finish(line_no));
      continue;
    }
    bool obsolete = false;
    if (line.substr(0, 2) == "#~") {
      obsolete = true;
      line.remove_prefix(2);
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      if (line.empty()) continue;
    } else if (line.front() == '#') {
      // A comment starts a new entry if the previous one is complete.
      if (p.has_msgstr) STACCS_TRY(finish(line_no));
      p.any = true;
      if (line.substr(0, 2) == "#,") {
        std::string_view rest = line.substr(2);
        while (!rest.empty()) {
          const std::size_t comma = rest.find(',');
          std::string_view flag = rest.substr(0, comma);
          while (!flag.empty() && flag.front() == ' ') flag.remove_prefix(1);
          while (!flag.empty() && flag.back() == ' ') flag.remove_suffix(1);
          if (!flag.empty()) p.entry.flags.emplace_back(flag);
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
      } else if (line.substr(0, 2) == "#:") {
        std::string_view ref = line.substr(2);
        while (!ref.empty() && ref.front() == ' ') ref.remove_prefix(1);
        p.entry.references.emplace_back(ref);
      } else if (line.size() == 1 || line[1] == ' ') {
        p.entry.comments.emplace_back(line.size() > 2 ? line.substr(2) : std::string_view());
      }  // "#." extracted and "#|" previous-msgid comments are not needed at run time
      continue;
    }
    if (line.front() == '"') {
      if (p.target == nullptr) return AtLine(line_no, "string continuation outside an entry");
      STACCS_ASSIGN(std::string more, Unquote(line, line_no));
      p.target->append(more);
      continue;
    }
    const std::size_t space = line.find_first_of(" \t");
    const std::string_view keyword = line.substr(0, space);
    const std::string_view value = space == std::string_view::npos ? std::string_view() : line.substr(space);
    if (keyword == "msgctxt" || keyword == "msgid") {
      if (p.has_msgstr) {
        STACCS_TRY(finish(line_no));
      } else if (p.has_msgid) {
        return AtLine(line_no, keyword == "msgid" ? "second msgid in one entry" : "msgctxt after msgid");
      }
    }
    p.any = true;
    p.obsolete = p.obsolete || obsolete;
    STACCS_ASSIGN(std::string s, Unquote(value, line_no));
    if (keyword == "msgctxt") {
      p.entry.context = std::move(s);
      p.target = &p.entry.context;
    } else if (keyword == "msgid") {
      p.entry.msgid = std::move(s);
      p.entry.line = line_no;
      p.has_msgid = true;
      p.target = &p.entry.msgid;
    } else if (keyword == "msgid_plural") {
      if (!p.has_msgid) return AtLine(line_no, "msgid_plural before msgid");
      p.entry.msgid_plural = std::move(s);
      p.target = &p.entry.msgid_plural;
    } else if (keyword == "msgstr") {
      if (!p.has_msgid) return AtLine(line_no, "msgstr before msgid");
      if (!p.entry.msgid_plural.empty()) return AtLine(line_no, "a plural entry needs msgstr[N]");
      p.entry.msgstr.push_back(std::move(s));
      p.has_msgstr = true;
      p.target = &p.entry.msgstr.back();
    } else if (keyword.substr(0, 7) == "msgstr[" && keyword.back() == ']') {
      if (p.entry.msgid_plural.empty()) return AtLine(line_no, "msgstr[N] without msgid_plural");
      const std::string_view digits = keyword.substr(7, keyword.size() - 8);
      if (digits.size() != 1 || digits[0] - '0' != static_cast<int>(p.entry.msgstr.size()))
        return AtLine(line_no, "plural forms must be numbered 0, 1, 2… in order (at most 10)");
      p.entry.msgstr.push_back(std::move(s));
      p.has_msgstr = true;
      p.target = &p.entry.msgstr.back();
    } else {
      return AtLine(line_no, "unknown keyword '" + std::string(keyword) + "'");
    }
  }
  STACCS_TRY(finish(line_no));
  return file;
}

}  // namespace staccs::gui
