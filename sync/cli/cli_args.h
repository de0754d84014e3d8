// The command line, one layer for every command: each command declares its positional
// arguments and options in a table (command_table.cpp); the parser takes words only as that
// table allows, so an option a command does not take, a missing value, a repeated
// single-value option or a stray argument is a usage error naming the word, and every
// command's `--help` is made from the same table.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"

namespace staccs::cli {

struct Context;

enum class OptionKind {
  kValue,       // --name VALUE or --name=VALUE, at most once
  kRepeatable,  // --name VALUE, any number of times, in order
  kFlag,        // --name, no value
};

struct OptionSpec {
  std::string_view name;        // without the dashes
  OptionKind kind = OptionKind::kValue;
  std::string_view value_name;  // "FILE", "ID"; empty for flags
  std::string_view help;
  bool required = false;
};

struct CommandSpec {
  std::string_view name;         // "draft new": one or two words
  Status (*run)(Context&) = nullptr;
  std::string_view positionals;  // for the usage line: "ID FILE", "QUERY..."
  std::size_t min_positional = 0;
  std::size_t max_positional = 0;  // kAny: no upper bound
  std::vector<OptionSpec> options;
  std::string_view what;     // one line for the global help
  std::string_view details;  // more for the command's own help (may be empty)
  std::string_view example;
  static constexpr std::size_t kAny = std::numeric_limits<std::size_t>::max();
};

struct Args {
  std::vector<std::string> positional;
  std::multimap<std::string, std::string> options;
  std::set<std::string> flags;

  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  bool Has(const std::string& flag) const { return flags.count(flag) != 0; }
  Result<std::string> Require(const std::string& name) const;
};

// What the words asked for: a command with its arguments, or help or the version.
struct Invocation {
  const CommandSpec* command = nullptr;  // null: no command given
  Args args;
  bool help = false;     // -h/--help: the command's help if there is a command, else the global one
  bool version = false;  // --version
};

// Options every command takes (--home, --passphrase-file), before or after the command.
std::span<const OptionSpec> GlobalOptions();

// Parses argv (without the program name) against `commands`.
Result<Invocation> ParseCommandLine(const std::vector<std::string>& words, std::span<const CommandSpec> commands);

// "staccs-cli draft new --campaign ID --answers FILE [--revises SUBMISSION_ID]"
std::string UsageLine(const CommandSpec& command);
// The command's own help: usage, what it does, its options, an example.
std::string CommandHelp(const CommandSpec& command);

// A decimal number with nothing else around it ("5x", " 5", "-1", "+5" and values past
// UINT64_MAX are refused, where std::stoull would accept or wrap them); nullopt if not one.
std::optional<std::uint64_t> ParseDecimal(std::string_view text);

}  // namespace staccs::cli
