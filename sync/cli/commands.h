// The staccs-cli commands (SPEC §5). Each reads its words from the Context, prints its
// result to ctx.out and returns an error for the one-line report on stderr.
#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "cli_context.h"
#include "staccs/core/campaign.h"
#include "staccs/core/draft.h"

namespace staccs::cli {

// Every command, with its options and help (command_table.cpp).
std::span<const CommandSpec> Commands();

// Shared by the commands that read files people write (commands_draft.cpp).
void PrintAnswerNotes(std::ostream& err, const std::vector<core::AnswerNote>& notes, const core::Campaign& campaign);
void PrintDeadlineWarning(std::ostream& err, const core::Campaign& campaign);
// After a file was read into the kit: --remove-source overwrites and removes it, else a
// reminder that it is plain text.
Status HandleSourceFile(Context& ctx, const std::string& path);
// A usage error naming what is weak about a new passphrase, unless --weak-passphrase (then a
// warning). `words`: what an attacker would try first (the kit's name).
Status CheckNewPassphrase(Context& ctx, const crypto::Passphrase& passphrase, const std::vector<std::string>& words);
// A usage error if `path` exists: a template or export never overwrites someone's file.
Status RefuseExisting(const std::string& path);

Status CmdInit(Context& ctx);
Status CmdDemo(Context& ctx);
Status CmdWipe(Context& ctx);
Status CmdPassphraseChange(Context& ctx);
Status CmdDuressSet(Context& ctx);
Status CmdSettingsWipeAfter(Context& ctx);

Status CmdCampaignCreate(Context& ctx);
Status CmdCampaignImport(Context& ctx);
Status CmdCampaignUpdate(Context& ctx);
Status CmdCampaignList(Context& ctx);
Status CmdCampaignShow(Context& ctx);
Status CmdCampaignExport(Context& ctx);

Status CmdDraftNew(Context& ctx);
Status CmdDraftEdit(Context& ctx);
Status CmdDraftList(Context& ctx);
Status CmdDraftShow(Context& ctx);
Status CmdDraftAttach(Context& ctx);
Status CmdDraftDetach(Context& ctx);
Status CmdDraftTemplate(Context& ctx);
Status CmdDraftExport(Context& ctx);
Status CmdDraftDelete(Context& ctx);

Status CmdPracticeAdd(Context& ctx);
Status CmdPracticeEdit(Context& ctx);
Status CmdPracticeShow(Context& ctx);
Status CmdPracticeList(Context& ctx);
Status CmdPracticeSearch(Context& ctx);
Status CmdPracticeTemplate(Context& ctx);
Status CmdPracticeExport(Context& ctx);
Status CmdPracticeDelete(Context& ctx);

Status CmdSubmit(Context& ctx);
Status CmdOutbox(Context& ctx);
Status CmdCarry(Context& ctx);
Status CmdUsbExport(Context& ctx);
Status CmdUsbImport(Context& ctx);
Status CmdBundleExport(Context& ctx);
Status CmdBundleImport(Context& ctx);
Status CmdReceipts(Context& ctx);
Status CmdSync(Context& ctx);
Status CmdSettingsSyncBudget(Context& ctx);
Status CmdCollect(Context& ctx);
Status CmdSetAsideList(Context& ctx);
Status CmdSetAsideDiscard(Context& ctx);
Status CmdSetAsideRetry(Context& ctx);
Status CmdCompile(Context& ctx);
Status CmdKeyBackup(Context& ctx);
Status CmdKeyRestore(Context& ctx);
Status CmdVerifyRelease(Context& ctx);  // commands_release.cpp

}  // namespace staccs::cli
