#include "staccs/core/outbox.h"

#include <nlohmann/json.hpp>

#include "json_text.h"

#include "staccs/core/attachment_store.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/practice_store.h"
#include "staccs/crypto/participant_keys.h"
#include "staccs/crypto/random.h"

namespace staccs::core {

namespace {

using nlohmann::json;

// What is being sealed: a draft's or a practice's content, and its campaign.
struct Source {
  std::string id;
  std::string campaign_id;
  BundleType type;
  Bytes content;
};

Result<Source> FindSource(Kit& kit, std::string_view prefix) {
  auto draft = DraftStore(kit).Get(prefix);
  if (draft) return Source{draft->id, draft->campaign_id, BundleType::kSubmission, EncodeDraftContent(draft->content)};
  if (draft.error().kind != ErrorKind::kUsage) return std::move(draft).error();
  auto practice = PracticeStore(kit).Get(prefix);
  if (practice)
    return Source{practice->id, practice->campaign_id, BundleType::kPractice, EncodePracticeContent(practice->content)};
  if (practice.error().kind != ErrorKind::kUsage) return std::move(practice).error();
  return Error::Usage("no draft or practice with id " + std::string(prefix));
}

template <std::size_t N>
bool FromHexInto(const std::string& hex, std::array<std::uint8_t, N>& out) {
  auto b = FromHex(hex);
  if (!b || b->size() != N) return false;
  std::copy(b->begin(), b->end(), out.begin());
  return true;
}

// Records which submission `e.source_id` continues, and its last revision sealed.
Status PutIndexEntry(Kit& kit, const SubmissionIndexEntry& e) {
  std::string index =
      DumpJson(json{{"submission_id", e.submission_id}, {"revision", e.revision}, {"campaign_id", e.campaign_id}});
  STACCS_ASSIGN(Statement idx, kit.db().Prepare(
      "INSERT INTO submission_index(source_id, sealed) VALUES(?, ?) "
      "ON CONFLICT(source_id) DO UPDATE SET sealed = excluded.sealed"));
  idx.Bind(1, e.source_id).Bind(2, kit.SealRow("submission_index", e.source_id, AsBytes(index)));
  return idx.Run();
}

}  // namespace

Result<OutboxEntry> Outbox::Submit(std::string_view prefix) {
  STACCS_ASSIGN(Source source, FindSource(kit_, prefix));
  STACCS_ASSIGN(Campaign campaign, CampaignStore(kit_).Get(source.campaign_id));
  STACCS_ASSIGN(auto tx, Transaction::Begin(kit_.db()));

  // The submission id stays the same across revisions of one draft or practice.
  BundleContents c;
  c.revision = 1;
  {
    STACCS_ASSIGN(Statement st, kit_.db().Prepare("SELECT sealed FROM submission_index WHERE source_id = ?"));
    st.Bind(1, source.id);
    STACCS_ASSIGN(bool row, st.Step());
    if (row) {
      STACCS_ASSIGN(crypto::WipedBytes plain, kit_.OpenRow("submission_index", source.id, st.ColumnBlob(0)));
      json j = json::parse(plain.begin(), plain.end(), nullptr, false);
      if (j.is_discarded() || !j.contains("submission_id") || !FromHexInto(j["submission_id"].get<std::string>(), c.submission_id))
        return Error::Local("submission index entry for " + source.id + " is unreadable");
      c.revision = j.value("revision", 0u) + 1;
    } else {
      crypto::FillRandom(c.submission_id.data(), c.submission_id.size());
    }
  }
  c.type = source.type;
  c.created_unix = platform::UnixTimeNow();
  crypto::SigningKeyPair author = crypto::DeriveParticipantKey(kit_.identity_seed(), campaign.id);
  c.author_key = author.public_key();
  crypto::FillRandom(c.ack_secret.data(), c.ack_secret.size());
  c.content = std::move(source.content);
  crypto::WipeOnExit wipe_content(c.content);  // the early returns below included
  crypto::WipeOnExit wipe_ack_secret(c.ack_secret);
  // Attachments stream from their sealed chunks into the bundle.
  std::vector<AttachmentReader> readers;
  if (source.type == BundleType::kSubmission) {
    AttachmentStore attachments(kit_);
    STACCS_ASSIGN(auto held, attachments.ForDraft(source.id));
    for (const auto& a : held) {
      c.attachments.push_back(a.descriptor);
      readers.push_back(attachments.Reader(a.id));
    }
  }
  auto sealed = SealBundle(c, campaign, author, readers);
  if (!sealed) return std::move(sealed).error();

  BundleEnvelope env;
  STACCS_TRY(BundleStore(kit_).Put(sealed->bytes, /*own=*/true, &env, &sealed->id));
  OutboxEntry e;
  e.bundle_id = env.id_hex();
  e.campaign_id = campaign.id_hex();
  e.source_id = source.id;
  e.type = c.type;
  e.submission_id = ToHex(c.submission_id);
  e.revision = c.revision;
  e.sealed_unix = c.created_unix;
  e.ack_secret = c.ack_secret;
  json meta = {{"type", static_cast<int>(c.type)}, {"submission_id", e.submission_id}, {"revision", e.revision},
               {"ack_secret", ToHex(c.ack_secret)}};
  std::string meta_text = DumpJson(meta);
  crypto::WipeOnExit wipe_meta(meta_text);
  STACCS_ASSIGN(Statement put, kit_.db().Prepare(
      "INSERT INTO outbox(bundle_id, campaign_id, source_id, sealed_at, sealed) VALUES(?, ?, ?, ?, ?)"));
  put.Bind(1, e.bundle_id).Bind(2, e.campaign_id).Bind(3, e.source_id).Bind(4, e.sealed_unix)
      .Bind(5, kit_.SealRow("outbox", e.bundle_id, AsBytes(meta_text)));
  STACCS_TRY(put.Run());
  STACCS_TRY(PutIndexEntry(kit_, {e.source_id, e.campaign_id, e.submission_id, e.revision}));
  if (source.type == BundleType::kSubmission) {
    STACCS_ASSIGN(Statement state, kit_.db().Prepare("UPDATE drafts SET state = ? WHERE id = ?"));
    state.Bind(1, "sealed r" + std::to_string(e.revision)).Bind(2, e.source_id);
    STACCS_TRY(state.Run());
  }
  STACCS_TRY(tx.Commit());
  return e;
}

Result<std::vector<OutboxEntry>> Outbox::List() {
  std::vector<OutboxEntry> out;
  STACCS_TRY(ForEach([&](const OutboxEntry& e) -> Status {
    out.push_back(e);
    return {};
  }));
  return out;
}

Status Outbox::ForEach(const std::function<Status(const OutboxEntry&)>& visit) {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "SELECT bundle_id, campaign_id, source_id, sealed_at, received_at, sealed FROM outbox ORDER BY sealed_at, bundle_id"));
  STACCS_ASSIGN(Statement paths, kit_.db().Prepare(
      "SELECT path, state, at FROM bundle_paths WHERE bundle_id = ? ORDER BY at, path"));
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    OutboxEntry e;
    e.bundle_id = st.ColumnText(0);
    e.campaign_id = st.ColumnText(1);
    e.source_id = st.ColumnText(2);
    e.sealed_unix = st.ColumnInt(3);
    if (!st.ColumnIsNull(4)) e.received_unix = st.ColumnInt(4);
    STACCS_ASSIGN(crypto::WipedBytes plain, kit_.OpenRow("outbox", e.bundle_id, st.ColumnBlob(5)));
    json meta = json::parse(plain.begin(), plain.end(), nullptr, false);
    if (meta.is_discarded() || !FromHexInto(meta.value("ack_secret", ""), e.ack_secret))
      return Error::Local("outbox entry " + e.bundle_id + " is unreadable");
    e.type = static_cast<BundleType>(meta.value("type", 1));
    e.submission_id = meta.value("submission_id", "");
    e.revision = meta.value("revision", 0u);
    paths.Bind(1, e.bundle_id);
    for (;;) {
      STACCS_ASSIGN(bool p, paths.Step());
      if (!p) break;
      e.paths.push_back({paths.ColumnText(0), paths.ColumnText(1), paths.ColumnInt(2)});
    }
    paths.Reset();
    STACCS_TRY(visit(e));
  }
  return {};
}

Result<std::vector<SubmissionIndexEntry>> Outbox::SubmissionIndex() {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare("SELECT source_id, sealed FROM submission_index ORDER BY source_id"));
  std::vector<SubmissionIndexEntry> out;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    SubmissionIndexEntry e;
    e.source_id = st.ColumnText(0);
    STACCS_ASSIGN(crypto::WipedBytes plain, kit_.OpenRow("submission_index", e.source_id, st.ColumnBlob(1)));
    json j = json::parse(plain.begin(), plain.end(), nullptr, false);
    if (j.is_discarded()) return Error::Local("submission index entry for " + e.source_id + " is unreadable");
    e.submission_id = j.value("submission_id", "");
    e.revision = j.value("revision", 0u);
    e.campaign_id = j.value("campaign_id", "");
    out.push_back(std::move(e));
  }
  return out;
}


Status Outbox::RestoreSubmissionIndex(const std::vector<SubmissionIndexEntry>& entries) {
  STACCS_ASSIGN(auto tx, Transaction::Begin(kit_.db()));
  for (const auto& e : entries) STACCS_TRY(PutIndexEntry(kit_, e));
  return tx.Commit();
}

Result<SubmissionIndexEntry> Outbox::ContinueSubmission(const std::string& source_id, std::string_view prefix) {
  STACCS_ASSIGN(auto index, SubmissionIndex());
  const SubmissionIndexEntry* found = nullptr;
  for (const auto& e : index) {
    if (e.submission_id.compare(0, prefix.size(), prefix) != 0) continue;
    // The same submission may be listed under several sources: take its latest revision.
    if (found && found->submission_id != e.submission_id)
      return Error::Usage("submission id " + std::string(prefix) + " is ambiguous: give more characters");
    if (!found || e.revision > found->revision) found = &e;
  }
  if (prefix.size() < 8 || !found) return Error::Usage("no earlier submission with id " + std::string(prefix));
  SubmissionIndexEntry next = *found;
  next.source_id = source_id;
  STACCS_TRY(PutIndexEntry(kit_, next));
  return next;
}

Result<std::size_t> Outbox::MarkReceived(const ReceivedLog& log) {
  return MarkReceived(log.campaign_id, ReceivedLogIndex(log.entries));
}

Result<std::size_t> Outbox::MarkReceived(const crypto::Hash32& campaign_id, const ReceivedLogIndex& log) {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "SELECT bundle_id, sealed FROM outbox WHERE campaign_id = ? AND received_at IS NULL ORDER BY bundle_id"));
  st.Bind(1, ToHex(campaign_id));
  std::vector<std::string> acknowledged;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    std::string bundle_id = st.ColumnText(0);
    crypto::Hash32 bid{};
    if (!FromHexInto(bundle_id, bid)) return Error::Local("outbox entry " + bundle_id + " has a malformed id");
    if (!log.Lists(bid)) continue;  // most entries: no need to open the sealed row
    STACCS_ASSIGN(crypto::WipedBytes plain, kit_.OpenRow("outbox", bundle_id, st.ColumnBlob(1)));
    json meta = json::parse(plain.begin(), plain.end(), nullptr, false);
    std::array<std::uint8_t, 32> ack_secret{};
    crypto::WipeOnExit wipe_ack_secret(ack_secret);
    if (meta.is_discarded() || !FromHexInto(meta.value("ack_secret", ""), ack_secret))
      return Error::Local("outbox entry " + bundle_id + " is unreadable");
    const bool mine = log.Acknowledges(bid, AckTag(ack_secret));
    if (mine) acknowledged.push_back(std::move(bundle_id));
  }
  STACCS_ASSIGN(Statement mark, kit_.db().Prepare("UPDATE outbox SET received_at = ? WHERE bundle_id = ?"));
  const std::int64_t now = platform::UnixTimeNow();
  for (const auto& id : acknowledged) {
    mark.Bind(1, now).Bind(2, id);
    STACCS_TRY(mark.Run());
  }
  return acknowledged.size();
}

}  // namespace staccs::core
