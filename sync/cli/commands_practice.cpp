// practice add | edit | show | list | search
#include <ostream>

#include "commands.h"
#include "staccs/core/practice_store.h"

namespace staccs::cli {

namespace {

Result<core::PracticeContent> ReadPractice(const std::string& path) {
  STACCS_ASSIGN(std::string text, ReadTextFile(path));
  auto content = core::ParsePracticeFile(text);
  if (!content) return std::move(content).error().Within(path);
  return content;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void PrintLine(std::ostream& out, const core::Practice& p) {
  out << p.id << "\t" << core::PhaseId(p.content.phase) << "\t" << core::KindId(p.content.kind) << "\t"
      << p.content.title << "\n";
}

Result<core::PracticeFilter> FilterFrom(const Args& args) {
  core::PracticeFilter f;
  if (auto phase = args.Get("phase")) {
    f.phase = core::ParsePhase(*phase);
    if (!f.phase) return Error::Usage("--phase is one of preparing, prevention, resilience, mitigation, recovery");
  }
  if (auto kind = args.Get("kind")) {
    f.kind = core::ParseKind(*kind);
    if (!f.kind) return Error::Usage("--kind is one of good-practice, gap, literature");
  }
  f.actor = args.Get("actor").value_or("");
  f.country = args.Get("country").value_or("");
  return f;
}

}  // namespace

Status CmdPracticeAdd(Context& ctx) {
  STACCS_ASSIGN(std::string campaign, ctx.args.Require("campaign"));
  STACCS_ASSIGN(std::string file, ctx.args.Require("file"));
  STACCS_ASSIGN(core::PracticeContent content, ReadPractice(file));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::PracticeStore store(kit);
  STACCS_ASSIGN(core::Practice p, store.Add(campaign, content));
  ctx.out << p.id << "\n";
  return {};
}

Status CmdPracticeEdit(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli practice edit ID --file FILE");
  STACCS_ASSIGN(std::string file, ctx.args.Require("file"));
  STACCS_ASSIGN(core::PracticeContent content, ReadPractice(file));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::PracticeStore store(kit);
  STACCS_ASSIGN(core::Practice p, store.Get(ctx.args.positional[0]));
  STACCS_TRY(store.Save(p.id, content));
  ctx.out << p.id << "\n";
  return {};
}

Status CmdPracticeShow(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli practice show ID");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::PracticeStore store(kit);
  STACCS_ASSIGN(core::Practice p, store.Get(ctx.args.positional[0]));
  const auto& c = p.content;
  ctx.out << "practice:  " << p.id << "\ncampaign:  " << p.campaign_id << "\ntitle:     " << c.title
          << "\nkind:      " << core::KindId(c.kind) << "\nphase:     " << core::PhaseLabel(c.phase)
          << "\nactors:    " << Join(c.actors) << "\ncountries: " << Join(c.countries)
          << "\nsources:   " << Join(c.sources) << "\n\n" << c.description << "\n";
  return {};
}

Status CmdPracticeList(Context& ctx) {
  STACCS_ASSIGN(core::PracticeFilter filter, FilterFrom(ctx.args));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::PracticeStore store(kit);
  // A scan, not an index: a one-shot command would build the index only to use it once.
  STACCS_ASSIGN(auto found, store.Search("", filter));
  for (const core::Practice& p : found) PrintLine(ctx.out, p);
  return {};
}

Status CmdPracticeSearch(Context& ctx) {
  if (ctx.args.positional.empty()) return Error::Usage("usage: staccs-cli practice search QUERY");
  std::string query;
  for (const auto& w : ctx.args.positional) query += (query.empty() ? "" : " ") + w;
  STACCS_ASSIGN(core::PracticeFilter filter, FilterFrom(ctx.args));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::PracticeStore store(kit);
  STACCS_ASSIGN(auto found, store.Search(query, filter));
  for (const core::Practice& p : found) PrintLine(ctx.out, p);
  return {};
}

}  // namespace staccs::cli
