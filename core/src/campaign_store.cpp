#include "staccs/core/campaign_store.h"

#include <algorithm>

#include "staccs/core/campaign_file.h"
#include "staccs/core/id_prefix.h"
#include "staccs/core/platform.h"

namespace staccs::core {

namespace {
constexpr std::string_view kTable = "campaigns";
constexpr std::string_view kSecretsTable = "campaign_secrets";
}  // namespace

Result<ImportedCampaign> CampaignStore::Import(ByteView file) {
  STACCS_ASSIGN(Campaign c, ParseCampaignFile(file));
  const std::string id = c.id_hex();
  ImportedCampaign result;
  STACCS_ASSIGN(auto tx, Transaction::Begin(kit_.db()));
  {
    STACCS_ASSIGN(Statement st, kit_.db().Prepare("SELECT sequence, sealed_file FROM campaigns WHERE id = ?"));
    st.Bind(1, id);
    STACCS_ASSIGN(bool found, st.Step());
    if (found) {
      result.previous_sequence = static_cast<std::uint64_t>(st.ColumnInt(0));
      if (c.sequence < result.previous_sequence)
        return Error::BadInput("campaign " + id.substr(0, 16) + ": sequence " + std::to_string(c.sequence) +
                               " is older than the one held (" + std::to_string(result.previous_sequence) +
                               "); refused");
      if (c.sequence == result.previous_sequence) {
        STACCS_ASSIGN(crypto::WipedBytes held, kit_.OpenRow(kTable, id, st.ColumnBlob(1)));
        if (std::ranges::equal(held, file))
          return ImportedCampaign{std::move(c), ImportOutcome::kUnchanged, result.previous_sequence};
        return Error::BadInput("campaign " + id.substr(0, 16) + ": a different file with the same sequence " +
                               std::to_string(c.sequence) + " is already held; refused");
      }
      result.outcome = ImportOutcome::kUpdated;
    }
  }
  STACCS_ASSIGN(Statement put, kit_.db().Prepare(
      "INSERT INTO campaigns(id, sequence, imported_at, sealed_file) VALUES(?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET sequence = excluded.sequence, imported_at = excluded.imported_at, "
      "sealed_file = excluded.sealed_file"));
  put.Bind(1, id).Bind(2, static_cast<std::int64_t>(c.sequence)).Bind(3, platform::UnixTimeNow())
      .Bind(4, kit_.SealRow(kTable, id, file));
  STACCS_TRY(put.Run());
  STACCS_TRY(tx.Commit());
  result.campaign = std::move(c);
  return result;
}

Result<Bytes> CampaignStore::Create(Campaign c) {
  CampaignSecrets secrets{crypto::SigningKeyPair::Generate(), crypto::BoxKeyPair::Generate(),
                          crypto::SigningKeyPair::Generate()};
  c.signing_key = secrets.signing.public_key();
  c.encryption_key = secrets.encryption.public_key();
  c.pull_key = secrets.pull.public_key();
  c.id = CampaignIdFor(c.signing_key);
  c.pull_certificate = secrets.signing.Sign(crypto::SignatureDomain::kPullSubkeyCert, kCampaignFormatVersion,
                                            PullCertificateMessage(c.id, c.pull_key));
  if (c.sequence == 0) c.sequence = 1;
  if (c.created_unix == 0) c.created_unix = platform::UnixTimeNow();
  Bytes file = WriteCampaignFile(c, secrets.signing);

  // Parse what was written, through the same gate every imported file goes through.
  STACCS_TRY(ParseCampaignFile(file));
  crypto::WipedBytes secret_record;  // wiped on every way out, the early returns below included
  for (ByteView key : {secrets.signing.secret_key().view(), secrets.encryption.secret_key().view(),
                       secrets.pull.secret_key().view()})
    secret_record.insert(secret_record.end(), key.begin(), key.end());
  const std::string id = c.id_hex();
  {
    // The campaign and its secrets land together or not at all.
    STACCS_ASSIGN(auto tx, Transaction::Begin(kit_.db()));
    STACCS_ASSIGN(Statement put, kit_.db().Prepare(
        "INSERT INTO campaigns(id, sequence, imported_at, sealed_file) VALUES(?, ?, ?, ?)"));
    put.Bind(1, id).Bind(2, static_cast<std::int64_t>(c.sequence)).Bind(3, platform::UnixTimeNow())
        .Bind(4, kit_.SealRow(kTable, id, file));
    STACCS_TRY(put.Run());
    STACCS_ASSIGN(Statement sec, kit_.db().Prepare(
        "INSERT INTO campaign_secrets(campaign_id, sealed) VALUES(?, ?)"));
    sec.Bind(1, id).Bind(2, kit_.SealRow(kSecretsTable, id, secret_record));
    STACCS_TRY(sec.Run());
    STACCS_TRY(tx.Commit());
  }
  return file;
}

Result<Bytes> CampaignStore::Update(std::string_view id_or_prefix, const std::function<Status(Campaign&)>& edit) {
  STACCS_ASSIGN(Campaign held, Get(id_or_prefix));
  STACCS_ASSIGN(CampaignSecrets secrets, Secrets(held.id_hex()));
  Campaign next = held;
  STACCS_TRY(edit(next));
  // What makes it the same campaign is not the edit's to change.
  next.id = held.id;
  next.signing_key = held.signing_key;
  next.encryption_key = held.encryption_key;
  next.pull_key = held.pull_key;
  next.pull_certificate = held.pull_certificate;
  next.sequence = held.sequence + 1;
  next.created_unix = std::max(platform::UnixTimeNow(), held.created_unix);
  if (next.questions.empty()) return Error::Usage("campaign " + held.id_hex().substr(0, 16) + ": an update must keep at least one question");
  Bytes file = WriteCampaignFile(next, secrets.signing);
  STACCS_TRY(Import(file));  // the same gate as every other file, and the sequence rule
  return file;
}

Result<std::vector<Campaign>> CampaignStore::List() {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare("SELECT id, sealed_file FROM campaigns ORDER BY imported_at, id"));
  std::vector<Campaign> out;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    std::string id = st.ColumnText(0);
    STACCS_ASSIGN(crypto::WipedBytes file, kit_.OpenRow(kTable, id, st.ColumnBlob(1)));
    STACCS_ASSIGN(Campaign c, ParseCampaignFile(file));
    out.push_back(std::move(c));
  }
  return out;
}

Result<Bytes> CampaignStore::File(std::string_view id_hex) {
  STACCS_ASSIGN(std::string id, ResolveIdPrefix(kit_.db(), kTable, id_hex, "campaign"));
  STACCS_ASSIGN(Statement st, kit_.db().Prepare("SELECT sealed_file FROM campaigns WHERE id = ?"));
  st.Bind(1, id);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row) return Error::Usage("no campaign with id " + id);
  STACCS_ASSIGN(crypto::WipedBytes file, kit_.OpenRow(kTable, id, st.ColumnBlob(0)));
  return Bytes(file.begin(), file.end());  // a campaign file is public: an ordinary buffer will do
}

Result<Campaign> CampaignStore::Get(std::string_view id_or_prefix) {
  STACCS_ASSIGN(Bytes file, File(id_or_prefix));
  return ParseCampaignFile(file);
}

Result<bool> CampaignStore::HoldsSecrets(std::string_view id_hex) {
  STACCS_ASSIGN(std::string id, ResolveIdPrefix(kit_.db(), kTable, id_hex, "campaign"));
  STACCS_ASSIGN(Statement st, kit_.db().Prepare("SELECT 1 FROM campaign_secrets WHERE campaign_id = ?"));
  st.Bind(1, id);
  return st.Step();
}

Result<CampaignSecrets> CampaignStore::Secrets(std::string_view id_hex) {
  STACCS_ASSIGN(std::string id, ResolveIdPrefix(kit_.db(), kTable, id_hex, "campaign"));
  STACCS_ASSIGN(Statement st, kit_.db().Prepare("SELECT sealed FROM campaign_secrets WHERE campaign_id = ?"));
  st.Bind(1, id);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row) return Error::Usage("this kit does not hold the secret keys of campaign " + id.substr(0, 16));
  STACCS_ASSIGN(crypto::WipedBytes record, kit_.OpenRow(kSecretsTable, id, st.ColumnBlob(0)));  // wipes itself
  if (record.size() != 64 + 32 + 64) return Error::Local("campaign secrets record is malformed");
  auto signing = crypto::SigningKeyPair::FromSecretKey(crypto::SecretBytes::Copy(ByteView(record).subspan(0, 64)));
  auto encryption = crypto::BoxKeyPair::FromSecretKey(crypto::SecretBytes::Copy(ByteView(record).subspan(64, 32)));
  auto pull = crypto::SigningKeyPair::FromSecretKey(crypto::SecretBytes::Copy(ByteView(record).subspan(96, 64)));
  if (!signing || !encryption || !pull) return Error::Local("campaign secrets record is malformed");
  return CampaignSecrets{std::move(signing).value(), std::move(encryption).value(), std::move(pull).value()};
}

Status CampaignStore::RestoreSecrets(const std::string& id, ByteView record) {
  STACCS_ASSIGN(Campaign c, Get(id));
  if (record.size() != 160) return Error::BadInput("campaign secrets are malformed");
  auto signing = crypto::SigningKeyPair::FromSecretKey(crypto::SecretBytes::Copy(record.subspan(0, 64)));
  auto encryption = crypto::BoxKeyPair::FromSecretKey(crypto::SecretBytes::Copy(record.subspan(64, 32)));
  auto pull = crypto::SigningKeyPair::FromSecretKey(crypto::SecretBytes::Copy(record.subspan(96, 64)));
  if (!signing || !encryption || !pull || signing->public_key() != c.signing_key ||
      encryption->public_key() != c.encryption_key || pull->public_key() != c.pull_key)
    return Error::BadInput("campaign " + id.substr(0, 16) + ": the backed-up keys do not match its public keys");
  STACCS_ASSIGN(Statement sec, kit_.db().Prepare(
      "INSERT INTO campaign_secrets(campaign_id, sealed) VALUES(?, ?) "
      "ON CONFLICT(campaign_id) DO UPDATE SET sealed = excluded.sealed"));
  sec.Bind(1, c.id_hex()).Bind(2, kit_.SealRow(kSecretsTable, c.id_hex(), record));
  return sec.Run();
}

}  // namespace staccs::core
