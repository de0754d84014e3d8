// The received-logs a kit holds, one per campaign, and what follows from a newer one: the
// participant's outbox entries it acknowledges become "received", and every bundle it lists
// is dropped from the kit (an organiser stops carrying it).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"
#include "staccs/core/received_log.h"

namespace staccs::core {

struct LogOffer {
  enum class Outcome { kNewer, kUnchanged } outcome = Outcome::kUnchanged;
  std::uint64_t sequence = 0;
  std::size_t marked_received = 0;  // own bundles now acknowledged
  std::size_t dropped = 0;          // bundles no longer carried
};

class ReceivedLogStore {
 public:
  explicit ReceivedLogStore(Kit& kit) : kit_(kit) {}

  // Verifies the log against its campaign (which the kit must hold), refuses an older one or
  // one that does not extend the held one, stores it and applies it. One transaction.
  Result<LogOffer> Offer(ByteView file);
  // For the secretariat's own next log: `log` is what `file` says, built by this kit from the
  // held log plus new entries and signed by it, so it is neither parsed again nor compared with
  // the held one (each is a copy of the whole log: 6.4 MB at 10^5 entries). Stored and applied
  // as Offer does.
  Result<LogOffer> OfferOwn(ByteView file, ReceivedLog log);
  Result<std::optional<ReceivedLog>> Get(const std::string& campaign_id);
  // The held log's bytes as stored (parsed when they were offered), if any.
  Result<std::optional<Bytes>> File(const std::string& campaign_id);
  // (campaign id, file bytes) of every held log.
  Result<std::vector<std::pair<std::string, Bytes>>> Files();

 private:
  Result<LogOffer> Store(ByteView file, ReceivedLog log, const std::string& campaign_id);
  Kit& kit_;
};

}  // namespace staccs::core
