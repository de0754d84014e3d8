// submit, outbox, usb export|import, bundle export|import, receipts
#include <cstdlib>
#include <ostream>

#include "commands.h"
#include "staccs/core/collection.h"
#include "staccs/sync/bundle_arrival.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/civil_date.h"
#include "staccs/core/outbox.h"
#include "staccs/core/submission.h"
#include "staccs/core/submission_state.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/received_log_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/text.h"
#include "staccs/sync/relay_sync.h"
#include "staccs/sync/sync_now.h"
#include "staccs/sync/sync_schedule.h"
#include "staccs/sync/stick_transfer.h"

namespace staccs::cli {

namespace {

void PrintImport(std::ostream& out, std::ostream& err, const sync::ImportReport& r) {
  out << "bundles: " << r.bundles_new << " new, " << r.bundles_duplicate << " already held, "
      << r.bundles_already_received << " already received by the secretariat, " << r.rejected.size() << " rejected\n";
  if (r.campaigns_new || r.campaigns_updated)
    out << "campaigns: " << r.campaigns_new << " new, " << r.campaigns_updated << " updated\n";
  if (r.logs_applied)
    out << "received-logs: " << r.logs_applied << " applied; " << r.marked_received << " of your bundles received, "
        << r.dropped << " carried bundles dropped\n";
  for (const auto& why : r.rejected) err << "rejected: " << core::PrintableText(why) << "\n";
}

}  // namespace

Status CmdSubmit(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli submit ID");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  // What may still identify the participant is said again before it is sealed for good.
  STACCS_ASSIGN(core::SubmissionPreview preview, core::PreviewSubmission(kit, ctx.args.positional[0]));
  for (const auto& item : preview.identifying)
    if (item.kind == core::IdentifyingItem::Kind::kAttachmentMetadata)
      ctx.err << "warning: " << core::DescribeIdentifying(item) << "\n";
  // Missing and over-long answers and a past deadline are said again; none stops the seal.
  if (auto campaign = core::CampaignStore(kit).Get(preview.campaign_id)) {
    PrintAnswerNotes(ctx.err, preview.notes, *campaign);
    PrintDeadlineWarning(ctx.err, *campaign);
  }
  STACCS_ASSIGN(core::OutboxEntry e, core::SubmitForSecretariat(kit, preview.source_id));
  ctx.out << e.bundle_id << "\n";
  ctx.err << "Sealed " << core::BundleTypeName(e.type) << " revision " << e.revision
          << " for the secretariat. Carry it with 'staccs-cli usb export DIR' or 'bundle export'.\n";
  return {};
}

namespace {

// --paths: one bundle and every path it took, one line each.
void PrintOutboxPaths(std::ostream& out, const core::OutboxEntry& e) {
  using core::PrintableText;
  const std::string head = e.bundle_id + "\t" + std::string(core::BundleTypeName(e.type)) + " " +
                           e.source_id.substr(0, 8) + " r" + std::to_string(e.revision) + "\t";
  out << head << "sealed " << core::FormatUtcDate(e.sealed_unix) << "\n";
  for (const auto& p : e.paths) {
    const auto colon = p.path.find(':');
    const std::string kind = p.path.substr(0, colon);
    out << head << (kind == "stick" ? "on stick " : kind == "relay" ? "at relay " : "as file ")
        << PrintableText(p.path.substr(colon + 1)) << " " << core::FormatUtcDate(p.at_unix)
        << (p.receipt_unverified() ? " (unverified receipt: the campaign lists no key for this relay)" : "") << "\n";
  }
  if (e.received_unix) out << head << "received by the secretariat " << core::FormatUtcDate(*e.received_unix) << "\n";
}

}  // namespace

Status CmdOutbox(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  if (ctx.args.Has("paths")) {
    // Streamed: one entry at a time, however many the kit sealed.
    return core::Outbox(kit).ForEach([&](const core::OutboxEntry& e) -> Status {
      PrintOutboxPaths(ctx.out, e);
      return {};
    });
  }
  STACCS_ASSIGN(auto entries, core::Outbox(kit).List());
  // One line per submission: its latest revision and the furthest that revision has gone.
  for (const core::SubmissionState& s : core::SubmissionStates(entries)) {
    ctx.out << s.submission_id.substr(0, 16) << "\t" << core::BundleTypeName(s.type) << " " << s.source_id.substr(0, 8)
            << " r" << s.revision << "\t" << core::SubmissionPlaceName(s.place);
    if (!s.where.empty()) ctx.out << " " << core::PrintableText(s.where);
    ctx.out << " " << core::FormatUtcDate(s.since_unix);
    if (s.receipt_unverified) ctx.out << " (unverified receipt)";
    ctx.out << "\n";
  }
  return {};
}

Status CmdUsbExport(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli usb export DIR");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(auto r, sync::ExportToStick(kit, std::filesystem::absolute(platform::PathFromUtf8(ctx.args.positional[0])), StickOptionsFrom(ctx.args)));
  ctx.out << "wrote " << r.bundles_written << " bundles (" << r.bundles_already_there << " already there, "
          << r.bundles_removed << " removed as received), " << r.campaigns_written << " campaigns, " << r.logs_written
          << " received-logs to stick " << core::PrintableText(r.label) << "\n";
  if (!r.stopped.empty())
    return Error::Local("export stopped after " + std::to_string(r.bundles_written) + " of " +
                        std::to_string(r.bundles_to_write) + " bundles: " + r.stopped +
                        ". What was written is complete and verified; nothing in the kit changed.");
  return {};
}

Status CmdUsbImport(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli usb import DIR");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(auto r, sync::ImportFromStick(kit, platform::PathFromUtf8(ctx.args.positional[0]), StickOptionsFrom(ctx.args)));
  PrintImport(ctx.out, ctx.err, r);
  return {};
}

Status CmdBundleExport(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli bundle export ID --out FILE");
  STACCS_ASSIGN(std::string out, ctx.args.Require("out"));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_TRY(sync::ExportBundleFile(kit, ctx.args.positional[0], platform::PathFromUtf8(out)));
  ctx.out << out << "\n";
  return {};
}

Status CmdBundleImport(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli bundle import FILE");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(sync::BundleArrival arrival, sync::ReceiveBundleFile(kit, platform::PathFromUtf8(ctx.args.positional[0])));
  PrintImport(ctx.out, ctx.err, arrival.imported);
  if (!arrival.opened) return {};
  const core::CollectReport& report = *arrival.opened;
  ctx.out << "opened " << report.opened << " bundles, rejected " << report.rejected << "\n";
  for (const auto& why : report.rejections) ctx.err << "set aside: " << core::PrintableText(why) << "\n";
  if (report.rejected)
    ctx.err << report.rejected << " bundles set aside, the rest opened: see 'staccs-cli set-aside list'\n";
  for (const auto& id : report.logs_updated) ctx.out << "received-log updated for campaign " << id << "\n";
  return {};
}

Status CmdSync(Context& ctx) {
  sync::SyncOptions options;
  options.relay = ctx.args.Get("relay");
  options.http.proxy = ctx.args.Get("proxy").value_or("");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(sync::SyncAttempt attempt,
                sync::RunSync(kit, options, sync::SyncTrigger::kManual, platform::UnixTimeNow()));
  if (!attempt.report) return std::move(attempt.report).error();
  const sync::SyncReport* report = &*attempt.report;
  const sync::SyncState& state = attempt.state;
  for (const auto& relay : report->relays_reached) ctx.out << "reached " << relay << "\n";
  ctx.out << "sent " << report->uploaded << " bundles, " << report->already_there << " already at the relay; "
          << report->receipts_verified << " receipts verified, " << report->receipts_unverified
          << " unverified (no relay key in the campaign); " << report->bytes_sent << " bytes sent, "
          << report->bytes_received << " received\n";
  if (report->marked_received || report->dropped)
    ctx.out << "received-logs: " << report->marked_received << " of your bundles received, " << report->dropped
            << " carried bundles dropped\n";
  if (report->campaigns_updated)
    ctx.out << "campaign updates: " << report->campaigns_updated
            << " taken from relays (see 'staccs-cli campaign list')\n";
  if (state.daily_budget_bytes)
    ctx.out << "today: " << state.bytes_sent_today + state.bytes_received_today << " of "
            << state.daily_budget_bytes << " bytes of the data budget used\n";
  for (const auto& p : report->problems) ctx.err << "problem: " << p << "\n";
  if (report->not_sent > 0) {
    const std::string what = std::to_string(report->not_sent) + " bundles could not be sent";
    return report->relay_refused ? Error::BadInput(what + ": a relay refused them (see the problems above)")
                                 : Error::Unreachable(what + ": the link failed (see the problems above)");
  }
  return {};
}

Status CmdSettingsSyncBudget(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli settings sync-budget BYTES|off");
  std::uint64_t budget = 0;
  if (ctx.args.positional[0] != "off") {
    const auto parsed = ParseDecimal(ctx.args.positional[0]);
    if (!parsed) return Error::Usage("sync-budget takes a number of bytes per day, or 'off'");
    budget = *parsed;
    if (budget < 16384) return Error::Usage("a budget under 16384 bytes could never carry a bundle");
  }
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(sync::SyncState state, sync::LoadSyncState(kit));
  state.daily_budget_bytes = budget;
  STACCS_TRY(sync::SaveSyncState(kit, state));
  ctx.out << (budget ? "sync uses at most " + std::to_string(budget) + " bytes a day (UTC)\n" : std::string("no data budget\n"));
  return {};
}

Status CmdReceipts(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(auto logs, core::ReceivedLogStore(kit).Files());
  STACCS_ASSIGN(auto outbox, core::Outbox(kit).List());
  for (const auto& [campaign_id, bytes] : logs) {
    STACCS_ASSIGN(std::optional<core::ReceivedLog> log, core::ReceivedLogStore(kit).Get(campaign_id));
    if (!log.has_value()) continue;
    std::size_t mine = 0;
    for (const auto& e : outbox) mine += e.campaign_id == campaign_id && e.received_unix ? 1 : 0;
    ctx.out << "received-log\t" << campaign_id << "\tsequence " << log->sequence << "\t" << log->entries.size()
            << " entries\t" << mine << " acknowledge your bundles\n";
  }
  for (const auto& e : outbox)
    if (e.received_unix) ctx.out << "acknowledged\t" << e.bundle_id << "\t" << core::FormatUtcDate(*e.received_unix) << "\n";
  return {};
}

}  // namespace staccs::cli
