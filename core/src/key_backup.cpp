#include "staccs/core/key_backup.h"

#include <nlohmann/json.hpp>

#include "json_text.h"

#include <cstring>

#include "staccs/core/campaign_file.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/recovery_code.h"
#include "staccs/crypto/record_cipher.h"

namespace staccs::core {

namespace {

using nlohmann::json;
constexpr std::size_t kHeader = 8 + 2 + 2 + 16 + 8 + 8;
constexpr std::size_t kRecordSize = 16 + 8 + 8 + 32;  // salt | ops | mem | key

Error Bad(const std::string& why) { return Error::BadInput("key backup: " + why); }

Bytes Header(const crypto::KdfParams& kdf) {
  Bytes h(kKeyBackupMagic, kKeyBackupMagic + 8);
  PutU16(h, kKeyBackupVersion);
  PutU16(h, 0);
  Append(h, kdf.salt);
  PutU64(h, kdf.ops_limit);
  PutU64(h, kdf.mem_limit);
  return h;
}

}  // namespace

Result<Bytes> WriteKeyBackup(Kit& kit) {
  STACCS_ASSIGN(crypto::SecretBytes record, kit.RecoveryRecord());
  if (record.size() != kRecordSize) return Error::Local("the kit's recovery key record is malformed");
  crypto::KdfParams kdf;
  std::memcpy(kdf.salt.data(), record.data(), 16);
  kdf.ops_limit = GetU64(record.data() + 16);
  kdf.mem_limit = GetU64(record.data() + 24);
  crypto::SecretBytes key = crypto::SecretBytes::Copy(record.view().subspan(32, 32));

  CampaignStore campaigns(kit);
  STACCS_ASSIGN(auto held, campaigns.List());
  json owned = json::array();
  // Every held campaign file travels (a restored participant needs them to revise), and the
  // secret keys of those this kit owns.
  for (const auto& c : held) {
    STACCS_ASSIGN(Bytes file, campaigns.File(c.id_hex()));
    json entry = {{"file", ToHex(file)}};
    if (auto secrets = campaigns.Secrets(c.id_hex())) {
      crypto::WipedBytes s;
      for (ByteView part : {secrets->signing.secret_key().view(), secrets->encryption.secret_key().view(),
                            secrets->pull.secret_key().view()})
        s.insert(s.end(), part.begin(), part.end());
      entry["secrets"] = ToHex(s);
    }
    owned.push_back(entry);
  }
  STACCS_ASSIGN(auto index, Outbox(kit).SubmissionIndex());
  json submissions = json::array();
  for (const auto& e : index)
    submissions.push_back({{"source_id", e.source_id}, {"campaign_id", e.campaign_id},
                           {"submission_id", e.submission_id}, {"revision", e.revision}});
  json doc = {{"v", 1},
              {"created", platform::UnixTimeNow()},
              {"identity_seed", ToHex(kit.identity_seed().view())},
              {"recovery_record", ToHex(record.view())},
              {"kit_name", kit.name()},
              {"campaigns", owned},
              {"submissions", submissions}};
  std::string text = DumpJson(doc);
  crypto::WipeOnExit wipe_text(text);
  Bytes header = Header(kdf);
  Bytes out = header;
  Append(out, crypto::SealRecord(key, AsBytes(text), header));
  return out;
}

Result<KeyBackup> OpenKeyBackup(ByteView file, std::string_view recovery_code) {
  if (file.size() > (64u << 20)) return Bad("larger than 64 MiB");
  if (file.size() < kHeader + crypto::kRecordOverhead) return Bad("truncated");
  if (std::memcmp(file.data(), kKeyBackupMagic, 8) != 0) return Bad("not a STACCS key backup");
  if (GetU16(file.data() + 8) != kKeyBackupVersion) return Bad("format version is not supported by this kit");
  auto code = NormalizeRecoveryCode(recovery_code);
  if (!code) return Error::Usage("that is not a recovery code: it has 28 letters and digits, in groups of four");
  crypto::KdfParams kdf;
  std::memcpy(kdf.salt.data(), file.data() + 12, 16);
  kdf.ops_limit = GetU64(file.data() + 28);
  kdf.mem_limit = GetU64(file.data() + 36);
  // A hostile file could ask for hours of work or all the memory: refuse costs beyond what
  // the kit itself ever uses.
  if (kdf.ops_limit > 16 || kdf.mem_limit > (std::uint64_t{1} << 30)) return Bad("key derivation cost is out of range");
  STACCS_ASSIGN(crypto::SecretBytes key, crypto::DerivePassphraseKey(code->view(), kdf));
  auto plain = crypto::OpenRecord(key, file.subspan(kHeader), file.first(kHeader));
  if (!plain) return Bad("the recovery code is wrong, or the file was altered");
  json doc = json::parse(plain->begin(), plain->end(), nullptr, false);  // plain wipes itself
  if (doc.is_discarded() || !doc.is_object()) return Bad("content is malformed");
  KeyBackup b;
  try {
    // Wiped however this block is left (a malformed field throws, a wrong size returns).
    auto wiped = [](std::optional<Bytes> decoded) { return decoded ? std::optional(crypto::TakeWiped(std::move(*decoded))) : std::nullopt; };
    const auto seed = wiped(FromHex(doc.at("identity_seed").get<std::string>()));
    const auto record = wiped(FromHex(doc.at("recovery_record").get<std::string>()));
    if (!seed || seed->size() != 32 || !record || record->size() != kRecordSize) return Bad("keys are malformed");
    b.identity_seed = crypto::SecretBytes::Copy(*seed);
    b.recovery_record = crypto::SecretBytes::Copy(*record);
    b.kit_name = doc.value("kit_name", "");
    for (const auto& c : doc.at("campaigns")) {
      auto file_bytes = FromHex(c.at("file").get<std::string>());
      auto secrets = FromHex(c.value("secrets", ""));
      if (!file_bytes || !secrets || (!secrets->empty() && secrets->size() != 160))
        return Bad("a campaign entry is malformed");
      b.campaigns.push_back({std::move(*file_bytes), std::move(*secrets)});
    }
    for (const auto& s : doc.at("submissions"))
      b.submissions.push_back({s.at("source_id").get<std::string>(), s.at("campaign_id").get<std::string>(),
                               s.at("submission_id").get<std::string>(), s.at("revision").get<std::uint32_t>()});
  } catch (const json::exception& e) {
    return Bad(std::string("content is malformed: ") + e.what());
  }
  return b;
}

Result<Kit> RestoreKit(const std::filesystem::path& home, const crypto::Passphrase& passphrase, const KeyBackup& backup,
                       crypto::KdfProfile profile) {
  CreateOptions options;
  options.name = backup.kit_name;
  options.kdf_profile = profile;
  options.restore_identity_seed = &backup.identity_seed;
  options.restore_recovery_record = &backup.recovery_record;
  std::string no_code;
  STACCS_ASSIGN(Kit kit, Kit::Create(home, passphrase, options, no_code));
  CampaignStore campaigns(kit);
  for (const auto& c : backup.campaigns) {
    STACCS_TRY(campaigns.Import(c.file));
    if (c.secrets.empty()) continue;
    STACCS_ASSIGN(Campaign parsed, ParseCampaignFile(c.file));
    STACCS_TRY(campaigns.RestoreSecrets(parsed.id_hex(), c.secrets));
  }
  STACCS_TRY(Outbox(kit).RestoreSubmissionIndex(backup.submissions));
  return kit;
}

}  // namespace staccs::core
