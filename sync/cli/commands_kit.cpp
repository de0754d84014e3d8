// init, wipe, passphrase change, duress set, settings wipe-after.
#include <iostream>

#include "commands.h"
#include "staccs/core/kit.h"
#include "staccs/core/passphrase_strength.h"
#include "staccs/core/platform.h"

namespace staccs::cli {

Status CheckNewPassphrase(Context& ctx, const crypto::Passphrase& passphrase, const std::vector<std::string>& words) {
  const core::PassphraseStrength s = core::EstimatePassphrase(passphrase, words);
  if (!s.weak) return {};
  if (ctx.args.Has("weak-passphrase")) {
    ctx.err << "warning: " << s.advice << " (kept, as --weak-passphrase asks)\n";
    return {};
  }
  return Error::Usage(s.advice + "; or give --weak-passphrase to keep it anyway");
}

Status CmdInit(Context& ctx) {
  if (core::Kit::Exists(ctx.home)) return Error::Usage("a kit already exists in " + ctx.home.string());
  core::CreateOptions options;
  options.name = ctx.args.Get("name").value_or("");
  if (auto profile = ctx.args.Get("kdf-profile")) {
    if (*profile == "test-only-insecure") options.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;
    else if (*profile != "standard") return Error::Usage("--kdf-profile is 'standard' (or 'test-only-insecure' for tests)");
  }
  STACCS_ASSIGN(crypto::Passphrase pass, ctx.Passphrase(/*confirm=*/true));
  STACCS_TRY(CheckNewPassphrase(ctx, pass, {options.name, "staccs", "kit"}));
  std::string code;
  crypto::WipeOnExit wipe_code(code);
  STACCS_ASSIGN(core::Kit kit, core::Kit::Create(ctx.home, pass, options, code));
  ctx.out << "Created a kit in " << ctx.home.string() << "\n\n"
          << "Recovery code (shown only this once; write it on paper and keep it apart from this computer):\n\n"
          << "    " << code << "\n\n"
          << "What it is for: with this code and a key backup file, 'staccs-cli key restore' brings back on a new\n"
             "machine this kit's identity, the campaigns' keys it holds and the index of what you submitted (so\n"
             "you can revise or withdraw it). Drafts and collected contributions are not in it.\n"
             "It does not replace your passphrase: every day you unlock the kit with the passphrase, and the\n"
             "code opens only a backup file.\n"
             "Make the backup now, and again after each submission:  staccs-cli key backup --out FILE\n";
  return {};
}

Status CmdWipe(Context& ctx) {
  if (!core::Kit::Exists(ctx.home)) return Error::Usage("no kit in " + ctx.home.string() + " to wipe");
  if (!ctx.args.Has("yes")) {
    if (!platform::StdinIsTerminal())
      return Error::Usage("wipe destroys this kit for good: add --yes to confirm without a terminal");
    ctx.err << "This destroys the keys of the kit in " << ctx.home.string()
            << ": nothing in it can be read again, even with the passphrase.\nType WIPE to go on: ";
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "WIPE") return Error::Usage("not wiped");
  }
  STACCS_TRY(core::Kit::Wipe(ctx.home));
  ctx.out << "Wiped: this kit's keys are destroyed and its store removed; it cannot be opened again, "
             "even with the passphrase.\n"
             "Copies elsewhere are not affected: key backups, bundles on sticks or relays, and what the "
             "secretariat has received survive.\n";
  return {};
}

Status CmdPassphraseChange(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(crypto::Passphrase fresh, ctx.SecretFrom("new-passphrase-file", "STACCS_NEW_PASSPHRASE",
                                                          "New passphrase", true));
  STACCS_TRY(CheckNewPassphrase(ctx, fresh, {"staccs", "kit"}));
  STACCS_TRY(kit.ChangePassphrase(fresh));
  ctx.out << "Passphrase changed. Any duress passphrase was cleared: set it again with 'staccs-cli duress set'.\n";
  return {};
}

Status CmdDuressSet(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_ASSIGN(crypto::Passphrase duress, ctx.SecretFrom("duress-passphrase-file", "STACCS_DURESS_PASSPHRASE",
                                                           "Duress passphrase", true));
  STACCS_TRY(kit.SetDuressPassphrase(duress));
  ctx.out << "Duress passphrase set. Unlocking with it opens an empty kit and silently destroys this one.\n";
  return {};
}

Status CmdSettingsWipeAfter(Context& ctx) {
  if (ctx.args.positional.size() != 1) return Error::Usage("usage: staccs-cli settings wipe-after N|off");
  const std::string& v = ctx.args.positional[0];
  std::uint32_t n = 0;
  if (v != "off") {
    const auto parsed = ParseDecimal(v);
    if (!parsed || *parsed < 3 || *parsed > 1000) return Error::Usage("wipe-after takes a number from 3 to 1000, or 'off'");
    n = static_cast<std::uint32_t>(*parsed);
  }
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  STACCS_TRY(kit.SetWipeAfterFailures(n));
  if (n == 0) ctx.out << "The kit will not wipe itself after failed unlocks.\n";
  else ctx.out << "The kit wipes itself after " << n << " failed unlock attempts in a row.\n";
  return {};
}

}  // namespace staccs::cli
