// draft new | edit | list | show
#include <map>
#include <optional>
#include <ostream>

#include "commands.h"
#include "staccs/core/answers_file.h"
#include "staccs/core/attachment_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/outbox.h"

namespace staccs::cli {

namespace {

Result<core::DraftContent> ReadAnswers(const std::string& path, const core::Campaign& campaign) {
  STACCS_ASSIGN(std::string text, ReadTextFile(path));
  auto content = core::ParseAnswersFile(text, campaign);
  if (!content) return std::move(content).error().Within(path);
  return content;
}

// Limits warn, never block (SPEC §2): the warning goes to stderr, the save goes ahead.
void WarnOverLimits(std::ostream& err, const core::DraftContent& content, const core::Campaign& campaign) {
  core::DraftWordCounts counts = core::CountDraftWords(content, campaign);
  for (const auto& q : counts.per_question)
    if (q.over())
      err << "warning: answer to '" << q.question_id << "' has " << q.words << " words, over its limit of "
          << q.limit << " (saved anyway)\n";
  if (counts.total_over())
    err << "warning: " << counts.total << " words in all, over the campaign's limit of " << counts.total_limit
        << " (saved anyway)\n";
}

}  // namespace

Status CmdDraftNew(Context& ctx) {
  STACCS_ASSIGN(std::string campaign_id, ctx.args.Require("campaign"));
  STACCS_ASSIGN(std::string answers, ctx.args.Require("answers"));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::CampaignStore campaigns(kit);
  STACCS_ASSIGN(core::Campaign campaign, campaigns.Get(campaign_id));
  STACCS_ASSIGN(core::DraftContent content, ReadAnswers(answers, campaign));
  core::DraftStore drafts(kit);
  // The draft and its link to an earlier submission land together or not at all.
  STACCS_ASSIGN(auto tx, core::Transaction::Begin(kit.db()));
  STACCS_ASSIGN(core::Draft draft, drafts.Create(campaign.id_hex(), content));
  if (auto revises = ctx.args.Get("revises")) {
    STACCS_ASSIGN(auto entry, core::Outbox(kit).ContinueSubmission(draft.id, *revises));
    if (entry.campaign_id != campaign.id_hex())
      return Error::Usage("submission " + entry.submission_id.substr(0, 12) + "… belongs to another campaign");
    ctx.err << "When submitted, this draft becomes revision " << entry.revision + 1 << " of submission "
            << entry.submission_id.substr(0, 12) << "…\n";
  }
  STACCS_TRY(tx.Commit());
  WarnOverLimits(ctx.err, content, campaign);
  ctx.out << draft.id << "\n";  // printed only once the commit is durable
  return {};
}

Status CmdDraftEdit(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli draft edit ID --answers FILE");
  STACCS_ASSIGN(std::string answers, ctx.args.Require("answers"));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::DraftStore drafts(kit);
  STACCS_ASSIGN(core::Draft draft, drafts.Get(ctx.args.positional[0]));
  core::CampaignStore campaigns(kit);
  STACCS_ASSIGN(core::Campaign campaign, campaigns.Get(draft.campaign_id));
  STACCS_ASSIGN(core::DraftContent content, ReadAnswers(answers, campaign));
  STACCS_TRY(drafts.Save(draft.id, content));
  WarnOverLimits(ctx.err, content, campaign);
  ctx.out << draft.id << "\n";
  return {};
}

Status CmdDraftList(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::DraftStore drafts(kit);
  core::CampaignStore campaigns(kit);
  // Streamed, each campaign parsed once: memory and time stay flat per draft (issue 15).
  std::map<std::string, std::optional<core::Campaign>> campaign_of;
  STACCS_TRY(drafts.ForEach([&](const core::Draft& d) -> Status {
    std::size_t words = 0;
    for (const auto& a : d.content.answers) words += core::CountWords(a.text);
    auto known = campaign_of.find(d.campaign_id);
    if (known == campaign_of.end()) {
      auto c = campaigns.Get(d.campaign_id);
      known = campaign_of.emplace(d.campaign_id, c ? std::optional<core::Campaign>(std::move(*c)) : std::nullopt).first;
    }
    std::string over;
    if (known->second && core::CountDraftWords(d.content, *known->second).any_over()) over = " (over a limit)";
    ctx.out << d.id << "\t" << d.campaign_id << "\t" << d.state << "\t" << words << " words" << over << "\n";
    return {};
  }));
  return {};
}

Status CmdDraftAttach(Context& ctx) {
  if (ctx.args.positional.size() != 2) return Error::Usage("usage: staccs-cli draft attach ID FILE");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::DraftStore drafts(kit);
  STACCS_ASSIGN(core::Draft draft, drafts.Get(ctx.args.positional[0]));
  STACCS_ASSIGN(core::Campaign campaign, core::CampaignStore(kit).Get(draft.campaign_id));
  STACCS_ASSIGN(core::AttachmentInfo info, core::AttachmentStore(kit).Add(draft.id, ctx.args.positional[1],
                                                                         campaign.attachment_limit_bytes));
  ctx.out << info.id << "\n";
  for (const auto& r : info.removed) ctx.err << "removed: " << r << "\n";
  for (const auto& w : info.warnings) ctx.err << "warning: " << w << "\n";
  return {};
}

Status CmdDraftDetach(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli draft detach ATTACHMENT_ID");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_TRY(core::AttachmentStore(kit).Remove(ctx.args.positional[0]));
  ctx.out << "removed\n";
  return {};
}

Status CmdDraftShow(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli draft show ID");
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::DraftStore drafts(kit);
  STACCS_ASSIGN(core::Draft d, drafts.Get(ctx.args.positional[0]));
  core::CampaignStore campaigns(kit);
  STACCS_ASSIGN(core::Campaign c, campaigns.Get(d.campaign_id));
  const std::string lang = ctx.args.Get("lang").value_or(d.content.language);
  core::DraftWordCounts counts = core::CountDraftWords(d.content, c);
  const auto& a = d.content.author;
  ctx.out << "draft:    " << d.id << "\n"
          << "campaign: " << c.id_hex() << "  " << c.title.Get(lang) << "\n"
          << "state:    " << d.state << "  (saved " << d.save_count << " times)\n"
          << "consent:  " << core::ConsentName(d.content.consent) << "\n"
          << "author:   " << (a.name.empty() ? "-" : a.name) << " | " << (a.organisation.empty() ? "-" : a.organisation)
          << " | " << (a.stakeholder_group.empty() ? "-" : a.stakeholder_group) << " | "
          << (a.country.empty() ? "-" : a.country) << "\n"
          << "words:    " << counts.total;
  STACCS_ASSIGN(auto attachments, core::AttachmentStore(kit).ForDraft(d.id));
  if (counts.total_limit) ctx.out << " of " << counts.total_limit << (counts.total_over() ? "  OVER THE LIMIT" : "");
  ctx.out << "\n";
  for (std::size_t i = 0; i < c.questions.size(); ++i) {
    const auto& q = c.questions[i];
    const auto& wc = counts.per_question[i];
    ctx.out << "\n# " << q.prompt.Get(lang) << "\n[" << q.id << ": " << wc.words << " words";
    if (wc.limit) ctx.out << " of " << wc.limit << (wc.over() ? ", OVER THE LIMIT" : "");
    ctx.out << "]\n";
    if (const std::string* text = d.content.AnswerTo(q.id)) ctx.out << *text << "\n";
  }
  for (const auto& att : attachments) {
    ctx.out << "\nattachment " << att.id << "  " << att.descriptor.name << "  " << att.descriptor.media_type << "  "
            << att.descriptor.size << " bytes\n";
    for (const auto& w : att.warnings) ctx.out << "  warning: " << w << "\n";
  }
  return {};
}

}  // namespace staccs::cli
