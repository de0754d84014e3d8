#include "staccs/sync/sync_now.h"

#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/crypto/random.h"

namespace staccs::sync {

bool HasSomethingToSend(core::Kit& kit) {
  auto carried = core::BundleStore(kit).CountToCarry();
  return carried && *carried != 0;
}

Result<SyncAttempt> RunSync(core::Kit& kit, SyncOptions options, SyncTrigger trigger, std::int64_t now) {
  SyncAttempt attempt;
  STACCS_ASSIGN(attempt.state, LoadSyncState(kit));
  options.byte_allowance = BytesAllowedToday(attempt.state, now);
  if (options.byte_allowance == 0) {
    if (trigger == SyncTrigger::kScheduled) return attempt;
    return Error::Usage("today's data budget (" + std::to_string(attempt.state.daily_budget_bytes) +
                        " bytes) is used up: sync waits until tomorrow (UTC), or raise it with 'settings sync-budget'");
  }
  if (trigger == SyncTrigger::kScheduled && (!DueNow(attempt.state, now) || !HasSomethingToSend(kit))) return attempt;
  attempt.ran = true;
  // Asked for by hand, a sync also looks for campaign updates and word of arrival when there
  // is nothing to send (two small conditional requests per campaign; a closed one too, since
  // an update may move its deadline).
  if (trigger == SyncTrigger::kManual) {
    options.fetch_logs_always = true;
    if (auto campaigns = core::CampaignStore(kit).List())
      for (const auto& c : *campaigns) options.campaigns_for_logs.push_back(c.id_hex());
  }
  // The budget is spent by what crossed the link, whether or not the attempt succeeded.
  LinkUsage used;
  options.usage = &used;
  attempt.report = SendToRelays(kit, options);
  const bool reached = attempt.report.ok();
  RecordAttempt(attempt.state, reached && attempt.report->not_sent == 0, used.sent, used.received, now,
                crypto::RandomBelow(1u << 20) / static_cast<double>(1u << 20));
  STACCS_TRY(SaveSyncState(kit, attempt.state));
  if (!reached) {
    Error e = std::move(attempt.report).error();
    // Only the desktop client retries by itself; a manual attempt must not promise one.
    const std::string wait = std::to_string(attempt.state.next_attempt_unix - now) + " s";
    e.message += trigger == SyncTrigger::kScheduled ? " (next automatic attempt in " + wait + ")"
                                                    : " (nothing retries this by itself: run sync again; the desktop "
                                                      "client, while open, tries again in " + wait + ")";
    attempt.report = std::move(e);
  }
  return attempt;
}

}  // namespace staccs::sync
