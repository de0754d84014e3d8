// Sending what a kit carries to the campaigns' relays (SPEC §4, opportunistic sync): for each
// campaign, the relays in the campaign's order (or one given by hand); ask which bundles the
// relay lacks, upload those with tus (creation-with-upload: one request on a link that holds,
// resumed from the relay's offset when it does not), and keep each receipt, checked against
// the relay key the campaign lists.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/campaign.h"
#include "staccs/core/kit.h"
#include "staccs/sync/http_client.h"
#include "staccs/sync/transfer_progress.h"

namespace staccs::sync {

struct SyncReport {
  std::size_t uploaded = 0;
  std::size_t already_there = 0;
  std::size_t receipts_verified = 0;
  std::size_t receipts_unverified = 0;  // the campaign lists no key for that relay
  std::vector<std::string> relays_reached;
  std::vector<std::string> problems;  // one line each: relay or bundle, and the reason
  std::size_t marked_received = 0, dropped = 0;  // from received-logs fetched
  bool budget_reached = false;
  std::uint64_t bytes_sent = 0, bytes_received = 0;
};

struct SyncOptions {
  std::optional<std::string> relay;  // instead of the campaigns' own relay lists
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
};

// What a sender holds: a kit, or a relay forwarding to its upstream. The same engine sends both.
class Carrier {
 public:
  struct Item {
    std::string id;
    std::string campaign_id;
    bool own = false;
  };
  virtual ~Carrier() = default;
  virtual Result<std::vector<Item>> ToSend() = 0;
  virtual Result<Bytes> Read(const std::string& id) = 0;
  virtual Result<core::Campaign> CampaignFor(const std::string& campaign_id) = 0;
  virtual Status Receipted(const Item& item, const std::string& relay, bool verified) = 0;
  virtual Status OfferLog(ByteView file, SyncReport& report) = 0;
  // The sequence number of the campaign's received-log held here, if any: the relay is asked
  // for the log only if it has a newer one.
  virtual std::optional<std::uint64_t> HeldLogSequence(const std::string& campaign_id) = 0;
};

Result<SyncReport> SendBundles(Carrier& carrier, const SyncOptions& options);

// Returns an Unreachable error only if there was something to send and no relay answered.
// Also fetches each campaign's received-log from the relay that answered and applies it.
Result<SyncReport> SendToRelays(core::Kit& kit, const SyncOptions& options);

struct PullReport {
  std::size_t bundles_new = 0, bundles_duplicate = 0, logs_published = 0;
  std::vector<std::string> problems;
};

// Secretariat: pulls the bundles of every campaign this kit owns from its relays (or
// options.relay), each request carrying a pull proof; stores them for CollectHeldBundles.
Result<PullReport> PullFromRelays(core::Kit& kit, const SyncOptions& options);
// Secretariat: puts each owned campaign's received-log on its relays.
Result<PullReport> PublishReceivedLogs(core::Kit& kit, const SyncOptions& options);

}  // namespace staccs::sync
