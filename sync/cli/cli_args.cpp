#include "cli_args.h"

#include <charconv>

namespace staccs::cli {

std::optional<std::uint64_t> ParseDecimal(std::string_view text) {
  // from_chars takes no sign, space or base prefix; it must also have used every character.
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  auto range = options.equal_range(name);
  if (range.first == range.second) return std::nullopt;
  return std::prev(range.second)->second;  // the last one given wins
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  std::vector<std::string> out;
  for (auto [it, end] = options.equal_range(name); it != end; ++it) out.push_back(it->second);
  return out;
}

Result<std::string> Args::Require(const std::string& name) const {
  auto v = Get(name);
  if (!v) return Error::Usage("--" + name + " is required");
  return *v;
}

Result<Args> ParseArgs(const std::vector<std::string>& words, const std::set<std::string>& value_options) {
  Args args;
  bool only_positional = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (only_positional || w.size() < 3 || w.compare(0, 2, "--") != 0) {
      if (w == "--") { only_positional = true; continue; }
      args.positional.push_back(w);
      continue;
    }
    std::string name = w.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (value_options.count(name)) {
      if (!value) {
        if (i + 1 >= words.size()) return Error::Usage("--" + name + " needs a value");
        value = words[++i];
      }
      args.options.emplace(name, *value);
    } else {
      if (value) return Error::Usage("--" + name + " takes no value");
      args.flags.insert(name);
    }
  }
  return args;
}

}  // namespace staccs::cli
