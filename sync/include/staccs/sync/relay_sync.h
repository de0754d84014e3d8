// Sending what a kit carries to the campaigns' relays (SPEC §4, opportunistic sync): for each
// campaign, the relays in the campaign's order (or one given by hand); ask which bundles the
// relay lacks (a page of ids at a time), upload those with tus (creation-with-upload: one
// request on a link that holds, resumed from the relay's offset when it does not), and keep
// each receipt, checked against the relay key the campaign lists. Every answer read is capped
// in size for its endpoint; every byte that crossed the link counts against the data budget.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/campaign.h"
#include "staccs/core/kit.h"
#include "staccs/crypto/secret.h"
#include "staccs/sync/http_client.h"
#include "staccs/sync/transfer_progress.h"

namespace staccs::sync {

// With every received-log answer a relay that holds the campaign's file tells its sequence in
// this header (docs/RELAY_API.md), so an idle sync stays one request; HttpResponse::Header
// takes it in lower case.
inline constexpr const char* kCampaignSequenceHeader = "Staccs-Campaign-Sequence";
inline constexpr const char* kCampaignSequenceHeaderLower = "staccs-campaign-sequence";

struct SyncReport {
  std::size_t uploaded = 0;
  std::size_t already_there = 0;
  std::size_t receipts_verified = 0;
  std::size_t receipts_unverified = 0;  // the campaign lists no key for that relay
  std::vector<std::string> relays_reached;
  std::vector<std::string> problems;  // one line each: relay or bundle, and the reason
  std::size_t marked_received = 0, dropped = 0;  // from received-logs fetched
  bool budget_reached = false;
  // Bundles that were to be sent and got no receipt in this run for a reason other than the
  // data budget (a relay refused, or the link failed after the retries): the run failed for
  // them, and staccs-cli says so in its exit code.
  std::size_t not_sent = 0;
  bool relay_refused = false;  // some relay answered a request with a refusal (4xx/5xx)
  std::uint64_t bytes_sent = 0, bytes_received = 0;
  // Campaign files: later sequences taken from relays (and imported), and this side's later
  // file put to relays that held an earlier one or none.
  std::size_t campaigns_updated = 0, campaigns_handed_on = 0;
};

// Bytes a run moved over the link, counted also when it fails (the budget is spent either way).
struct LinkUsage {
  std::uint64_t sent = 0, received = 0;
};

struct SyncOptions {
  std::optional<std::string> relay;  // instead of the campaigns' own relay lists
  // With relay: its receipt key as the user pinned it (collect --relay URL#KEY), used over any
  // key the campaign lists for that URL; lets a secretariat pull from a relay no campaign lists.
  std::optional<crypto::SigningPublicKey> relay_key;
  HttpOptions http;
  // Fetch these campaigns' received-logs even when there is nothing to send (a relay
  // forwarding upstream keeps its own copy current for its downstream clients).
  std::vector<std::string> campaigns_for_logs;
  bool fetch_logs_always = false;
  int resume_attempts = 64;
  // Bytes (sent and received) this run may use: the rest of today's data budget.
  std::uint64_t byte_allowance = UINT64_MAX;  // a link that drops every 32 KiB needs ~35 for a 1 MiB bundle
  // Optional: bundles handled and bytes sent, for a progress bar; a cancel request stops the
  // run before the next bundle (the one in flight finishes or resumes next time).
  TransferProgress* progress = nullptr;
  // Bundles listed at once, and ids per "lacks" request (the relay takes at most 10,000).
  std::size_t lacks_page_size = 1000;
  // Pages of a secretariat pull per relay and campaign in one run (500 bundles a page).
  std::size_t max_pull_pages = 4096;
  // When set, the bytes this run moved are added here, whether it succeeds or not.
  LinkUsage* usage = nullptr;
};

// What a sender holds: a kit, or a relay forwarding to its upstream. The same engine sends both.
class Carrier {
 public:
  struct Item {
    std::string id;
    std::string campaign_id;
    bool own = false;
    std::int64_t cursor = 0;  // where the next page of ToSend starts
  };
  virtual ~Carrier() = default;
  // The campaigns with something to send, and how many of a campaign's bundles are to send.
  virtual Result<std::vector<std::string>> CampaignsToSend() = 0;
  virtual Result<std::size_t> CountToSend(const std::string& campaign_id) = 0;
  // One page of a campaign's bundles to send: up to `limit` whose cursor is above `after`, in
  // cursor order. The engine walks a campaign a page at a time, so its memory does not grow
  // with what is carried, and lists them only after the campaign's received-log is applied,
  // so what the secretariat has is not sent.
  virtual Result<std::vector<Item>> ToSend(const std::string& campaign_id, std::int64_t after, std::size_t limit) = 0;
  virtual Result<Bytes> Read(const std::string& id) = 0;
  virtual Result<core::Campaign> CampaignFor(const std::string& campaign_id) = 0;
  virtual Status Receipted(const Item& item, const std::string& relay, bool verified) = 0;
  virtual Status OfferLog(ByteView file, SyncReport& report) = 0;
  // The campaign's received-log held here (bytes parsed when they were stored), if any: the
  // relay is asked only for a newer one, and only for the entries after those held.
  virtual std::optional<Bytes> HeldLog(const std::string& campaign_id) = 0;
  // The campaign file held here (its latest sequence), and a later one fetched from a relay:
  // a kit imports it under the sequence rule, a relay keeps it to hand on.
  virtual std::optional<Bytes> HeldCampaignFile(const std::string& campaign_id) = 0;
  virtual Status OfferCampaignFile(ByteView file, SyncReport& report) = 0;
  // The secret this sender's upload tokens are derived from (UploadTokenFor): only it can
  // find, resume or cancel its uploads at a relay.
  virtual const crypto::SecretBytes& UploadKey() = 0;
};

// An upload's capability: 32 hex digits from a keyed hash of the relay's URL and the bundle
// id under `key`. The same sender gets the same token for the same bundle at the same relay,
// so after a cut — even one that swallowed the answer to its creation request — it asks for
// the upload it made; anyone else, even holding the bundle, cannot name it.
std::string UploadTokenFor(const crypto::SecretBytes& key, const std::string& relay_url, const std::string& bundle_id);
// The upload key of a kit: derived from its identity seed (restored with a key backup, so a
// restored kit still resumes its uploads).
crypto::SecretBytes KitUploadKey(const core::Kit& kit);

Result<SyncReport> SendBundles(Carrier& carrier, const SyncOptions& options);

// Returns an Unreachable error only if there was something to send and no relay answered;
// bundles a relay refused are counted in not_sent. Also fetches each campaign's received-log
// from the relay that answered and applies it.
Result<SyncReport> SendToRelays(core::Kit& kit, const SyncOptions& options);

struct PullReport {
  std::size_t bundles_new = 0, bundles_duplicate = 0, logs_published = 0, campaigns_published = 0;
  std::size_t requests_ok = 0, requests_failed = 0;  // list and bundle fetches
  std::vector<std::string> problems;
  std::vector<std::string> notes;  // what the user should know though nothing failed
};

// Secretariat: pulls the bundles of every campaign this kit owns from its relays (or
// options.relay), each request carrying a pull proof; stores them for CollectHeldBundles.
// A relay that repeats or does not advance its cursor, or lists more than max_pull_pages
// pages, is left with a problem. An error when pulls were tried and every one failed
// (Unreachable if no relay answered at all).
Result<PullReport> PullFromRelays(core::Kit& kit, const SyncOptions& options);
// Secretariat: puts each owned campaign's received-log on its relays.
Result<PullReport> PublishReceivedLogs(core::Kit& kit, const SyncOptions& options);
// Secretariat: puts each owned campaign's latest file (campaign update) on its relays, which
// hand it to kits at their next sync and to other relays as they forward.
Result<PullReport> PublishCampaignFiles(core::Kit& kit, const SyncOptions& options);

}  // namespace staccs::sync
