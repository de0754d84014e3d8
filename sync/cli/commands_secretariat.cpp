// collect, compile
#include <ostream>

#include "commands.h"
#include "staccs/core/collection.h"
#include "staccs/core/publication.h"
#include "staccs/sync/stick_transfer.h"

namespace staccs::cli {

Status CmdCollect(Context& ctx) {
  if (ctx.args.Get("relay")) return Error::Usage("collect --relay: relays are not supported by this version yet");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  sync::StickOptions options = StickOptionsFrom(ctx.args);
  auto from = ctx.args.Get("from");
  if (from) {
    STACCS_ASSIGN(auto r, sync::ImportFromStick(kit, *from, options));
    ctx.out << "from " << *from << ": " << r.bundles_new << " new bundles, " << r.bundles_duplicate
            << " duplicates, " << r.rejected.size() << " rejected\n";
    for (const auto& why : r.rejected) ctx.err << "rejected: " << why << "\n";
  }
  STACCS_ASSIGN(core::CollectReport report, core::CollectHeldBundles(kit));
  ctx.out << "opened " << report.opened << " bundles, rejected " << report.rejected << "\n";
  for (const auto& why : report.rejections) ctx.err << "rejected: " << why << "\n";
  for (const auto& id : report.logs_updated) ctx.out << "received-log updated for campaign " << id << "\n";
  if (from) {
    // The new received-logs go back on the same stick, for organisers and participants.
    options.bundles = false;
    STACCS_ASSIGN(auto written, sync::ExportToStick(kit, *from, options));
    if (!written.stopped.empty()) return Error::Local("could not write the received-log back: " + written.stopped);
    ctx.out << "wrote " << written.logs_written << " received-logs to " << *from << "\n";
  }
  return {};
}

Status CmdCompile(Context& ctx) {
  STACCS_ASSIGN(std::string campaign, ctx.args.Require("campaign"));
  STACCS_ASSIGN(std::string format_name, ctx.args.Require("format"));
  STACCS_ASSIGN(std::string out, ctx.args.Require("out"));
  auto format = core::ParsePublicationFormat(format_name);
  if (!format) return Error::Usage("--format is one of html, md, csv, json");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  std::optional<std::filesystem::path> attachments;
  if (auto dir = ctx.args.Get("attachments")) attachments = std::filesystem::path(*dir);
  STACCS_ASSIGN(std::string text, core::CompilePublication(kit, campaign, *format, attachments ? &*attachments : nullptr));
  STACCS_TRY(WriteOutputFile(out, AsBytes(text)));
  ctx.out << out << "\n";
  return {};
}

}  // namespace staccs::cli
