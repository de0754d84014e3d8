// collect, set-aside list|discard|retry, compile
#include <charconv>
#include <ostream>

#include "commands.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/civil_date.h"
#include "staccs/core/collection.h"
#include "staccs/core/relay_address.h"
#include "staccs/core/publication.h"
#include "staccs/core/platform.h"
#include "staccs/core/set_aside.h"
#include "staccs/core/text.h"
#include "staccs/sync/relay_sync.h"
#include "staccs/sync/stick_transfer.h"

namespace staccs::cli {

namespace {

constexpr std::string_view kNotSecretariat =
    "only the secretariat's kit, which made the campaign (or restored its key backup), can open its bundles. "
    "To carry bundles for others, use 'usb import', 'usb export' and 'sync'";

// collect without a campaign key would open nothing and say "opened 0": say why instead.
Status RequireSomeSecretariat(core::Kit& kit) {
  STACCS_ASSIGN(bool holds, core::HoldsAnyCampaignSecrets(kit));
  if (holds) return {};
  return Error::Usage("this kit holds no campaign's keys, so it is not a campaign's secretariat: " +
                      std::string(kNotSecretariat));
}

}  // namespace

Status CmdCollect(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_TRY(RequireSomeSecretariat(kit));
  // From relays: the one given, or (without --from) the relays the campaigns list.
  sync::SyncOptions relay_options;
  if (auto relay = ctx.args.Get("relay")) {
    // URL#KEY pins the relay's key, so a relay no campaign lists (the secretariat's own
    // intake, which field relays forward to) can be pulled with a proof that names it.
    STACCS_ASSIGN(core::RelayEntry entry, core::ParseRelayAddress(*relay));
    relay_options.relay = entry.url;
    relay_options.relay_key = entry.receipt_key;
  }
  relay_options.http.proxy = ctx.args.Get("proxy").value_or("");
  const bool use_relays = relay_options.relay.has_value() || !ctx.args.Get("from");
  // When every pull failed, the rest (a stick, bundles already held) is still collected, and
  // the command then fails with the pull's reason.
  Status pulls;
  if (use_relays) {
    auto pulled = sync::PullFromRelays(kit, relay_options);
    if (pulled) {
      ctx.out << "from relays: " << pulled->bundles_new << " new bundles, " << pulled->bundles_duplicate << " already held\n";
      for (const auto& n : pulled->notes) ctx.err << "note: " << n << "\n";
      for (const auto& p : pulled->problems) ctx.err << "problem: " << p << "\n";
    } else {
      pulls = std::move(pulled).error();
    }
  }
  sync::StickOptions options = StickOptionsFrom(ctx.args);
  auto from = ctx.args.Get("from");
  if (from) {
    STACCS_ASSIGN(auto r, sync::ImportFromStick(kit, platform::PathFromUtf8(*from), options));
    ctx.out << "from " << *from << ": " << r.bundles_new << " new bundles, " << r.bundles_duplicate
            << " duplicates, " << r.rejected.size() << " rejected\n";
    for (const auto& why : r.rejected) ctx.err << "rejected: " << core::PrintableText(why) << "\n";
  }
  STACCS_ASSIGN(core::CollectReport report, core::CollectHeldBundles(kit));
  ctx.out << "opened " << report.opened << " bundles, rejected " << report.rejected << "\n";
  // A reason may quote the bundle (an attachment's name): outside text, printed escaped.
  for (const auto& why : report.rejections) ctx.err << "set aside: " << core::PrintableText(why) << "\n";
  if (report.rejected)
    ctx.err << report.rejected << " bundles set aside, the rest collected: see 'staccs-cli set-aside list'\n";
  for (const auto& id : report.logs_updated) ctx.out << "received-log updated for campaign " << id << "\n";
  if (use_relays && !report.logs_updated.empty()) {
    STACCS_ASSIGN(auto published, sync::PublishReceivedLogs(kit, relay_options));
    ctx.out << "published " << published.logs_published << " received-logs to relays\n";
    for (const auto& p : published.problems) ctx.err << "problem: " << p << "\n";
  }
  if (use_relays) {
    // The latest campaign files too: a relay that holds it already answers 204 and nothing
    // changes; one that held an earlier sequence (an update) now hands the new one out.
    STACCS_ASSIGN(auto published, sync::PublishCampaignFiles(kit, relay_options));
    if (published.campaigns_published > 0)
      ctx.out << "campaign files on relays: " << published.campaigns_published << "\n";
    for (const auto& p : published.problems) ctx.err << "problem: " << p << "\n";
  }
  if (from) {
    // The new received-logs go back on the same stick, for organisers and participants.
    options.bundles = false;
    STACCS_ASSIGN(auto written, sync::ExportToStick(kit, platform::PathFromUtf8(*from), options));
    if (!written.stopped.empty()) return Error::Local("could not write the received-log back: " + written.stopped);
    ctx.out << "wrote " << written.logs_written << " received-logs to " << *from << "\n";
  }
  return pulls;
}

Status CmdSetAsideList(Context& ctx) {
  if (!ctx.args.positional.empty()) return Error::Usage("usage: staccs-cli set-aside list");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(auto held, core::ListSetAside(kit));
  for (const auto& s : held)
    ctx.out << s.bundle_id << "\t" << s.campaign_id.substr(0, 16) << "\t" << core::FormatUtcDate(s.set_aside_unix) << "\t"
            << s.size << " bytes\t" << (s.not_opened ? "not opened" : "not recorded") << "\t"
            << core::PrintableText(s.reason) << "\n";
  return {};
}

Status CmdSetAsideDiscard(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli set-aside discard ID");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(std::string id, core::DiscardSetAside(kit, ctx.args.positional[0]));
  ctx.out << "discarded " << id << "\n";
  return {};
}

Status CmdSetAsideRetry(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli set-aside retry ID");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(std::string id, core::RetrySetAside(kit, ctx.args.positional[0]));
  ctx.out << id << " is pending again: the next 'collect' tries it\n";
  return {};
}

Status CmdCompile(Context& ctx) {
  STACCS_ASSIGN(std::string campaign, ctx.args.Require("campaign"));
  STACCS_ASSIGN(std::string format_name, ctx.args.Require("format"));
  STACCS_ASSIGN(std::string out, ctx.args.Require("out"));
  auto format = core::ParsePublicationFormat(format_name);
  if (!format) return Error::Usage("--format is one of html, md, csv, json");
  core::PublicationOptions options;
  if (auto dir = ctx.args.Get("attachments")) options.attachments_dir = platform::PathFromUtf8(*dir);
  if (auto size = ctx.args.Get("page-size")) {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(size->data(), size->data() + size->size(), n);
    if (ec != std::errc() || end != size->data() + size->size())
      return Error::Usage("--page-size is a number of contributions per HTML page (0: one page)");
    options.page_size = n;
  }
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(core::PublicationReport report, core::WritePublication(kit, campaign, *format, platform::PathFromUtf8(out), options));
  for (const auto& f : report.files) ctx.out << f.string() << "\n";
  ctx.out << report.contributions << " contributions and " << report.practices << " practice records published\n";
  for (const auto& why : report.left_out) ctx.err << "left out: " << why << "\n";
  return {};
}

}  // namespace staccs::cli
