#include "cli_args.h"

#include <algorithm>
#include <charconv>

namespace staccs::cli {

namespace {

const OptionSpec kGlobalOptions[] = {
    {"home", OptionKind::kValue, "DIR", "the kit's folder (else $STACCS_HOME, a 'staccs-data' folder beside the program, or the user data folder)"},
    {"passphrase-file", OptionKind::kValue, "F", "read the passphrase from the first line of F (else $STACCS_PASSPHRASE, else a prompt)"},
};

const OptionSpec* Find(std::span<const OptionSpec> options, std::string_view name) {
  for (const OptionSpec& o : options)
    if (o.name == name) return &o;
  return nullptr;
}

std::vector<std::string_view> Words(std::string_view name) {
  std::vector<std::string_view> out;
  while (!name.empty()) {
    const auto sp = name.find(' ');
    out.push_back(name.substr(0, sp));
    name = sp == std::string_view::npos ? std::string_view() : name.substr(sp + 1);
  }
  return out;
}

bool IsOptionWord(const std::string& w) { return w.size() >= 2 && w[0] == '-'; }

// Takes one option word (and its value, from `=` or the next word) into `args`.
Status TakeOption(const std::vector<std::string>& words, std::size_t& i, const OptionSpec& spec, std::string_view name,
                  std::optional<std::string> value, Args& args) {
  const std::string n(name);
  if (spec.kind == OptionKind::kFlag) {
    if (value) return Error::Usage("--" + n + " takes no value");
    args.flags.insert(n);
    return {};
  }
  if (!value) {
    if (i + 1 >= words.size()) return Error::Usage("--" + n + " needs a value (" + std::string(spec.value_name) + ")");
    value = words[++i];
  }
  if (spec.kind == OptionKind::kValue && args.options.count(n) != 0)
    return Error::Usage("--" + n + " is given twice");
  args.options.emplace(n, *value);
  return {};
}

// Splits "--name=value"; nullopt value without '='.
std::pair<std::string, std::optional<std::string>> SplitOption(const std::string& w) {
  std::string name = w.substr(2);
  if (auto eq = name.find('='); eq != std::string::npos) {
    std::string value = name.substr(eq + 1);
    name.resize(eq);
    return {name, value};
  }
  return {name, std::nullopt};
}

std::string Quoted(const CommandSpec& c) { return "'" + std::string(c.name) + "'"; }

}  // namespace

std::span<const OptionSpec> GlobalOptions() { return kGlobalOptions; }

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
  return std::prev(range.second)->second;
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

Result<Invocation> ParseCommandLine(const std::vector<std::string>& words, std::span<const CommandSpec> commands) {
  Invocation inv;
  std::size_t i = 0;
  // Global options before the command.
  for (; i < words.size() && IsOptionWord(words[i]) && words[i] != "--"; ++i) {
    const std::string& w = words[i];
    if (w == "-h" || w == "--help") { inv.help = true; continue; }
    if (w == "--version") { inv.version = true; continue; }
    if (w.rfind("--", 0) != 0) return Error::Usage("unknown option " + w + " (see staccs-cli --help)");
    auto [name, value] = SplitOption(w);
    const OptionSpec* spec = Find(kGlobalOptions, name);
    if (!spec) return Error::Usage("unknown option --" + name + " before the command (see staccs-cli --help)");
    STACCS_TRY(TakeOption(words, i, *spec, name, std::move(value), inv.args));
  }
  if (i < words.size() && words[i] == "--") ++i;
  if (i >= words.size()) return inv;

  // `help COMMAND` is `COMMAND --help`.
  if (words[i] == "help") {
    inv.help = true;
    if (++i >= words.size()) return inv;
  }
  // The longest command name that the next words spell: "campaign create" before "campaign".
  std::size_t used = 0;
  for (const CommandSpec& c : commands) {
    const auto name = Words(c.name);
    if (name.size() <= used || i + name.size() > words.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < name.size() && same; ++k) same = words[i + k] == name[k];
    if (same) {
      inv.command = &c;
      used = name.size();
    }
  }
  if (!inv.command) {
    // A group word alone, or with a word that is not one of its commands.
    std::string group_commands;
    for (const CommandSpec& c : commands) {
      const auto name = Words(c.name);
      if (name.size() == 2 && name[0] == words[i]) group_commands += (group_commands.empty() ? "" : ", ") + std::string(name[1]);
    }
    if (!group_commands.empty()) {
      const bool alone = i + 1 >= words.size() || IsOptionWord(words[i + 1]);
      return Error::Usage((alone ? "'" + words[i] + "' needs one of: "
                                 : "unknown command '" + words[i] + " " + words[i + 1] + "': '" + words[i] + "' takes ") +
                          group_commands + " (see staccs-cli --help)");
    }
    return Error::Usage("unknown command '" + words[i] + "' (see staccs-cli --help)");
  }
  i += used;

  const CommandSpec& cmd = *inv.command;
  bool only_positional = false;
  for (; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (only_positional || !IsOptionWord(w)) {
      inv.args.positional.push_back(w);
      continue;
    }
    if (w == "--") { only_positional = true; continue; }
    if (w == "-h" || w == "--help") { inv.help = true; continue; }
    if (w.rfind("--", 0) != 0)
      return Error::Usage(Quoted(cmd) + " does not take " + w + " (see staccs-cli " + std::string(cmd.name) + " --help)");
    auto [name, value] = SplitOption(w);
    const OptionSpec* spec = Find(cmd.options, name);
    if (!spec) spec = Find(kGlobalOptions, name);
    if (!spec)
      return Error::Usage(Quoted(cmd) + " does not take --" + name + " (see staccs-cli " + std::string(cmd.name) +
                          " --help)");
    STACCS_TRY(TakeOption(words, i, *spec, name, std::move(value), inv.args));
  }
  if (inv.help) return inv;  // help is shown whatever else is missing

  const auto n = inv.args.positional.size();
  if (n < cmd.min_positional)
    return Error::Usage(Quoted(cmd) + " needs " + std::string(cmd.positionals) + ": usage: " + UsageLine(cmd));
  if (n > cmd.max_positional)
    return Error::Usage(Quoted(cmd) + " does not take '" + inv.args.positional[cmd.max_positional] +
                        "': usage: " + UsageLine(cmd));
  for (const OptionSpec& o : cmd.options)
    if (o.required && inv.args.options.count(std::string(o.name)) == 0)
      return Error::Usage(Quoted(cmd) + " needs --" + std::string(o.name) + " " + std::string(o.value_name) +
                          ": usage: " + UsageLine(cmd));
  return inv;
}

std::string UsageLine(const CommandSpec& c) {
  std::string line = "staccs-cli " + std::string(c.name);
  if (!c.positionals.empty()) line += " " + std::string(c.positionals);
  for (const OptionSpec& o : c.options) {
    std::string word = "--" + std::string(o.name);
    if (o.kind != OptionKind::kFlag) word += " " + std::string(o.value_name);
    if (!o.required) word = "[" + word + "]";
    if (o.kind == OptionKind::kRepeatable) word += "...";
    line += " " + word;
  }
  return line;
}

std::string CommandHelp(const CommandSpec& c) {
  std::string out = "usage: " + UsageLine(c) + "\n\n" + std::string(c.what) + "\n";
  if (!c.details.empty()) out += "\n" + std::string(c.details) + "\n";
  std::vector<std::pair<std::string, std::string_view>> rows;
  for (const OptionSpec& o : c.options)
    rows.emplace_back("--" + std::string(o.name) + (o.kind == OptionKind::kFlag ? "" : " " + std::string(o.value_name)),
                      o.help);
  for (const OptionSpec& o : kGlobalOptions) rows.emplace_back("--" + std::string(o.name) + " " + std::string(o.value_name), o.help);
  std::size_t width = 0;
  for (const auto& [left, _] : rows) width = std::max(width, left.size());
  out += "\nOptions:\n";
  for (const auto& [left, help] : rows) out += "  " + left + std::string(width - left.size() + 2, ' ') + std::string(help) + "\n";
  out += "\nExample:\n  " + std::string(c.example) + "\n";
  return out;
}

}  // namespace staccs::cli
