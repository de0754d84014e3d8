#include "staccs/core/received_revisions.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <tuple>

#include "staccs/crypto/random.h"

namespace staccs::core {

namespace {
using nlohmann::json;

constexpr std::string_view kTable = "received";

// Decodes the sealed record CollectHeldBundles wrote for an opened bundle.
Result<ReceivedSubmission> DecodeRow(Kit& kit, std::string bundle_id, std::string campaign_id, std::int64_t received_at,
                                     ByteView sealed) {
  ReceivedSubmission s;
  s.bundle_id = std::move(bundle_id);
  s.campaign_id = std::move(campaign_id);
  s.received_unix = received_at;
  STACCS_ASSIGN(crypto::WipedBytes plain, kit.OpenRow(kTable, s.bundle_id, sealed));
  json j = json::parse(plain.begin(), plain.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error::Local("its stored record is not readable");
  try {
    const int type = j.value("type", 1);
    if (type != static_cast<int>(BundleType::kSubmission) && type != static_cast<int>(BundleType::kPractice))
      return Error::Local("its stored record has an unknown type " + std::to_string(type));
    s.type = static_cast<BundleType>(type);
    s.submission_id = j.value("submission_id", "");
    s.revision = j.value("revision", 0u);
    s.created_unix = j.value("created", std::int64_t{0});
    s.author_key = j.value("author_key", "");
    const json& content = j.at("content");
    if (content.is_string()) {
      const auto& text = content.get_ref<const std::string&>();
      s.content.assign(text.begin(), text.end());
    } else {
      return Error::Local("its stored record has no content");
    }
  } catch (const json::exception& e) {
    return Error::Local(std::string("its stored record is not readable: ") + e.what());
  }
  return s;
}

}  // namespace

Status ForEachReceivedRevision(Kit& kit, const std::string& campaign_id,
                               const std::function<Status(const ReceivedSubmission&)>& visit,
                               const std::function<void(const std::string& bundle_id, const Error&)>& unreadable) {
  // No ORDER BY: a sort would hold every row in SQLite's (in-memory) temp store.
  STACCS_ASSIGN(Statement st, kit.db().Prepare(
      "SELECT bundle_id, received_at, sealed FROM received WHERE campaign_id = ? AND rejected IS NULL "
      "AND sealed IS NOT NULL"));
  st.Bind(1, campaign_id);
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) return {};
    std::string bundle_id = st.ColumnText(0);
    auto s = DecodeRow(kit, bundle_id, campaign_id, st.ColumnInt(1), st.ColumnBlob(2));
    if (!s) {
      unreadable(bundle_id, s.error());
      continue;
    }
    STACCS_TRY(visit(*s));
  }
}

Result<ReceivedSubmission> ReadReceivedRevision(Kit& kit, const std::string& bundle_id) {
  STACCS_ASSIGN(Statement st, kit.db().Prepare(
      "SELECT campaign_id, received_at, sealed FROM received WHERE bundle_id = ? AND rejected IS NULL "
      "AND sealed IS NOT NULL"));
  st.Bind(1, bundle_id);
  STACCS_ASSIGN(bool row, st.Step());
  if (!row) return Error::Local("received bundle " + bundle_id.substr(0, 12) + "… is no longer held");
  auto s = DecodeRow(kit, bundle_id, st.ColumnText(0), st.ColumnInt(1), st.ColumnBlob(2));
  if (!s) return std::move(s).error().Within("received bundle " + bundle_id.substr(0, 12) + "…");
  return s;
}

CurrentRevisionIndex::CurrentRevisionIndex() {
  Bytes key = crypto::RandomBytes(key_.size());
  std::copy(key.begin(), key.end(), key_.begin());
}

void CurrentRevisionIndex::Add(const ReceivedSubmission& s, std::uint8_t flags) {
  Entry e;
  if (auto raw = FromHex(s.bundle_id); raw && raw->size() == e.bundle_id.size())
    std::copy(raw->begin(), raw->end(), e.bundle_id.begin());
  e.created_unix = s.created_unix;
  // 64 bits of a keyed hash group the revisions of one submission: a collision between two
  // submissions needs ~2^32 of them, and nobody outside this run knows the key to aim at one.
  std::string who = s.author_key;
  who.push_back('\0');
  who += s.submission_id;
  const crypto::Hash32 h = crypto::Blake2b256Keyed(key_, AsBytes(who));
  std::memcpy(&e.submission, h.data(), sizeof e.submission);
  e.revision = s.revision;
  e.type = s.type;
  e.flags = flags;
  entries_.push_back(e);
}

std::vector<CurrentRevisionIndex::Entry> CurrentRevisionIndex::TakeCurrent() {
  std::vector<Entry> v = std::move(entries_);
  entries_.clear();
  auto by_submission = [](const Entry& a, const Entry& b) {
    return std::tie(a.submission, a.revision, a.created_unix, a.bundle_id) <
           std::tie(b.submission, b.revision, b.created_unix, b.bundle_id);
  };
  std::sort(v.begin(), v.end(), by_submission);
  // The last of each run of one submission is its current revision.
  std::size_t kept = 0;
  std::uint8_t earlier = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const bool last = i + 1 == v.size() || v[i + 1].submission != v[i].submission;
    if (!last) {
      earlier |= v[i].flags;
      continue;
    }
    v[kept] = v[i];
    v[kept].earlier_flags = earlier;
    ++kept;
    earlier = 0;
  }
  v.resize(kept);
  std::sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.created_unix, a.bundle_id) < std::tie(b.created_unix, b.bundle_id);
  });
  return v;
}

}  // namespace staccs::core
