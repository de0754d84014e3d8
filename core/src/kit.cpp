#include "staccs/core/kit.h"

#include <system_error>

#include "staccs/core/key_file.h"
#include "staccs/core/platform.h"
#include "staccs/core/recovery_code.h"
#include "staccs/core/schema.h"
#include "staccs/core/unlock_throttle.h"
#include "staccs/crypto/participant_keys.h"
#include "staccs/crypto/random.h"
#include "staccs/crypto/record_cipher.h"

namespace staccs::core {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kIdentitySeed = "identity_seed";
constexpr std::string_view kKitName = "kit_name";
constexpr std::string_view kRecoveryKey = "recovery_key";

crypto::KdfProfile ProfileOf(const crypto::KdfParams& p) {
  return p.ops_limit <= 1 ? crypto::KdfProfile::kFastInsecureForTests : crypto::KdfProfile::kStandard;
}

std::array<std::uint8_t, kKeySlotSize> SealSlot(const crypto::SecretBytes& wrapping_key,
                                               const crypto::SecretBytes& secret, ByteView ad) {
  Bytes sealed = crypto::SealRecord(wrapping_key, secret.view(), ad);
  std::array<std::uint8_t, kKeySlotSize> slot{};
  std::copy(sealed.begin(), sealed.end(), slot.begin());
  return slot;
}

std::array<std::uint8_t, kKeySlotSize> RandomSlot() {
  std::array<std::uint8_t, kKeySlotSize> slot{};
  crypto::FillRandom(slot.data(), slot.size());
  return slot;
}

Result<KeyFile> LoadKeyFile(const KitPaths& paths) {
  STACCS_ASSIGN(Bytes bytes, platform::ReadFile(paths.key_file(), 4096));
  auto kf = KeyFile::Parse(bytes);
  if (!kf) return std::move(kf).error().Within(paths.key_file().string());
  return kf;
}

Status SaveKeyFile(const KitPaths& paths, const KeyFile& kf) {
  return platform::WriteFileAtomically(paths.key_file(), kf.Serialize());
}

}  // namespace

bool Kit::Exists(const fs::path& home) {
  std::error_code ec;
  return fs::exists(KitPaths{home}.key_file(), ec);
}

Result<Kit> Kit::Create(const fs::path& home, const crypto::Passphrase& passphrase,
                        const CreateOptions& options, std::string& recovery_code) {
  KitPaths paths{home};
  if (Exists(home)) return Error::Usage("a kit already exists in " + home.string());
  if (passphrase.empty()) return Error::Usage("the passphrase must not be empty");
  // The home folder is made durably (its parent flushed): a new kit's folder that only its
  // own flushes reached would vanish in a power cut with everything in it. Database::Open
  // makes kit.db the same way.
  STACCS_TRY(platform::CreateDirectoriesDurably(home, platform::FolderAccess::kPrivate));
  std::error_code ec;
  fs::permissions(home, fs::perms::owner_all, fs::perm_options::replace, ec);
  // A store without keys.bin is the remains of an interrupted init: nothing in it can be
  // read without the key that was never written, so it is safe to start over.
  for (const char* leftover : {"kit.db", "kit.db-wal", "kit.db-shm"}) fs::remove(home / leftover, ec);

  crypto::SecretBytes data_key = crypto::SecretBytes::Random(crypto::kRecordKeySize);
  {
    STACCS_ASSIGN(Database db, Database::Open(paths.database(), Durability::kFull));
    STACCS_TRY(MigrateSchema(db));
  }
  STACCS_ASSIGN(Kit kit, OpenWithDataKey(paths, data_key.Clone(), options.kdf_profile));

  // The identity seed, the name and the recovery key go in one transaction. A restored kit
  // keeps the seed and recovery key of the kit it was backed up from (and no new code).
  Bytes recovery_record;
  if (options.restore_identity_seed != nullptr && options.restore_recovery_record != nullptr) {
    kit.identity_seed_ = options.restore_identity_seed->Clone();
    recovery_record.assign(options.restore_recovery_record->view().begin(), options.restore_recovery_record->view().end());
    recovery_code.clear();
  } else {
    kit.identity_seed_ = crypto::NewIdentitySeed();
    recovery_code = NewRecoveryCode();
    auto normalized = NormalizeRecoveryCode(recovery_code);
    crypto::KdfParams recovery_kdf = crypto::NewKdfParams(
        options.kdf_profile == crypto::KdfProfile::kFastInsecureForTests
            ? crypto::KdfProfile::kFastInsecureForTests
            : crypto::KdfProfile::kSensitive);
    STACCS_ASSIGN(crypto::SecretBytes recovery_key,
                  crypto::DerivePassphraseKey(normalized->view(), recovery_kdf));
    Append(recovery_record, recovery_kdf.salt);
    PutU64(recovery_record, recovery_kdf.ops_limit);
    PutU64(recovery_record, recovery_kdf.mem_limit);
    Append(recovery_record, recovery_key.view());
  }
  const crypto::WipedBytes recovery = crypto::TakeWiped(std::move(recovery_record));  // wiped on every way out
  {
    STACCS_ASSIGN(auto tx, Transaction::Begin(kit.db_));
    STACCS_TRY(kit.SaveSealedValue(kIdentitySeed, kit.identity_seed_.view()));
    STACCS_TRY(kit.SaveSealedValue(kKitName, AsBytes(options.name)));
    STACCS_TRY(kit.SaveSealedValue(kRecoveryKey, recovery));
    STACCS_TRY(tx.Commit());
  }
  kit.name_ = options.name;

  // keys.bin is written last: its presence is what makes the kit exist.
  KeyFile kf;
  kf.kdf = crypto::NewKdfParams(options.kdf_profile);
  STACCS_ASSIGN(crypto::SecretBytes wrapping_key, crypto::DerivePassphraseKey(passphrase.view(), kf.kdf));
  kf.main_slot = SealSlot(wrapping_key, data_key, kf.SlotAssociatedData(false));
  kf.duress_slot = RandomSlot();
  STACCS_TRY(SaveKeyFile(paths, kf));
  return kit;
}

Result<Kit> Kit::Unlock(const fs::path& home, const crypto::Passphrase& passphrase) {
  KitPaths paths{home};
  if (!Exists(home))
    return Error::Usage("no kit in " + home.string() + ": run 'staccs-cli init' first");
  UnlockThrottle throttle = UnlockThrottle::Load(paths.lock_state());
  std::int64_t now = platform::UnixTimeNow();
  if (std::int64_t wait = throttle.SecondsToWait(now); wait > 0)
    return Error::BadInput("too many failed unlock attempts: wait " + std::to_string(wait) +
                           " s before trying again");
  STACCS_ASSIGN(KeyFile kf, LoadKeyFile(paths));
  STACCS_ASSIGN(crypto::SecretBytes wrapping_key, crypto::DerivePassphraseKey(passphrase.view(), kf.kdf));

  // Both slots are always tried, so a duress passphrase takes as long as any other.
  auto main = crypto::OpenSecretRecord(wrapping_key, kf.main_slot, kf.SlotAssociatedData(false));
  auto duress = crypto::OpenSecretRecord(wrapping_key, kf.duress_slot, kf.SlotAssociatedData(true));
  if (main) {
    if (throttle.failures != 0) STACCS_TRY(UnlockThrottle{}.Save(paths.lock_state()));
    return OpenWithDataKey(paths, std::move(main).value(), ProfileOf(kf.kdf));
  }
  if (duress) {
    // Silently destroy the real kit and open an empty one under the same passphrase.
    STACCS_TRY(Wipe(home));
    std::string discarded_code;
    crypto::WipeOnExit wipe_code(discarded_code);
    CreateOptions options;
    options.kdf_profile = ProfileOf(kf.kdf);
    STACCS_ASSIGN(Kit kit, Create(home, passphrase, options, discarded_code));
    kit.duress_ = true;
    return kit;
  }
  throttle.failures += 1;
  throttle.last_failure_unix = now;
  STACCS_TRY(throttle.Save(paths.lock_state()));
  if (kf.wipe_after_failures != 0 && throttle.failures >= kf.wipe_after_failures)
    STACCS_TRY(Wipe(home));
  return Error::BadInput("wrong passphrase");
}

Status Kit::Wipe(const fs::path& home) {
  KitPaths paths{home};
  // The wrapped data key goes first: once it is gone nothing else is readable, whatever
  // happens to the rest of the wipe.
  STACCS_TRY(platform::OverwriteAndRemove(paths.key_file()));
  STACCS_TRY(platform::SyncDirectory(home));
  std::error_code ec;
  for (const fs::path& p : {paths.database(), fs::path(paths.database()) += "-wal",
                            fs::path(paths.database()) += "-shm", paths.lock_state()}) {
    fs::remove(p, ec);
    if (ec) return Error::Local(p.string() + ": cannot remove: " + ec.message());
  }
  return platform::SyncDirectory(home);
}

Status Kit::ChangePassphrase(const crypto::Passphrase& new_passphrase) {
  if (new_passphrase.empty()) return Error::Usage("the passphrase must not be empty");
  STACCS_ASSIGN(KeyFile kf, LoadKeyFile(paths_));
  kf.kdf = crypto::NewKdfParams(ProfileOf(kf.kdf));
  STACCS_ASSIGN(crypto::SecretBytes wrapping_key, crypto::DerivePassphraseKey(new_passphrase.view(), kf.kdf));
  kf.main_slot = SealSlot(wrapping_key, data_key_, kf.SlotAssociatedData(false));
  kf.duress_slot = RandomSlot();  // a new salt invalidates it; the owner sets it again
  return SaveKeyFile(paths_, kf);
}

Status Kit::SetDuressPassphrase(const crypto::Passphrase& duress) {
  if (duress.empty()) return Error::Usage("the duress passphrase must not be empty");
  STACCS_ASSIGN(KeyFile kf, LoadKeyFile(paths_));
  STACCS_ASSIGN(crypto::SecretBytes wrapping_key, crypto::DerivePassphraseKey(duress.view(), kf.kdf));
  if (crypto::OpenSecretRecord(wrapping_key, kf.main_slot, kf.SlotAssociatedData(false)).ok())
    return Error::Usage("the duress passphrase must differ from the kit's passphrase");
  kf.duress_slot = SealSlot(wrapping_key, crypto::SecretBytes::Random(32), kf.SlotAssociatedData(true));
  return SaveKeyFile(paths_, kf);
}

Status Kit::SetWipeAfterFailures(std::uint32_t failures) {
  STACCS_ASSIGN(KeyFile kf, LoadKeyFile(paths_));
  kf.wipe_after_failures = failures;
  return SaveKeyFile(paths_, kf);
}

Result<Kit> Kit::OpenWithDataKey(const KitPaths& paths, crypto::SecretBytes data_key,
                                 crypto::KdfProfile) {
  Kit kit;
  kit.paths_ = paths;
  kit.data_key_ = std::move(data_key);
  STACCS_ASSIGN(kit.db_, Database::Open(paths.database(), Durability::kFull));
  STACCS_TRY(MigrateSchema(kit.db_));
  auto seed = kit.LoadSealedValue(kIdentitySeed);
  if (seed) kit.identity_seed_ = std::move(seed).value();
  if (auto name = kit.LoadSealedValue(kKitName); name) kit.name_ = std::string(name->chars());
  return kit;
}

Result<Kit> Kit::OpenSecondConnection() const {
  STACCS_ASSIGN(Kit other, OpenWithDataKey(paths_, data_key_.Clone(), crypto::KdfProfile::kStandard));
  other.duress_ = duress_;
  return other;
}

Bytes Kit::SealRow(std::string_view table, std::string_view row_id, ByteView plaintext) const {
  std::string ad = "staccs/store/v1/" + std::string(table) + "/" + std::string(row_id);
  return crypto::SealRecord(data_key_, plaintext, AsBytes(ad));
}

Result<crypto::WipedBytes> Kit::OpenRow(std::string_view table, std::string_view row_id, ByteView sealed) const {
  std::string ad = "staccs/store/v1/" + std::string(table) + "/" + std::string(row_id);
  auto plain = crypto::OpenRecord(data_key_, sealed, AsBytes(ad));
  if (!plain) return std::move(plain).error().Within(std::string(table) + " " + std::string(row_id));
  return plain;
}

Result<crypto::SecretBytes> Kit::LoadSealedValue(std::string_view name) {
  STACCS_ASSIGN(Statement st, db_.Prepare("SELECT sealed FROM sealed_values WHERE name = ?"));
  st.Bind(1, name);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row) return Error::Local("the kit has no " + std::string(name));
  std::string ad = "staccs/store/v1/sealed_values/" + std::string(name);
  return crypto::OpenSecretRecord(data_key_, st.ColumnBlob(0), AsBytes(ad));
}

Status Kit::SaveSealedValue(std::string_view name, ByteView plaintext) {
  STACCS_ASSIGN(Statement st, db_.Prepare(
      "INSERT INTO sealed_values(name, sealed) VALUES(?, ?) "
      "ON CONFLICT(name) DO UPDATE SET sealed = excluded.sealed"));
  st.Bind(1, name).Bind(2, SealRow("sealed_values", name, plaintext));
  return st.Run();
}

}  // namespace staccs::core
