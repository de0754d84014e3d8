// verify-release FILE --key KEY: checks a downloaded or copied artefact (.deb, portable
// archive, installer) against FILE.sig and the release key. The key must come by another
// channel than the file (the organisers, the campaign's announcement): a key found on the same
// stick as the artefact proves nothing. Needs no kit and no passphrase.
#include <ostream>

#include "commands.h"
#include "staccs/core/platform.h"
#include "staccs/core/release_signature.h"

namespace staccs::cli {

Status CmdVerifyRelease(Context& ctx) {
  const std::string& file = ctx.args.positional[0];
  auto key_text = ctx.args.Get("key");
  if (!key_text)
    return Error::Usage("verify-release needs the release key: --key KEY, as published by the campaign's "
                        "organisers (64 hex digits, or a staccs-release.pub file you got from them, not from the stick)");
  auto key = core::ParseReleaseKey(*key_text);
  if (!key) return std::move(key).error();
  auto check = core::VerifyReleaseArtefact(platform::PathFromUtf8(file), *key);
  if (!check) return std::move(check).error();
  ctx.out << file << ": genuine: signed by the release key " << ToHex(check->signer) << "\n"
          << "sha256 " << ToHex(check->sha256) << "\n";
  return {};
}

}  // namespace staccs::cli
