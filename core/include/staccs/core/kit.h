// A kit: one participant's (or organiser's, or secretariat's) home folder, unlocked.
//
//   HOME/kit.db      SQLite store (WAL); user content sealed with the data key
//   HOME/keys.bin    the data key wrapped by the passphrase key (key_file.h)
//   HOME/lock.state  failed-unlock counter (unlock_throttle.h)
//
// Opening a kit derives the passphrase key (Argon2id), unwraps the data key into guarded
// memory and migrates the schema. A Kit is used from one thread at a time.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "staccs/base/result.h"
#include "staccs/core/database.h"
#include "staccs/crypto/passphrase_kdf.h"
#include "staccs/crypto/secret.h"

namespace staccs::core {

struct KitPaths {
  std::filesystem::path home;
  std::filesystem::path database() const { return home / "kit.db"; }
  std::filesystem::path key_file() const { return home / "keys.bin"; }
  std::filesystem::path lock_state() const { return home / "lock.state"; }
};

struct CreateOptions {
  std::string name;  // shown to the user only; sealed like all user content
  crypto::KdfProfile kdf_profile = crypto::KdfProfile::kStandard;
  // Restoring from a key backup: the identity seed and recovery key to keep (key_backup.h).
  const crypto::SecretBytes* restore_identity_seed = nullptr;
  const crypto::SecretBytes* restore_recovery_record = nullptr;
};

class Kit {
 public:
  static bool Exists(const std::filesystem::path& home);

  // Creates a new kit; fails if one exists. `recovery_code` receives the code to show once.
  static Result<Kit> Create(const std::filesystem::path& home, const crypto::Passphrase& passphrase,
                            const CreateOptions& options, std::string& recovery_code);

  // Unlocks. A wrong passphrase returns kBadInput "wrong passphrase" and changes nothing but
  // the failure counter (and, if the owner chose so, wipes after N failures). The duress
  // passphrase silently wipes the real kit and opens a new, empty one.
  static Result<Kit> Unlock(const std::filesystem::path& home, const crypto::Passphrase& passphrase);

  // Panic wipe: destroys the wrapped key first (the store is unreadable from that moment),
  // then removes the store. Needs no passphrase.
  static Status Wipe(const std::filesystem::path& home);

  // A second handle on this unlocked kit, with its own database connection, for a second
  // thread (the desktop client moves bundles on one while the participant's edits are saved
  // on another; SQLite's WAL lets both proceed). Holds its own copy of the keys.
  Result<Kit> OpenSecondConnection() const;

  Status ChangePassphrase(const crypto::Passphrase& new_passphrase);  // clears any duress slot
  Status SetDuressPassphrase(const crypto::Passphrase& duress);
  Status SetWipeAfterFailures(std::uint32_t failures);  // 0: never

  // The recovery key record (salt, cost, key derived from the recovery code) that key
  // backups are encrypted with.
  Result<crypto::SecretBytes> RecoveryRecord() { return LoadSealedValue("recovery_key"); }

  Database& db() { return db_; }
  const KitPaths& paths() const { return paths_; }
  const crypto::SecretBytes& identity_seed() const { return identity_seed_; }
  std::string name() const { return name_; }
  bool opened_under_duress() const { return duress_; }

  // Seals a value for one row of one table with the data key. The table and row id are the
  // associated data: a blob copied into another row does not open there.
  Bytes SealRow(std::string_view table, std::string_view row_id, ByteView plaintext) const;
  Result<crypto::WipedBytes> OpenRow(std::string_view table, std::string_view row_id, ByteView sealed) const;

  Kit(Kit&&) noexcept = default;
  Kit& operator=(Kit&&) noexcept = default;

 private:
  Kit() = default;
  static Result<Kit> OpenWithDataKey(const KitPaths& paths, crypto::SecretBytes data_key,
                                     crypto::KdfProfile recovery_profile);
  Result<crypto::SecretBytes> LoadSealedValue(std::string_view name);
  Status SaveSealedValue(std::string_view name, ByteView plaintext);

  KitPaths paths_;
  Database db_;
  crypto::SecretBytes data_key_;
  crypto::SecretBytes identity_seed_;
  std::string name_;
  bool duress_ = false;
};

}  // namespace staccs::core
