// practice template | add | edit | export | show | list | search | delete
#include <ostream>

#include "commands.h"
#include "staccs/core/campaign_store.h"
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

Status CmdPracticeTemplate(Context& ctx) {
  STACCS_ASSIGN(std::string out, ctx.args.Require("out"));
  STACCS_TRY(RefuseExisting(out));
  STACCS_TRY(WriteOutputFile(out, AsBytes(core::WritePracticeFile({}))));
  ctx.out << out << "\n";
  ctx.err << "Fill it in, then: staccs-cli practice add --campaign ID --file " << out << " --remove-source\n";
  return {};
}

Status CmdPracticeAdd(Context& ctx) {
  STACCS_ASSIGN(std::string campaign, ctx.args.Require("campaign"));
  STACCS_ASSIGN(std::string file, ctx.args.Require("file"));
  STACCS_ASSIGN(core::PracticeContent content, ReadPractice(file));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::PracticeStore store(kit);
  STACCS_ASSIGN(core::Practice p, store.Add(campaign, content));
  ctx.out << p.id << "\n";
  if (auto c = core::CampaignStore(kit).Get(p.campaign_id)) PrintDeadlineWarning(ctx.err, *c);
  return HandleSourceFile(ctx, file);
}

Status CmdPracticeEdit(Context& ctx) {
  STACCS_ASSIGN(std::string file, ctx.args.Require("file"));
  STACCS_ASSIGN(core::PracticeContent content, ReadPractice(file));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::PracticeStore store(kit);
  STACCS_ASSIGN(core::Practice p, store.Get(ctx.args.positional[0]));
  STACCS_TRY(store.Save(p.id, content));
  ctx.out << p.id << "\n";
  return HandleSourceFile(ctx, file);
}

Status CmdPracticeExport(Context& ctx) {
  STACCS_ASSIGN(std::string out, ctx.args.Require("out"));
  STACCS_TRY(RefuseExisting(out));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(core::Practice p, core::PracticeStore(kit).Get(ctx.args.positional[0]));
  std::string text = core::WritePracticeFile(p.content);
  crypto::WipeOnExit wipe_text(text);
  STACCS_TRY(WriteOutputFile(out, AsBytes(text)));
  ctx.out << out << "\n";
  ctx.err << out << " is plain text outside the kit's encryption. Read it back with: staccs-cli practice edit "
          << p.id.substr(0, 8) << " --file " << out << " --remove-source\n";
  return {};
}

Status CmdPracticeDelete(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::PracticeStore store(kit);
  STACCS_ASSIGN(core::Practice p, store.Get(ctx.args.positional[0]));
  STACCS_TRY(store.Delete(p.id));
  ctx.out << "deleted practice " << p.id << "\n";
  return {};
}

Status CmdPracticeShow(Context& ctx) {
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
