// Release artefacts (SPEC §8): every .deb, archive and installer ships with FILE.sig, an
// Ed25519 signature by the release key over the file's SHA-256, in the kReleaseArtifact
// domain. The release key's secret half lives offline with the release manager (never in the
// repository); its public half travels by a second channel (the campaign file, the organisers),
// because a verifier and a key found on the same stick as the artefact prove nothing.
//
// FILE.sig is one text line:
//   staccs-release-signature v1 <public key, 64 hex> <signature, 128 hex>
// A release key file (kept offline) is one line: staccs-release-secret-key v1 <128 hex>
// A release public key file is one line:           staccs-release-key v1 <64 hex>
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "staccs/base/result.h"
#include "staccs/crypto/signing.h"

namespace staccs::core {

inline constexpr std::uint16_t kReleaseSignatureVersion = 1;
inline constexpr std::string_view kReleaseSignatureSuffix = ".sig";

// SHA-256 of a file, streamed (artefacts are tens of megabytes).
Result<std::array<std::uint8_t, 32>> Sha256File(const std::filesystem::path& path);

// A release public key from "staccs-release-key v1 HEX", from bare HEX, or from a file holding
// either line.
Result<crypto::SigningPublicKey> ParseReleaseKey(std::string_view text_or_path);
std::string FormatReleaseKey(const crypto::SigningPublicKey& key);

// The secret key file, written 0600 and atomically; read back for signing.
Status WriteReleaseSecretKey(const std::filesystem::path& path, const crypto::SigningKeyPair& key);
Result<crypto::SigningKeyPair> ReadReleaseSecretKey(const std::filesystem::path& path);

// Signs FILE and writes FILE.sig next to it.
Status SignReleaseArtefact(const crypto::SigningKeyPair& key, const std::filesystem::path& file);

struct ReleaseCheck {
  std::array<std::uint8_t, 32> sha256{};
  crypto::SigningPublicKey signer{};
};

// Checks FILE against FILE.sig and the expected release key. Each way it can fail has its own
// message: no signature, a signature by another key, a file that changed after signing.
Result<ReleaseCheck> VerifyReleaseArtefact(const std::filesystem::path& file,
                                           const crypto::SigningPublicKey& release_key);

}  // namespace staccs::core
