// staccs-cli: every core operation of the STACCS Field Kit without a window (SPEC §5).
// Exit codes: 0 success, 1 usage, 2 bad input or failed verification (a wrong passphrase
// included), 3 unreachable relay, 4 a local failure (disk, database).
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/secret.h"
#include "staccs/version.h"

namespace {

using staccs::cli::CommandSpec;

void PrintGlobalHelp(std::ostream& out) {
  out << "staccs-cli " << staccs::kVersion << ": the STACCS Field Kit without a window.\n\n"
         "usage: staccs-cli [--home DIR] [--passphrase-file F] COMMAND [ARGS]\n"
         "       staccs-cli COMMAND --help      (one command's options and an example)\n"
         "       staccs-cli --version\n\n"
         "The passphrase comes from --passphrase-file F (its first line), the STACCS_PASSPHRASE\n"
         "variable, or a prompt. Ids are lowercase hex; any unique prefix of 8 or more characters works.\n"
         "The kit lives in --home DIR, else $STACCS_HOME, else a 'staccs-data' folder beside this\n"
         "program (portable mode), else the user data folder.\n\nCommands:\n";
  for (const CommandSpec& c : staccs::cli::Commands()) {
    std::string name(c.name);
    if (!c.positionals.empty()) name += " " + std::string(c.positionals);
    out << "  " << name << "\n      " << c.what << "\n";
  }
  out << "\nExit codes: 0 success, 1 usage, 2 bad input or failed verification (wrong passphrase\n"
         "included), 3 unreachable relay, 4 local failure (disk, database).\n";
}

}  // namespace

int main(int argc, char** argv) {
  // Before anything is decrypted: a crash must not write answers or keys to a core file.
  staccs::platform::UseUtf8Console();
  if (auto hardened = staccs::platform::HardenProcess(); !hardened) {
    std::cerr << "staccs-cli: " << hardened.error().message << "\n";
    return 4;
  }
  if (!staccs::crypto::Initialize()) {
    std::cerr << "staccs-cli: the cryptography library could not start\n";
    return 4;
  }
  const std::vector<std::string> words = staccs::platform::Utf8Arguments(argc, argv);
  auto parsed = staccs::cli::ParseCommandLine(words, staccs::cli::Commands());
  if (!parsed) {
    std::cerr << "staccs-cli: " << parsed.error().message << "\n";
    return 1;
  }
  staccs::cli::Invocation inv = std::move(parsed).value();
  if (inv.help) {
    if (inv.command) std::cout << staccs::cli::CommandHelp(*inv.command);
    else PrintGlobalHelp(std::cout);
    return 0;
  }
  if (inv.version) {
    std::cout << "staccs-cli " << staccs::kVersion << "\n";
    return 0;
  }
  if (!inv.command) {
    PrintGlobalHelp(std::cerr);
    return 1;
  }
  staccs::cli::Context ctx{std::move(inv.args), {}, std::cout, std::cerr};
  ctx.home = staccs::cli::ResolveHome(ctx.args);
  staccs::Status st = inv.command->run(ctx);
  std::cout.flush();
  if (!st) {
    std::cerr << "staccs-cli: " << st.error().message << "\n";
    return static_cast<int>(st.error().kind);
  }
  return 0;
}
