#include "staccs/core/schema.h"

#include <string>

namespace staccs::core {

namespace {

// Version 1: the first store. Only ids, times and states are in the clear; every user field
// lives in a `sealed` blob (Kit::SealRow).
constexpr const char* kVersion1 = R"sql(
CREATE TABLE sealed_values(name TEXT PRIMARY KEY, sealed BLOB NOT NULL);
CREATE TABLE campaigns(
  id TEXT PRIMARY KEY,
  sequence INTEGER NOT NULL,
  imported_at INTEGER NOT NULL,
  sealed_file BLOB NOT NULL);
CREATE TABLE campaign_secrets(
  campaign_id TEXT PRIMARY KEY REFERENCES campaigns(id),
  sealed BLOB NOT NULL);
CREATE TABLE drafts(
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  save_count INTEGER NOT NULL,
  sealed BLOB NOT NULL);
CREATE TABLE practices(
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  sealed BLOB NOT NULL);
)sql";

// Version 2: per-kit settings (language, font size, sync budget…), sealed like everything
// else, and an index for the per-campaign listings.
constexpr const char* kVersion2 = R"sql(
CREATE TABLE settings(key TEXT PRIMARY KEY, sealed BLOB NOT NULL);
CREATE INDEX drafts_by_campaign ON drafts(campaign_id, created_at);
CREATE INDEX practices_by_campaign ON practices(campaign_id, created_at);
)sql";

// Version 3: bundles and where they are. `bundles` holds sealed bundles as they travel (the
// kit's own and those it carries for others; they are already encrypted for the campaign),
// `outbox` what this kit sealed itself, `received` what a secretariat opened.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE bundles(
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  stored_at INTEGER NOT NULL,
  own INTEGER NOT NULL,
  dropped_at INTEGER,
  bytes BLOB);
CREATE INDEX bundles_by_campaign ON bundles(campaign_id);
CREATE TABLE outbox(
  bundle_id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  sealed_at INTEGER NOT NULL,
  received_at INTEGER,
  sealed BLOB NOT NULL);
CREATE TABLE bundle_paths(
  bundle_id TEXT NOT NULL,
  path TEXT NOT NULL,
  state TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY(bundle_id, path));
CREATE TABLE submission_index(source_id TEXT PRIMARY KEY, sealed BLOB NOT NULL);
CREATE TABLE received(
  bundle_id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  ack_tag TEXT,
  rejected TEXT,
  sealed BLOB);
CREATE TABLE received_logs(campaign_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL, bytes BLOB NOT NULL);
)sql";

// Version 4: attachments, kept in sealed 64 KiB chunks so that none has to sit whole in memory
// on its way into a bundle, and, for a secretariat, those received.
constexpr const char* kVersion4 = R"sql(
CREATE TABLE attachments(
  id TEXT PRIMARY KEY,
  draft_id TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  size INTEGER NOT NULL,
  sealed_meta BLOB NOT NULL);
CREATE INDEX attachments_by_draft ON attachments(draft_id, added_at);
CREATE TABLE attachment_chunks(
  attachment_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  sealed BLOB NOT NULL,
  PRIMARY KEY(attachment_id, idx));
CREATE TABLE received_attachments(
  bundle_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  size INTEGER NOT NULL,
  sealed_meta BLOB NOT NULL,
  PRIMARY KEY(bundle_id, idx));
CREATE TABLE received_attachment_chunks(
  bundle_id TEXT NOT NULL,
  attachment_idx INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  sealed BLOB NOT NULL,
  PRIMARY KEY(bundle_id, attachment_idx, idx));
)sql";

// Version 5: bundles in the order they are passed on, so a stick export or a sync walks them a
// page at a time from the index instead of sorting all of them (10^5 at a forum-sized campaign).
constexpr const char* kVersion5 = R"sql(
CREATE INDEX bundles_by_stored ON bundles(stored_at, id);
)sql";

// kMigrations[v] moves a store from version v to v + 1.
const char* const kMigrations[] = {kVersion1, kVersion2, kVersion3, kVersion4, kVersion5};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

}  // namespace

Status MigrateSchema(Database& db) {
  STACCS_ASSIGN(std::int64_t version, db.UserVersion());
  if (version > kSchemaVersion)
    return Error::Local("this kit was written by a newer version of STACCS (store version " +
                        std::to_string(version) + "); update the kit to open it");
  for (auto v = version; v < kSchemaVersion; ++v) {
    STACCS_ASSIGN(auto tx, Transaction::Begin(db));
    STACCS_TRY(db.Exec(kMigrations[v]));
    STACCS_TRY(db.Exec("PRAGMA user_version=" + std::to_string(v + 1)));
    STACCS_TRY(tx.Commit());
  }
  return {};
}

}  // namespace staccs::core
