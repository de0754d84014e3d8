// The header of the kit's Markdown files (answers, practice records): "front matter" between
// two "---" lines, one `key: value` per line. Shared by their parsers and writers so both
// files read alike:
//   - a line starting with '#' is a comment, and so is everything after " #" in a value;
//   - a value may be "quoted" (\" \\ \n escapes) to keep a '#', a comma or spaces at its ends;
//   - a list is comma-separated, each item bare or quoted.
// Never throws; errors name the line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"

namespace staccs::core {

struct FrontMatterField {
  std::string key;    // lowercased, trimmed
  std::string value;  // the value as written, comment removed (quotes kept: see the helpers)
  std::size_t line = 0;
};

struct FrontMatter {
  std::vector<FrontMatterField> fields;
  std::size_t body_line = 0;  // index in `lines` of the first line after the header
};

// Lines without their endings ("\n" or "\r\n").
std::vector<std::string> SplitLines(std::string_view text);

// No header (the first line is not "---") gives no fields and body_line 0.
Result<FrontMatter> ReadFrontMatter(const std::vector<std::string>& lines);

// A value as text: unquoted if it was quoted.
Result<std::string> ScalarValue(const FrontMatterField& field);
// A value as a list of items (empty items dropped).
Result<std::vector<std::string>> ListValue(const FrontMatterField& field);

// The lines from index `from` on, each with its line number (1-based), without <!-- … -->
// comments (which may run over lines); a line that held only a comment is left out. Comments
// are the author's notes: the kit does not keep them.
Result<std::vector<std::pair<std::size_t, std::string>>> WithoutComments(const std::vector<std::string>& lines,
                                                                         std::size_t from);

// `value` as the writers put it: bare when it reads back unchanged, else quoted.
std::string FrontMatterScalar(std::string_view value);
std::string FrontMatterList(const std::vector<std::string>& items);

}  // namespace staccs::core
