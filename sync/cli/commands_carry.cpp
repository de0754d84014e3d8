// carry: what an organiser's kit holds for others, by campaign.
#include <map>
#include <ostream>

#include "commands.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/carried_bundles.h"
#include "staccs/core/civil_date.h"
#include "staccs/core/text.h"

namespace staccs::cli {

namespace {

std::string Size(std::size_t bytes) {
  if (bytes < 10 * 1024) return std::to_string(bytes) + " B";
  if (bytes < 10 * 1024 * 1024) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes / (1024 * 1024)) + " MiB";
}

std::string Where(const core::BundlePath& p) {
  const auto colon = p.path.find(':');
  const std::string kind = p.path.substr(0, colon);
  return (kind == "stick" ? "stick " : kind == "relay" ? "relay " : "file ") +
         core::PrintableText(p.path.substr(colon + 1)) + " " + core::FormatUtcDate(p.at_unix);
}

}  // namespace

Status CmdCarry(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  const bool all = ctx.args.Has("all");
  STACCS_ASSIGN(auto carried, core::CarriedBundles(kit, all));
  core::CampaignStore campaigns(kit);
  std::map<std::string, std::vector<const core::CarriedBundle*>> by_campaign;
  for (const auto& b : carried) by_campaign[b.campaign_id].push_back(&b);
  if (by_campaign.empty()) {
    ctx.out << "this kit carries no bundles for others\n";
    return {};
  }
  for (const auto& [campaign_id, bundles] : by_campaign) {
    std::size_t total = 0, held = 0;
    for (const auto* b : bundles)
      if (!b->dropped_unix) {
        total += b->size;
        ++held;
      }
    std::string title;
    if (auto c = campaigns.Get(campaign_id)) title = c->title.Get("en");
    ctx.out << "campaign " << campaign_id.substr(0, 8) << " " << core::PrintableText(title) << ": " << held
            << " bundles held, " << Size(total) << "\n";
    for (const auto* b : bundles) {
      ctx.out << "  " << b->id.substr(0, 16) << "\t" << Size(b->size) << "\tarrived " << core::FormatUtcDate(b->arrived_unix)
              << "\t";
      if (b->dropped_unix) {
        ctx.out << "received by the secretariat: dropped " << core::FormatUtcDate(*b->dropped_unix) << "\n";
        continue;
      }
      ctx.out << "not yet in the received-log: kept until the secretariat's received-log lists it";
      std::string passed;
      for (const auto& p : b->passed_on) passed += (passed.empty() ? "" : ", ") + Where(p);
      ctx.out << (passed.empty() ? "; not passed on yet" : "; passed on to " + passed) << "\n";
    }
  }
  ctx.out << "Bundles are dropped once a received-log from the secretariat (on a stick, or fetched by 'sync') "
             "lists them; nobody on the way can read them.\n";
  return {};
}

}  // namespace staccs::cli
