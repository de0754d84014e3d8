// What every command needs: where the kit lives, how to get the passphrase, how to print.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "cli_args.h"
#include "staccs/core/kit.h"
#include "staccs/crypto/secret.h"
#include "staccs/sync/stick_transfer.h"

namespace staccs::cli {

struct Context {
  Args args;
  std::filesystem::path home;
  std::ostream& out;
  std::ostream& err;

  // The passphrase from --passphrase-file, STACCS_PASSPHRASE or a prompt (in that order).
  // `confirm` asks twice on a terminal (new passphrases).
  Result<crypto::Passphrase> Passphrase(bool confirm = false) const;
  // A second secret (new or duress passphrase) from --<option>-file, the environment
  // variable `env`, or a prompt.
  Result<crypto::Passphrase> SecretFrom(const std::string& file_option, const char* env,
                                        const std::string& prompt, bool confirm) const;
  Result<core::Kit> Unlock() const;
};

// The kit's home: --home, else STACCS_HOME, else portable mode (a folder "staccs-data" beside
// the executable), else the platform's user data folder.
std::filesystem::path ResolveHome(const Args& args);

// The kit folder's name on a stick: --folder NAME, else $STACCS_STICK_FOLDER, else "staccs".
sync::StickOptions StickOptionsFrom(const Args& args);

Result<std::string> ReadTextFile(const std::string& path);
Status WriteOutputFile(const std::string& path, ByteView contents);

}  // namespace staccs::cli
