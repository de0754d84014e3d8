// key backup | restore
#include <ostream>

#include "commands.h"
#include "staccs/core/collected_backup.h"
#include "staccs/core/collection.h"
#include "staccs/core/key_backup.h"
#include "staccs/core/text.h"
#include "staccs/core/platform.h"

namespace staccs::cli {

Status CmdKeyBackup(Context& ctx) {
  STACCS_ASSIGN(std::string out, ctx.args.Require("out"));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(Bytes file, core::WriteKeyBackup(kit));
  STACCS_TRY(WriteOutputFile(out, file));
  ctx.out << out << "\n";
  ctx.err << "Key backup written. It opens only with this kit's recovery code; keep the two apart.\n";
  STACCS_ASSIGN(bool secretariat, core::HoldsAnyCampaignSecrets(kit));
  if (!secretariat) return {};
  const std::string dir = ctx.args.Get("bundles").value_or(out + ".bundles");
  auto written = core::WriteCollectedBackup(kit, platform::PathFromUtf8(dir));
  if (!written) return std::move(written).error().Within("collected bundles in " + dir);
  ctx.out << dir << "\n";
  ctx.err << "Collected bundles: " << written->bundles_written << " written, " << written->bundles_already_there
          << " already there; " << written->logs_written << " received-logs. Keep this folder with the key backup.\n";
  return {};
}

Status CmdKeyRestore(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli key restore FILE");
  const std::string& path = ctx.args.positional[0];
  if (core::Kit::Exists(ctx.home))
    return Error::Usage("a kit already exists in " + ctx.home.string() + ": restore into a new --home");
  crypto::KdfProfile profile = crypto::KdfProfile::kStandard;
  if (auto p = ctx.args.Get("kdf-profile"); p && *p == "test-only-insecure") profile = crypto::KdfProfile::kFastInsecureForTests;
  STACCS_ASSIGN(Bytes file, platform::ReadFile(platform::PathFromUtf8(path), 64u << 20));
  STACCS_ASSIGN(crypto::Passphrase code, ctx.SecretFrom("recovery-code-file", "STACCS_RECOVERY_CODE", "Recovery code", false));
  auto backup = core::OpenKeyBackup(file, code.chars());
  if (!backup) return std::move(backup).error().Within(path);
  STACCS_ASSIGN(crypto::Passphrase pass, ctx.Passphrase(/*confirm=*/true));
  STACCS_TRY(CheckNewPassphrase(ctx, pass, {"staccs", "kit"}));
  STACCS_ASSIGN(core::Kit kit, core::RestoreKit(ctx.home, pass, *backup, profile));
  std::size_t owned = 0;
  for (const auto& c : backup->campaigns) owned += c.secrets.empty() ? 0 : 1;
  ctx.out << "Restored a kit in " << ctx.home.string() << ": its identity, " << backup->campaigns.size()
          << " campaigns (" << owned << " with the secretariat's keys) and " << backup->submissions.size() << " earlier submissions.\n";
  namespace fs = std::filesystem;
  const auto given = ctx.args.Get("bundles");
  const fs::path dir = platform::PathFromUtf8(given ? *given : path + ".bundles");
  std::error_code ec;
  if (owned && (given || fs::is_directory(dir, ec))) {
    auto restored = core::RestoreCollectedBackup(kit, dir);
    if (!restored) return std::move(restored).error().Within("collected bundles in " + dir.string());
    ctx.out << "Collected bundles: " << restored->bundles_restored << " restored, " << restored->logs_restored
            << " received-logs; opened " << restored->opened.opened << " bundles, set aside " << restored->opened.rejected
            << "\n";
    for (const auto& why : restored->rejected) ctx.err << "not restored: " << core::PrintableText(why) << "\n";
    for (const auto& why : restored->opened.rejections) ctx.err << "set aside: " << core::PrintableText(why) << "\n";
  } else if (owned) {
    ctx.err << "Note: no collected bundles were found at " << dir.string()
            << "; give --bundles DIR to restore them (the publication needs them).\n";
  }
  for (const auto& s : backup->submissions)
    ctx.out << "submission\t" << s.submission_id << "\t" << s.campaign_id << "\trevision " << s.revision << "\n";
  ctx.out << "Revise one with: staccs-cli draft new --campaign ID --answers FILE --revises SUBMISSION_ID\n";
  return {};
}

}  // namespace staccs::cli
