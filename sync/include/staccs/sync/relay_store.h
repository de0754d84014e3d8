// The relay's storage (SPEC §4, §7): bundles appended to a segment log, an SQLite index, and
// a receipt signed with the relay's own key for each one, handed out only once the bundle and
// its index row are on disk. Concurrent stores share their flushes (group commit): the caller
// at the front of the queue appends what has queued up, flushes the segment once, commits the
// index rows in one transaction and then answers every waiting caller.
//
//   DIR/relay_key.bin        the receipt key (Ed25519 secret key, 0600; made on first use)
//   DIR/relay.db             index: bundle id → campaign, segment offset, size, time; the
//                            received-logs and the latest campaign files
//   DIR/segments/log-N.seg   the bundles, one after another (N grows with each compaction;
//                            the index names the current file)
//
// Thread-safe. Holds no sockets: the HTTP layer calls it.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/campaign.h"
#include "staccs/crypto/secret.h"
#include "staccs/crypto/signing.h"
#include "staccs/sync/relay_receipt.h"

namespace staccs::sync {

struct RelayLimits {
  std::size_t max_bundle_bytes = 64u << 20;
  std::uint64_t disk_quota_bytes = 8ull << 30;
  // A bundle nobody has confirmed receiving is dropped this long after it arrived: a relay is
  // a stop on the way, not an archive.
  std::int64_t retention_seconds = 30 * 86400;
  // Space of dropped bundles worth a compaction of the segment log.
  std::uint64_t compact_dead_bytes = 64ull << 20;
  // A partial upload nobody has written to for this long is dropped (its client starts over).
  std::int64_t partial_idle_seconds = 24 * 3600;
  // Partial uploads held at once; more creations are refused until some finish or expire.
  std::size_t max_partial_uploads = 10000;
};

struct CompactionReport {
  std::uint64_t bytes_before = 0, bytes_after = 0;
  std::size_t bundles_kept = 0;
};

class RelayStore {
 public:
  // Opens (or creates) the store in `dir`. Only bundles for `campaigns` are accepted. Every
  // folder and file it makes is flushed into its folder. The index is checked against the
  // segment: rows pointing past its end (or into a missing segment) are dropped, and each is
  // noted in startup_notes(), so the bundle is asked for again.
  static Result<std::unique_ptr<RelayStore>> Open(const std::filesystem::path& dir,
                                                  std::vector<core::Campaign> campaigns, RelayLimits limits = {});
  // Prints nothing, makes nothing but the key: for `staccs-relay --print-key`.
  static Result<crypto::SigningPublicKey> LoadOrCreateKey(const std::filesystem::path& dir);
  ~RelayStore();

  // Stores a bundle durably and returns its receipt (the same one, with the first time, if
  // the bundle was stored before). Refuses foreign campaigns, oversized bundles and a full quota.
  // `known_id`: the bundle's id if the caller has just hashed it (it is not hashed again).
  Result<Bytes> Store(ByteView bundle, const crypto::Hash32* known_id = nullptr);
  // Of `ids` (lowercase hex), those the relay does not hold.
  Result<std::vector<std::string>> Lacks(const std::vector<std::string>& ids);
  // A held bundle's bytes, checked against its id; damaged bytes are an error, and their
  // index row is dropped (the bundle is asked for again).
  Result<Bytes> Read(const std::string& id);
  // What Open found and repaired, one line each, for the relay's log.
  const std::vector<std::string>& startup_notes() const;

  // Secretariat pulls: bundles held for a campaign after `after` (a cursor: the relay's own
  // order of arrival), oldest first, at most `limit`, as (cursor, id).
  Result<std::vector<std::pair<std::int64_t, std::string>>> ListForCampaign(const std::string& campaign_id,
                                                                            std::int64_t after, std::size_t limit);
  // Remembers a pull proof's nonce durably; false if it was seen before (a replay).
  Result<bool> UseNonce(ByteView nonce, std::int64_t time_unix);
  // Received-logs, one per campaign: a newer one is kept if it extends the held one.
  Status OfferReceivedLog(ByteView file);
  Result<std::optional<Bytes>> ReceivedLogFile(const std::string& campaign_id);
  // Campaign files (SPEC §2), one per served campaign: the highest sequence offered, signed
  // by the campaign's own key (which an update cannot change), for kits and other relays to
  // fetch. An older sequence is kOlder; the same sequence with other bytes is refused.
  enum class CampaignOffer { kStored, kUnchanged, kOlder };
  Result<CampaignOffer> OfferCampaignFile(ByteView file);
  Result<std::optional<Bytes>> CampaignFile(const std::string& campaign_id);
  // Its sequence alone (0: none held), told with every received-log answer.
  Result<std::uint64_t> CampaignFileSequence(const std::string& campaign_id);
  const core::Campaign* Served(const std::string& campaign_id) const;
  const std::vector<core::Campaign>& campaigns() const;

  // Forwarding: held bundles not yet receipted by `upstream`, and marking them when they are.
  // What is still to forward to `upstream`, by campaign: one page of (rowid, id) above
  // `after_row` in rowid order, so a forwarding pass never lists every bundle held.
  Result<std::vector<std::pair<std::int64_t, std::string>>> ToForward(const std::string& upstream,
                                                                      const std::string& campaign_id,
                                                                      std::int64_t after_row, std::size_t limit);
  Result<std::vector<std::string>> CampaignsToForward(const std::string& upstream);
  Result<std::size_t> CountToForward(const std::string& upstream, const std::string& campaign_id);
  Status MarkForwarded(const std::string& id, const std::string& upstream);
  // Drops bundles held longer than the retention period; returns how many.
  Result<std::size_t> ExpireOld(std::int64_t now_unix);
  // Gives back the space of dropped bundles once there are at least `min_dead_bytes` of it:
  // live bundles are copied to a new segment, which then replaces the old one. Uploads and
  // reads go on meanwhile, pausing only for the final swap.
  Result<CompactionReport> Compact(std::uint64_t min_dead_bytes);
  const crypto::SigningPublicKey& receipt_key() const;
  // The key this relay's own upload tokens are derived from when it forwards upstream
  // (relay_sync.h UploadTokenFor): a keyed hash of its receipt key's seed, never the seed.
  crypto::SecretBytes UploadKey() const;
  std::uint64_t bytes_stored() const;
  // Group commits made since start (bundles stored / this = bundles per flush).
  std::uint64_t commit_batches() const;

 private:
  struct Impl;
  explicit RelayStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace staccs::sync
