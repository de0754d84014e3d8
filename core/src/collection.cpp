#include "staccs/core/collection.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "staccs/core/attachment_store.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/received_log_store.h"

namespace staccs::core {

namespace {
using nlohmann::json;

Bytes EncodeReceived(const BundleContents& c) {
  json j = {{"type", static_cast<int>(c.type)}, {"submission_id", ToHex(c.submission_id)}, {"revision", c.revision},
            {"created", c.created_unix}, {"author_key", ToHex(c.author_key)},
            {"content", std::string(AsChars(c.content))}};
  std::string s = j.dump();
  return Bytes(s.begin(), s.end());
}
}  // namespace

Result<CollectReport> CollectHeldBundles(Kit& kit) {
  CollectReport report;
  CampaignStore campaigns(kit);
  STACCS_ASSIGN(auto all, campaigns.List());
  for (const Campaign& campaign : all) {
    auto secrets = campaigns.Secrets(campaign.id_hex());
    if (!secrets) continue;  // not ours: we only carry its bundles
    const std::string cid = campaign.id_hex();
    STACCS_ASSIGN(auto log, ReceivedLogStore(kit).Get(cid));
    ReceivedLog next = log ? *log : ReceivedLog{campaign.id, 0, {}};

    STACCS_ASSIGN(Statement pending, kit.db().Prepare(
        "SELECT id, bytes FROM bundles WHERE campaign_id = ? AND bytes IS NOT NULL "
        "AND id NOT IN (SELECT bundle_id FROM received) ORDER BY stored_at, id"));
    pending.Bind(1, cid);
    std::vector<std::pair<std::string, Bytes>> todo;
    for (;;) {
      STACCS_ASSIGN(bool row, pending.Step());
      if (!row) break;
      todo.emplace_back(pending.ColumnText(0), pending.ColumnBlob(1));
    }
    if (todo.empty()) continue;
    STACCS_ASSIGN(auto tx, Transaction::Begin(kit.db()));
    STACCS_ASSIGN(Statement put, kit.db().Prepare(
        "INSERT INTO received(bundle_id, campaign_id, received_at, ack_tag, rejected, sealed) VALUES(?, ?, ?, ?, ?, ?)"));
    for (auto& [id, bytes] : todo) {
      ReceivedAttachmentSink attachments(kit, id);
      auto opened = OpenBundle(bytes, campaign, secrets->encryption, &attachments);
      if (!opened) STACCS_TRY(attachments.Discard());
      put.Bind(1, id).Bind(2, cid).Bind(3, platform::UnixTimeNow());
      if (opened) {
        const crypto::Hash32 tag = AckTag(opened->ack_secret);
        Bytes record = EncodeReceived(*opened);
        put.Bind(4, ToHex(tag)).BindNull(5).Bind(6, kit.SealRow("received", id, record));
        crypto::Wipe(record.data(), record.size());
        crypto::Hash32 bid{};
        auto raw = FromHex(id);
        std::copy(raw->begin(), raw->end(), bid.begin());
        next.entries.push_back({bid, tag});
        ++report.opened;
      } else {
        put.BindNull(4).Bind(5, opened.error().message).BindNull(6);
        report.rejections.push_back(opened.error().message);
        ++report.rejected;
      }
      STACCS_TRY(put.Run());
    }
    STACCS_TRY(tx.Commit());
    if (log && next.entries.size() == log->entries.size()) continue;
    next.sequence = (log ? log->sequence : 0) + 1;
    Bytes file = WriteReceivedLog(next, secrets->pull);
    STACCS_TRY(ReceivedLogStore(kit).Offer(file));
    report.logs_updated.push_back(cid);
  }
  return report;
}

}  // namespace staccs::core
