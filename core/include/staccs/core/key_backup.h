// Key backup (SPEC §2 Identity; `staccs-cli key backup|restore`): the identity seed, the held
// campaign files and the secret keys of those the kit owns, and the submission index,
// encrypted under the key derived from the recovery code shown at `init`. Restoring on a new
// machine gives the same per-campaign participant keys, so old submissions can be revised.
//
//   magic "STACCSKB" (8) | version u16 | reserved u16 | salt (16) | Argon2id ops u64 |
//   Argon2id memory u64 | nonce (24) | XChaCha20-Poly1305 ciphertext of a JSON document | tag (16)
// Bytes 0..44 are the associated data. docs/BUNDLE_FORMAT.md describes the JSON document.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"
#include "staccs/core/outbox.h"

namespace staccs::core {

inline constexpr char kKeyBackupMagic[8] = {'S', 'T', 'A', 'C', 'C', 'S', 'K', 'B'};
inline constexpr std::uint16_t kKeyBackupVersion = 1;

struct BackedUpCampaign {
  Bytes file;     // the signed campaign file
  Bytes secrets;  // signing (64) | encryption (32) | pull (64) secret keys; empty if not owned
};

struct KeyBackup {
  crypto::SecretBytes identity_seed;
  crypto::SecretBytes recovery_record;  // salt | ops | mem | key: the restored kit keeps it
  std::string kit_name;
  std::vector<BackedUpCampaign> campaigns;
  std::vector<SubmissionIndexEntry> submissions;
};

Result<Bytes> WriteKeyBackup(Kit& kit);
// The one parser for backup files: refuses anything altered and a wrong recovery code alike.
Result<KeyBackup> OpenKeyBackup(ByteView file, std::string_view recovery_code);
// Creates a kit in `home` (which must hold none) from a backup, under a new passphrase.
Result<Kit> RestoreKit(const std::filesystem::path& home, const crypto::Passphrase& passphrase,
                       const KeyBackup& backup, crypto::KdfProfile profile = crypto::KdfProfile::kStandard);

}  // namespace staccs::core
