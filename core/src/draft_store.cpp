#include "staccs/core/draft_store.h"

#include <nlohmann/json.hpp>

#include "json_text.h"

#include "staccs/core/campaign_store.h"
#include "staccs/core/id_prefix.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/random.h"

namespace staccs::core {

namespace {
using nlohmann::json;
constexpr std::string_view kTable = "drafts";
}  // namespace

Bytes EncodeDraftContent(const DraftContent& d) {
  json answers = json::array();
  for (const Answer& a : d.answers) answers.push_back({{"q", a.question_id}, {"text", a.text}});
  json j = {{"v", 1},
            {"answers", answers},
            {"author", {{"name", d.author.name}, {"organisation", d.author.organisation},
                        {"stakeholder_group", d.author.stakeholder_group}, {"country", d.author.country}}},
            {"consent", std::string(ConsentName(d.consent))},
            {"language", d.language}};
  return DumpJsonBytes(j);
}

Result<DraftContent> DecodeDraftContent(ByteView bytes) {
  json j = json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error::Local("stored draft is not readable");
  try {
    DraftContent d;
    for (const auto& a : j.at("answers")) d.answers.push_back({a.at("q").get<std::string>(), a.at("text").get<std::string>()});
    const json& au = j.at("author");
    d.author = {au.at("name").get<std::string>(), au.at("organisation").get<std::string>(),
                au.at("stakeholder_group").get<std::string>(), au.at("country").get<std::string>()};
    if (!ParseConsent(j.at("consent").get<std::string>(), d.consent))
      return Error::Local("stored draft has an unknown consent value");
    d.language = j.at("language").get<std::string>();
    return d;
  } catch (const json::exception& e) {
    return Error::Local(std::string("stored draft is not readable: ") + e.what());
  }
}

Result<Draft> DraftStore::Create(std::string_view campaign_id, const DraftContent& content) {
  CampaignStore campaigns(kit_);
  STACCS_ASSIGN(Campaign campaign, campaigns.Get(campaign_id));
  Draft d;
  d.id = crypto::RandomId();
  d.campaign_id = campaign.id_hex();
  d.created_unix = d.updated_unix = platform::UnixTimeNow();
  d.save_count = 1;
  d.content = content;
  Bytes plain = EncodeDraftContent(content);
  crypto::WipeOnExit wipe_plain(plain);
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "INSERT INTO drafts(id, campaign_id, created_at, updated_at, state, save_count, sealed) "
      "VALUES(?, ?, ?, ?, ?, ?, ?)"));
  st.Bind(1, d.id).Bind(2, d.campaign_id).Bind(3, d.created_unix).Bind(4, d.updated_unix)
      .Bind(5, d.state).Bind(6, d.save_count).Bind(7, kit_.SealRow(kTable, d.id, plain));
  STACCS_TRY(st.Run());  // autocommit: one durable transaction
  return d;
}

Status DraftStore::Save(const std::string& draft_id, const DraftContent& content) {
  Bytes plain = EncodeDraftContent(content);
  crypto::WipeOnExit wipe_plain(plain);
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "UPDATE drafts SET sealed = ?, updated_at = ?, save_count = save_count + 1 WHERE id = ?"));
  st.Bind(1, kit_.SealRow(kTable, draft_id, plain)).Bind(2, platform::UnixTimeNow()).Bind(3, draft_id);
  return st.Run();
}

static Result<Draft> ReadDraft(Kit& kit, Statement& st) {
  Draft d;
  d.id = st.ColumnText(0);
  d.campaign_id = st.ColumnText(1);
  d.created_unix = st.ColumnInt(2);
  d.updated_unix = st.ColumnInt(3);
  d.state = st.ColumnText(4);
  d.save_count = st.ColumnInt(5);
  STACCS_ASSIGN(crypto::WipedBytes plain, kit.OpenRow(kTable, d.id, st.ColumnBlob(6)));
  auto content = DecodeDraftContent(plain);
  if (!content) return std::move(content).error();
  d.content = std::move(content).value();
  return d;
}

Result<Draft> DraftStore::Get(std::string_view id_or_prefix) {
  STACCS_ASSIGN(std::string id, ResolveIdPrefix(kit_.db(), kTable, id_or_prefix, "draft"));
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "SELECT id, campaign_id, created_at, updated_at, state, save_count, sealed FROM drafts WHERE id = ?"));
  st.Bind(1, id);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row) return Error::Usage("no draft with id " + id);
  return ReadDraft(kit_, st);
}

Result<std::vector<Draft>> DraftStore::List() {
  std::vector<Draft> out;
  STACCS_TRY(ForEach([&](const Draft& d) -> Status {
    out.push_back(d);
    return {};
  }));
  return out;
}

Status DraftStore::ForEach(const std::function<Status(const Draft&)>& visit) {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "SELECT id, campaign_id, created_at, updated_at, state, save_count, sealed FROM drafts "
      "ORDER BY created_at, id"));
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    STACCS_ASSIGN(Draft d, ReadDraft(kit_, st));
    STACCS_TRY(visit(d));
  }
  return {};
}

Status DraftStore::Delete(const std::string& draft_id) {
  STACCS_ASSIGN(auto tx, Transaction::Begin(kit_.db()));
  for (const char* sql : {"DELETE FROM attachment_chunks WHERE attachment_id IN (SELECT id FROM attachments WHERE draft_id = ?)",
                          "DELETE FROM attachments WHERE draft_id = ?", "DELETE FROM drafts WHERE id = ?"}) {
    STACCS_ASSIGN(Statement st, kit_.db().Prepare(sql));
    st.Bind(1, draft_id);
    STACCS_TRY(st.Run());
  }
  return tx.Commit();
}

Result<std::int64_t> DraftStore::Count() {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare("SELECT count(*) FROM drafts"));
  STACCS_ASSIGN(bool row, st.Step());
  return row ? st.ColumnInt(0) : 0;
}

}  // namespace staccs::core
