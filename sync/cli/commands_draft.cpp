// draft template | new | edit | export | delete
#include <ostream>

#include "commands.h"
#include "staccs/core/answers_file.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/outbox.h"
#include "staccs/core/platform.h"

namespace staccs::cli {

namespace {

Result<core::AnswersFile> ReadAnswers(const std::string& path, const core::Campaign& campaign) {
  STACCS_ASSIGN(std::string text, ReadTextFile(path));
  auto file = core::ReadAnswersFile(text, campaign);
  if (!file) return std::move(file).error().Within(path);
  return file;
}

// The language to write a file in: --lang (one of the campaign's), else `preferred` if the
// campaign has it, else the campaign's first.
Result<std::string> LanguageFor(const Args& args, const core::Campaign& campaign, const std::string& preferred) {
  if (auto lang = args.Get("lang")) {
    STACCS_TRY(core::RequireLanguage(campaign, *lang));
    return *lang;
  }
  for (const auto& l : campaign.languages)
    if (l == preferred) return l;
  return campaign.languages.empty() ? std::string("en") : campaign.languages.front();
}

}  // namespace

// Warnings never block (SPEC §2): they go to stderr, the save or seal goes ahead.
void PrintAnswerNotes(std::ostream& err, const std::vector<core::AnswerNote>& notes, const core::Campaign& campaign) {
  for (const auto& note : notes) err << "warning: " << core::DescribeAnswerNote(note, campaign) << "\n";
}

void PrintDeadlineWarning(std::ostream& err, const core::Campaign& campaign) {
  if (core::DeadlineAt(campaign, platform::UnixTimeNow()).closed)
    err << "warning: the campaign " << core::DescribeDeadline(campaign, platform::UnixTimeNow())
        << ": the secretariat may no longer take answers in\n";
}

// After a draft or practice was saved from a plain-text file: remove it, or say it should go.
Status HandleSourceFile(Context& ctx, const std::string& path) {
  if (ctx.args.Has("remove-source")) {
    STACCS_TRY(platform::OverwriteAndRemove(platform::PathFromUtf8(path)));
    ctx.err << "Removed " << path << " (overwritten first; on flash media old copies may survive in the device).\n";
  } else {
    ctx.err << "The kit keeps this encrypted; " << path
            << " is plain text outside it: delete it (or give --remove-source next time).\n";
  }
  return {};
}

Status RefuseExisting(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(platform::PathFromUtf8(path), ec))
    return Error::Usage(path + " already exists: give another --out, or remove it first");
  return {};
}

Status CmdDraftTemplate(Context& ctx) {
  STACCS_ASSIGN(std::string campaign_id, ctx.args.Require("campaign"));
  STACCS_ASSIGN(std::string out, ctx.args.Require("out"));
  STACCS_TRY(RefuseExisting(out));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(core::Campaign campaign, core::CampaignStore(kit).Get(campaign_id));
  core::DraftContent blank;
  STACCS_ASSIGN(blank.language, LanguageFor(ctx.args, campaign, "en"));
  const std::string text = core::WriteAnswersFile(blank, campaign, blank.language);
  STACCS_TRY(WriteOutputFile(out, AsBytes(text)));
  ctx.out << out << "\n";
  ctx.err << "Write your answers under the headings, then: staccs-cli draft new --campaign "
          << campaign.id_hex().substr(0, 8) << " --answers " << out << " --remove-source\n";
  PrintDeadlineWarning(ctx.err, campaign);
  return {};
}

Status CmdDraftNew(Context& ctx) {
  STACCS_ASSIGN(std::string campaign_id, ctx.args.Require("campaign"));
  STACCS_ASSIGN(std::string answers, ctx.args.Require("answers"));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::CampaignStore campaigns(kit);
  STACCS_ASSIGN(core::Campaign campaign, campaigns.Get(campaign_id));
  STACCS_ASSIGN(core::AnswersFile file, ReadAnswers(answers, campaign));
  core::DraftStore drafts(kit);
  // The draft and its link to an earlier submission land together or not at all.
  STACCS_ASSIGN(auto tx, core::Transaction::Begin(kit.db()));
  STACCS_ASSIGN(core::Draft draft, drafts.Create(campaign.id_hex(), file.content));
  if (auto revises = ctx.args.Get("revises")) {
    STACCS_ASSIGN(auto entry, core::Outbox(kit).ContinueSubmission(draft.id, *revises));
    if (entry.campaign_id != campaign.id_hex())
      return Error::Usage("submission " + entry.submission_id.substr(0, 12) + "… belongs to another campaign");
    ctx.err << "When submitted, this draft becomes revision " << entry.revision + 1 << " of submission "
            << entry.submission_id.substr(0, 12) << "…\n";
  }
  STACCS_TRY(tx.Commit());
  ctx.out << draft.id << "\n";  // printed only once the commit is durable
  PrintAnswerNotes(ctx.err, file.notes, campaign);
  PrintDeadlineWarning(ctx.err, campaign);
  return HandleSourceFile(ctx, answers);
}

Status CmdDraftEdit(Context& ctx) {
  STACCS_ASSIGN(std::string answers, ctx.args.Require("answers"));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::DraftStore drafts(kit);
  STACCS_ASSIGN(core::Draft draft, drafts.Get(ctx.args.positional[0]));
  STACCS_ASSIGN(core::Campaign campaign, core::CampaignStore(kit).Get(draft.campaign_id));
  STACCS_ASSIGN(core::AnswersFile file, ReadAnswers(answers, campaign));
  STACCS_TRY(drafts.Save(draft.id, file.content));
  ctx.out << draft.id << "\n";
  PrintAnswerNotes(ctx.err, file.notes, campaign);
  return HandleSourceFile(ctx, answers);
}

Status CmdDraftExport(Context& ctx) {
  STACCS_ASSIGN(std::string out, ctx.args.Require("out"));
  STACCS_TRY(RefuseExisting(out));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(core::Draft draft, core::DraftStore(kit).Get(ctx.args.positional[0]));
  STACCS_ASSIGN(core::Campaign campaign, core::CampaignStore(kit).Get(draft.campaign_id));
  STACCS_ASSIGN(std::string lang, LanguageFor(ctx.args, campaign, draft.content.language));
  std::string text = core::WriteAnswersFile(draft.content, campaign, lang);
  crypto::WipeOnExit wipe_text(text);
  STACCS_TRY(WriteOutputFile(out, AsBytes(text)));
  ctx.out << out << "\n";
  ctx.err << out << " is plain text outside the kit's encryption. Read it back with: staccs-cli draft edit "
          << draft.id.substr(0, 8) << " --answers " << out << " --remove-source\n";
  return {};
}

Status CmdDraftDelete(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::DraftStore drafts(kit);
  STACCS_ASSIGN(core::Draft draft, drafts.Get(ctx.args.positional[0]));
  STACCS_TRY(drafts.Delete(draft.id));
  ctx.out << "deleted draft " << draft.id << "\n";
  if (draft.state != "draft")
    ctx.err << "What was sealed from it (" << draft.state
            << ") stays in the outbox; to withdraw it, seal a draft made with 'draft new --revises SUBMISSION_ID' "
               "and consent: do-not-publish.\n";
  return {};
}

}  // namespace staccs::cli
