#include "staccs/core/received_revisions.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace staccs::core {

namespace {
using nlohmann::json;
}  // namespace

Result<std::vector<ReceivedSubmission>> ReceivedRevisions(Kit& kit, const std::string& campaign_id) {
  STACCS_ASSIGN(Statement st, kit.db().Prepare(
      "SELECT bundle_id, received_at, sealed FROM received WHERE campaign_id = ? AND rejected IS NULL "
      "ORDER BY received_at, bundle_id"));
  st.Bind(1, campaign_id);
  std::vector<ReceivedSubmission> out;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    ReceivedSubmission s;
    s.bundle_id = st.ColumnText(0);
    s.campaign_id = campaign_id;
    s.received_unix = st.ColumnInt(1);
    STACCS_ASSIGN(Bytes plain, kit.OpenRow("received", s.bundle_id, st.ColumnBlob(2)));
    json j = json::parse(plain.begin(), plain.end(), nullptr, false);
    crypto::Wipe(plain.data(), plain.size());
    if (j.is_discarded()) return Error::Local("received submission " + s.bundle_id + " is unreadable");
    s.type = static_cast<BundleType>(j.value("type", 1));
    s.submission_id = j.value("submission_id", "");
    s.revision = j.value("revision", 0u);
    s.created_unix = j.value("created", std::int64_t{0});
    s.author_key = j.value("author_key", "");
    std::string content = j.value("content", "");
    s.content.assign(content.begin(), content.end());
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<ReceivedSubmission> CurrentRevisions(std::vector<ReceivedSubmission> all) {
  // A submission id is only trusted together with the key that signed it: another author
  // reusing an id cannot replace someone's answers.
  std::map<std::pair<std::string, std::string>, ReceivedSubmission> current;
  for (auto& s : all) {
    auto key = std::make_pair(s.author_key, s.submission_id);
    auto it = current.find(key);
    auto newer = [](const ReceivedSubmission& a, const ReceivedSubmission& b) {
      return std::tie(a.revision, a.created_unix, a.bundle_id) > std::tie(b.revision, b.created_unix, b.bundle_id);
    };
    if (it == current.end() || newer(s, it->second)) current[key] = std::move(s);
  }
  std::vector<ReceivedSubmission> out;
  for (auto& [_, s] : current) out.push_back(std::move(s));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.created_unix, a.bundle_id) < std::tie(b.created_unix, b.bundle_id);
  });
  return out;
}

}  // namespace staccs::core
