// Command-line words: positional arguments, `--name value` / `--name=value` options (some
// repeatable) and boolean flags. Each command says what it accepts; anything else is a usage
// error naming the word.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"

namespace staccs::cli {

struct Args {
  std::vector<std::string> positional;
  std::multimap<std::string, std::string> options;
  std::set<std::string> flags;

  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  bool Has(const std::string& flag) const { return flags.count(flag) != 0; }
  Result<std::string> Require(const std::string& name) const;
};

// A decimal number with nothing else around it ("5x", " 5", "-1", "+5" and values past
// UINT64_MAX are refused, where std::stoull would accept or wrap them); nullopt if not one.
std::optional<std::uint64_t> ParseDecimal(std::string_view text);

// Options that take a value; every other `--word` is a flag.
Result<Args> ParseArgs(const std::vector<std::string>& words, const std::set<std::string>& value_options);

}  // namespace staccs::cli
