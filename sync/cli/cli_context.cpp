#include "cli_context.h"

#include <cstdlib>
#include <ostream>

#include "staccs/core/platform.h"

namespace staccs::cli {

namespace fs = std::filesystem;

fs::path ResolveHome(const Args& args) {
  if (auto home = args.Get("home")) return platform::PathFromUtf8(*home);
  if (auto env = platform::Utf8Environment("STACCS_HOME")) return platform::PathFromUtf8(*env);
  if (auto exe_dir = platform::ExecutableDirectory()) {
    std::error_code ec;
    if (fs::is_directory(*exe_dir / "staccs-data", ec)) return *exe_dir / "staccs-data";
  }
  return platform::DefaultDataDirectory();
}

// First line of a file, without its line ending; the buffer read is wiped.
static Result<crypto::Passphrase> FirstLineOf(const std::string& path) {
  STACCS_ASSIGN(Bytes bytes, platform::ReadFile(platform::PathFromUtf8(path), 64 * 1024));
  crypto::WipeOnExit wipe_bytes(bytes);
  std::size_t end = 0;
  while (end < bytes.size() && bytes[end] != '\n' && bytes[end] != '\r') ++end;
  auto secret = crypto::Passphrase::Copy(ByteView(bytes).first(end));
  if (secret.empty()) return Error::Usage(path + ": the passphrase file's first line is empty");
  return secret;
}

Result<crypto::Passphrase> Context::SecretFrom(const std::string& file_option, const char* env,
                                               const std::string& prompt, bool confirm) const {
  if (auto file = args.Get(file_option)) return FirstLineOf(*file);
  if (const char* value = std::getenv(env); value != nullptr && *value != 0)
    return crypto::Passphrase::Copy(AsBytes(value));
  auto first = platform::ReadPassphraseFromTerminal(prompt + ": ");
  if (!first)
    return Error::Usage("no passphrase: give --" + file_option + " FILE or set " + env +
                        " (no terminal to ask on)");
  if (confirm) {
    auto again = platform::ReadPassphraseFromTerminal("Repeat it: ");
    if (!again || !first->Equals(again->view())) return Error::Usage("the two passphrases differ");
  }
  return std::move(*first);
}

Result<crypto::Passphrase> Context::Passphrase(bool confirm) const {
  return SecretFrom("passphrase-file", "STACCS_PASSPHRASE", "Passphrase", confirm);
}

Result<core::Kit> Context::Unlock() const {
  if (!core::Kit::Exists(home))
    return Error::Usage("no kit in " + home.string() + ": run 'staccs-cli init' first (or give --home DIR)");
  STACCS_ASSIGN(crypto::Passphrase pass, Passphrase());
  return core::Kit::Unlock(home, pass);
}

sync::StickOptions StickOptionsFrom(const Args& args) {
  sync::StickOptions o;
  if (auto folder = args.Get("folder")) o.folder = *folder;
  if (auto label = args.Get("label")) o.label = *label;
  else if (auto env = platform::Utf8Environment("STACCS_STICK_FOLDER")) o.folder = *env;
  return o;
}

Result<std::string> ReadTextFile(const std::string& path) {
  STACCS_ASSIGN(Bytes bytes, platform::ReadFile(platform::PathFromUtf8(path), 16u << 20));
  return std::string(bytes.begin(), bytes.end());
}

Status WriteOutputFile(const std::string& path, ByteView contents) {
  return platform::WriteFileAtomically(platform::PathFromUtf8(path), contents);
}

}  // namespace staccs::cli
