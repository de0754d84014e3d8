// staccs-release-sign: the release manager's tool, shared by the Linux and Windows release
// scripts (packaging/build-linux.sh, the Windows build). Not shipped in any package.
//   staccs-release-sign keygen SECRET_KEY_FILE PUBLIC_KEY_FILE   a new release key pair
//   staccs-release-sign sign SECRET_KEY_FILE FILE...             writes FILE.sig for each
//   staccs-release-sign public-key SECRET_KEY_FILE               prints the public key line
// The secret key file stays offline (a stick in a safe, never the repository); tests make a
// throwaway one. Verification is `staccs-cli verify-release FILE --key KEY`.
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "staccs/base/bytes.h"
#include "staccs/core/platform.h"
#include "staccs/core/release_signature.h"

namespace {

int Fail(const std::string& message) {
  std::cerr << "staccs-release-sign: " << message << "\n";
  return 1;
}

int Usage() {
  std::cerr << "usage: staccs-release-sign keygen SECRET_KEY_FILE PUBLIC_KEY_FILE\n"
               "       staccs-release-sign sign SECRET_KEY_FILE FILE...\n"
               "       staccs-release-sign public-key SECRET_KEY_FILE\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace staccs;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return Usage();
  const std::string& cmd = args[0];
  if (cmd == "keygen" && args.size() == 3) {
    if (std::filesystem::exists(args[1])) return Fail(args[1] + " exists: refusing to overwrite a release key");
    auto kp = crypto::SigningKeyPair::Generate();
    if (auto st = core::WriteReleaseSecretKey(args[1], kp); !st) return Fail(st.error().message);
    std::string pub = core::FormatReleaseKey(kp.public_key()) + "\n";
    if (auto st = platform::WriteFileAtomically(args[2], AsBytes(pub)); !st) return Fail(st.error().message);
    std::cout << pub;
    return 0;
  }
  if (cmd == "public-key" && args.size() == 2) {
    auto kp = core::ReadReleaseSecretKey(args[1]);
    if (!kp) return Fail(kp.error().message);
    std::cout << core::FormatReleaseKey(kp->public_key()) << "\n";
    return 0;
  }
  if (cmd == "sign" && args.size() >= 3) {
    auto kp = core::ReadReleaseSecretKey(args[1]);
    if (!kp) return Fail(kp.error().message);
    for (std::size_t i = 2; i < args.size(); ++i) {
      if (auto st = core::SignReleaseArtefact(*kp, args[i]); !st) return Fail(st.error().message);
      std::cout << "signed " << args[i] << "\n";
    }
    return 0;
  }
  return Usage();
}
