#include "staccs/core/practice_store.h"

#include <algorithm>
#include <functional>

#include "staccs/core/campaign_store.h"
#include "staccs/core/id_prefix.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/random.h"

namespace staccs::core {

namespace {
constexpr std::string_view kTable = "practices";
constexpr std::string_view kColumns = "SELECT id, campaign_id, created_at, updated_at, sealed FROM practices";

Result<Practice> ReadPractice(Kit& kit, Statement& st) {
  Practice p;
  p.id = st.ColumnText(0);
  p.campaign_id = st.ColumnText(1);
  p.created_unix = st.ColumnInt(2);
  p.updated_unix = st.ColumnInt(3);
  STACCS_ASSIGN(crypto::WipedBytes plain, kit.OpenRow(kTable, p.id, st.ColumnBlob(4)));
  auto content = DecodePracticeContent(plain);
  if (!content) return std::move(content).error();
  p.content = std::move(content).value();
  return p;
}
}  // namespace

Result<Practice> PracticeStore::Add(std::string_view campaign_id, const PracticeContent& content) {
  CampaignStore campaigns(kit_);
  STACCS_ASSIGN(Campaign campaign, campaigns.Get(campaign_id));
  Practice p;
  p.id = crypto::RandomId();
  p.campaign_id = campaign.id_hex();
  p.created_unix = p.updated_unix = platform::UnixTimeNow();
  p.content = content;
  Bytes plain = EncodePracticeContent(content);
  crypto::WipeOnExit wipe_plain(plain);
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "INSERT INTO practices(id, campaign_id, created_at, updated_at, sealed) VALUES(?, ?, ?, ?, ?)"));
  st.Bind(1, p.id).Bind(2, p.campaign_id).Bind(3, p.created_unix).Bind(4, p.updated_unix)
      .Bind(5, kit_.SealRow(kTable, p.id, plain));
  STACCS_TRY(st.Run());
  return p;
}

Status PracticeStore::Save(const std::string& practice_id, const PracticeContent& content) {
  Bytes plain = EncodePracticeContent(content);
  crypto::WipeOnExit wipe_plain(plain);
  STACCS_ASSIGN(Statement st, kit_.db().Prepare("UPDATE practices SET sealed = ?, updated_at = ? WHERE id = ?"));
  st.Bind(1, kit_.SealRow(kTable, practice_id, plain)).Bind(2, platform::UnixTimeNow()).Bind(3, practice_id);
  return st.Run();
}

Result<Practice> PracticeStore::Get(std::string_view id_or_prefix) {
  STACCS_ASSIGN(std::string id, ResolveIdPrefix(kit_.db(), kTable, id_or_prefix, "practice"));
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(std::string(kColumns) + " WHERE id = ?"));
  st.Bind(1, id);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row) return Error::Usage("no practice with id " + id);
  return ReadPractice(kit_, st);
}

Status PracticeStore::Delete(const std::string& practice_id) {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare("DELETE FROM practices WHERE id = ?"));
  st.Bind(1, practice_id);
  return st.Run();
}

Status PracticeStore::ForEach(const std::function<Status(Practice)>& visit) {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(std::string(kColumns) + " ORDER BY created_at, id"));
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) return {};
    STACCS_ASSIGN(Practice p, ReadPractice(kit_, st));
    STACCS_TRY(visit(std::move(p)));
  }
}

Result<std::vector<Practice>> PracticeStore::List() {
  std::vector<Practice> out;
  STACCS_TRY(ForEach([&](Practice p) -> Status {
    out.push_back(std::move(p));
    return {};
  }));
  return out;
}

Result<PracticeIndex> PracticeStore::BuildIndex() {
  PracticeIndex index;
  STACCS_TRY(ForEach([&](Practice p) -> Status {
    index.Add(std::move(p));
    return {};
  }));
  return index;
}

Result<std::vector<Practice>> PracticeStore::Search(std::string_view query, const PracticeFilter& filter) {
  const std::vector<std::string> words = PracticeIndex::Tokenize(query);
  std::vector<Practice> out;
  STACCS_TRY(ForEach([&](Practice p) -> Status {
    if (!words.empty() && !PracticeIndex::MatchesWords(PracticeIndex::RecordTokens(p.content), words)) return {};
    if (filter.Matches(p.content)) out.push_back(std::move(p));
    return {};
  }));
  std::stable_sort(out.begin(), out.end(), [](const Practice& a, const Practice& b) { return a.updated_unix > b.updated_unix; });
  return out;
}

}  // namespace staccs::core
