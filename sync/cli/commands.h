// The staccs-cli commands (SPEC §5). Each reads its words from the Context, prints its
// result to ctx.out and returns an error for the one-line report on stderr.
#pragma once

#include "cli_context.h"

namespace staccs::cli {

Status CmdInit(Context& ctx);
Status CmdDemo(Context& ctx);
Status CmdWipe(Context& ctx);
Status CmdPassphraseChange(Context& ctx);
Status CmdDuressSet(Context& ctx);
Status CmdSettingsWipeAfter(Context& ctx);

Status CmdCampaignCreate(Context& ctx);
Status CmdCampaignImport(Context& ctx);
Status CmdCampaignList(Context& ctx);
Status CmdCampaignShow(Context& ctx);
Status CmdCampaignExport(Context& ctx);

Status CmdDraftNew(Context& ctx);
Status CmdDraftEdit(Context& ctx);
Status CmdDraftList(Context& ctx);
Status CmdDraftShow(Context& ctx);
Status CmdDraftAttach(Context& ctx);
Status CmdDraftDetach(Context& ctx);

Status CmdPracticeAdd(Context& ctx);
Status CmdPracticeEdit(Context& ctx);
Status CmdPracticeShow(Context& ctx);
Status CmdPracticeList(Context& ctx);
Status CmdPracticeSearch(Context& ctx);

Status CmdSubmit(Context& ctx);
Status CmdOutbox(Context& ctx);
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

}  // namespace staccs::cli
