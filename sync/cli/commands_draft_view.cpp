// draft list | show | attach | detach
#include <map>
#include <optional>
#include <ostream>
#include <string_view>
#include <unordered_map>

#include "commands.h"
#include "staccs/core/attachment_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/civil_date.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/outbox.h"
#include "staccs/core/platform.h"
#include "staccs/core/submission_state.h"

namespace staccs::cli {

namespace {

// "draft", or where the latest revision sealed from it is: "received r1", "at a relay r2"…,
// with ", edited since" when the draft changed after that seal.
// The latest submission sealed from each draft, by draft id: found once, not per draft (a
// scan per draft made `draft list` quadratic at 10^4 drafts).
using LatestByDraft = std::unordered_map<std::string_view, const core::SubmissionState*>;
LatestByDraft LatestOf(const std::vector<core::SubmissionState>& states) {
  LatestByDraft out;
  for (const auto& s : states) {
    auto [it, fresh] = out.emplace(s.source_id, &s);
    if (!fresh && s.revision > it->second->revision) it->second = &s;
  }
  return out;
}

std::string DraftState(const core::Draft& d, const LatestByDraft& latest) {
  const auto at = latest.find(d.id);
  if (at == latest.end()) return d.state;
  const core::SubmissionState* found = at->second;
  std::string state = std::string(core::SubmissionPlaceName(found->place)) + " r" + std::to_string(found->revision);
  if (d.updated_unix > found->latest->sealed_unix) state += ", edited since";
  return state;
}

}  // namespace

Status CmdDraftList(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::DraftStore drafts(kit);
  core::CampaignStore campaigns(kit);
  STACCS_ASSIGN(auto outbox, core::Outbox(kit).List());
  const auto states = core::SubmissionStates(outbox);
  const LatestByDraft latest = LatestOf(states);
  // Streamed, each campaign parsed once: memory and time stay flat per draft (issue 15).
  std::map<std::string, std::optional<core::Campaign>> campaign_of;
  return drafts.ForEach([&](const core::Draft& d) -> Status {
    std::size_t words = 0;
    for (const auto& a : d.content.answers) words += core::CountWords(a.text);
    auto known = campaign_of.find(d.campaign_id);
    if (known == campaign_of.end()) {
      auto c = campaigns.Get(d.campaign_id);
      known = campaign_of.emplace(d.campaign_id, c ? std::optional<core::Campaign>(std::move(*c)) : std::nullopt).first;
    }
    std::string over;
    if (known->second && core::CountDraftWords(d.content, *known->second).any_over()) over = " (over a limit)";
    ctx.out << d.id << "\t" << d.campaign_id << "\t" << DraftState(d, latest) << "\t" << words << " words" << over
            << "\n";
    return {};
  });
}

Status CmdDraftShow(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(core::Draft d, core::DraftStore(kit).Get(ctx.args.positional[0]));
  STACCS_ASSIGN(core::Campaign c, core::CampaignStore(kit).Get(d.campaign_id));
  std::string lang = d.content.language;
  if (auto given = ctx.args.Get("lang")) {
    STACCS_TRY(core::RequireLanguage(c, *given));
    lang = *given;
  }
  STACCS_ASSIGN(auto outbox, core::Outbox(kit).List());
  core::DraftWordCounts counts = core::CountDraftWords(d.content, c);
  const auto& a = d.content.author;
  ctx.out << "draft:    " << d.id << "\n"
          << "campaign: " << c.id_hex() << "  " << c.title.Get(lang) << "\n"
          << "deadline: " << core::DescribeDeadline(c, platform::UnixTimeNow()) << "\n"
          << "state:    " << DraftState(d, LatestOf(core::SubmissionStates(outbox))) << "  (saved " << d.save_count << " times)\n"
          << "consent:  " << core::ConsentName(d.content.consent) << "\n"
          << "author:   " << (a.name.empty() ? "-" : a.name) << " | " << (a.organisation.empty() ? "-" : a.organisation)
          << " | " << (a.stakeholder_group.empty() ? "-" : a.stakeholder_group) << " | "
          << (a.country.empty() ? "-" : a.country) << "\n"
          << "words:    " << counts.total;
  STACCS_ASSIGN(auto attachments, core::AttachmentStore(kit).ForDraft(d.id));
  if (counts.total_limit) ctx.out << " of " << counts.total_limit << (counts.total_over() ? "  OVER THE LIMIT" : "");
  ctx.out << "\n";
  for (const auto& note : core::CheckAnswers(d.content, c))
    if (note.kind == core::AnswerNote::Kind::kMissing || note.kind == core::AnswerNote::Kind::kEmpty)
      ctx.out << "note:     " << core::DescribeAnswerNote(note, c) << "\n";
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
  ctx.out << "\n(To edit it as a file: staccs-cli draft export " << d.id.substr(0, 8) << " --out FILE)\n";
  return {};
}

Status CmdDraftAttach(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(core::Draft draft, core::DraftStore(kit).Get(ctx.args.positional[0]));
  STACCS_ASSIGN(core::Campaign campaign, core::CampaignStore(kit).Get(draft.campaign_id));
  STACCS_ASSIGN(core::AttachmentInfo info, core::AttachmentStore(kit).Add(draft.id, platform::PathFromUtf8(ctx.args.positional[1]),
                                                                         campaign.attachment_limit_bytes));
  ctx.out << info.id << "\n";
  for (const auto& r : info.removed) ctx.err << "removed: " << r << "\n";
  for (const auto& w : info.warnings) ctx.err << "warning: " << w << "\n";
  return {};
}

Status CmdDraftDetach(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_TRY(core::AttachmentStore(kit).Remove(ctx.args.positional[0]));
  ctx.out << "removed\n";
  return {};
}

}  // namespace staccs::cli
