// staccs-cli: every core operation of the STACCS Field Kit without a window (SPEC §5).
// Exit codes: 0 success, 1 usage, 2 bad input or failed verification (a wrong passphrase
// included), 3 unreachable relay, 4 a local failure (disk, database).
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/secret.h"

namespace {

using staccs::Status;
using staccs::cli::Context;

struct Command {
  const char* name;   // "draft new"
  Status (*run)(Context&);
  const char* usage;  // after the name
  const char* what;
  const char* example;
};

const Command kCommands[] = {
  {"init", staccs::cli::CmdInit, "[--name NAME]", "create the kit: store and identity; prints the recovery code once",
   "staccs-cli init --name 'Field laptop'"},
  {"demo", staccs::cli::CmdDemo, "", "set up a local secretariat, campaign and participant and walk a submission through",
   "staccs-cli demo"},
  {"campaign create", staccs::cli::CmdCampaignCreate,
   "--title T [--questions FILE] [--relay URL[#KEY]]... [--deadline YYYY-MM-DD] --out FILE",
   "secretariat: a new signed campaign (default: the forum's call for input); prints its id",
   "staccs-cli campaign create --title 'STACCS call' --relay https://relay.example.org#3f2a... --out call.stc"},
  {"campaign import", staccs::cli::CmdCampaignImport, "FILE [--expect-fingerprint 'NNNNN ...']",
   "verify and import a campaign file (a newer sequence replaces an older one)", "staccs-cli campaign import call.stc"},
  {"campaign list", staccs::cli::CmdCampaignList, "[--lang L]", "one line per campaign: id, title, fingerprint",
   "staccs-cli campaign list"},
  {"campaign show", staccs::cli::CmdCampaignShow, "ID [--lang L]", "a campaign's details and questions",
   "staccs-cli campaign show 3f2a91c0 --lang fr"},
  {"campaign export", staccs::cli::CmdCampaignExport, "ID --out FILE", "write a held campaign file, to pass it on",
   "staccs-cli campaign export 3f2a91c0 --out call.stc"},
  {"draft new", staccs::cli::CmdDraftNew, "--campaign ID --answers FILE [--revises SUBMISSION_ID]",
   "a draft from answers in Markdown (one '# ' heading per question) or JSON; prints the draft id; "
   "--revises makes it the next revision of an earlier submission (after a key restore)",
   "staccs-cli draft new --campaign 3f2a91c0 --answers answers.md"},
  {"draft edit", staccs::cli::CmdDraftEdit, "ID --answers FILE", "replace a draft's answers; prints the draft id",
   "staccs-cli draft edit 9c41d2e7 --answers answers.md"},
  {"draft list", staccs::cli::CmdDraftList, "", "one line per draft: id, campaign, state, words", "staccs-cli draft list"},
  {"draft show", staccs::cli::CmdDraftShow, "ID [--lang L]", "a draft with word counts against the limits",
   "staccs-cli draft show 9c41d2e7"},
  {"draft attach", staccs::cli::CmdDraftAttach, "ID FILE",
   "attach a file to a draft; photo EXIF/GPS and other removable metadata is stripped, the rest flagged",
   "staccs-cli draft attach 9c41d2e7 damaged-tower.jpg"},
  {"draft detach", staccs::cli::CmdDraftDetach, "ATTACHMENT_ID", "remove an attachment from its draft",
   "staccs-cli draft detach 4be1c9d0"},
  {"practice add", staccs::cli::CmdPracticeAdd, "--campaign ID --file FILE", "record a practice from a JSON file; prints its id",
   "staccs-cli practice add --campaign 3f2a91c0 --file practice.json"},
  {"practice edit", staccs::cli::CmdPracticeEdit, "ID --file FILE", "replace a practice record", "staccs-cli practice edit 51be0a77 --file practice.json"},
  {"practice show", staccs::cli::CmdPracticeShow, "ID", "one practice record in full", "staccs-cli practice show 51be0a77"},
  {"practice list", staccs::cli::CmdPracticeList, "[--phase P] [--actor A] [--country C] [--kind K]",
   "one line per practice: id, phase, kind, title", "staccs-cli practice list --phase resilience --country Sudan"},
  {"practice search", staccs::cli::CmdPracticeSearch, "QUERY [filters as for list]", "full-text search over practices",
   "staccs-cli practice search satellite backhaul"},
  {"submit", staccs::cli::CmdSubmit, "ID", "seal a draft or practice into a bundle for the secretariat; prints the bundle id",
   "staccs-cli submit 9c41d2e7"},
  {"outbox", staccs::cli::CmdOutbox, "", "one line per bundle and path: sealed, on stick, at relay, received",
   "staccs-cli outbox"},
  {"usb export", staccs::cli::CmdUsbExport, "DIR [--folder NAME]",
   "write campaigns, received-logs and the bundles this kit carries to a stick", "staccs-cli usb export /media/usb0"},
  {"usb import", staccs::cli::CmdUsbImport, "DIR [--folder NAME]",
   "read and verify campaigns, received-logs and bundles from a stick", "staccs-cli usb import /media/usb0"},
  {"bundle export", staccs::cli::CmdBundleExport, "ID --out FILE", "one bundle as one file, for email or a messaging app",
   "staccs-cli bundle export 5d1c2b3a --out answers.stb"},
  {"bundle import", staccs::cli::CmdBundleImport, "FILE", "take in one bundle file", "staccs-cli bundle import answers.stb"},
  {"sync", staccs::cli::CmdSync, "[--relay URL] [--proxy URL]",
   "send the bundles this kit carries to the campaigns' relays (or URL); exit 3 if no relay answers",
   "staccs-cli sync --proxy socks5h://127.0.0.1:9050"},
  {"collect", staccs::cli::CmdCollect, "[--relay URL] [--from DIR] [--folder NAME] [--proxy URL]",
   "secretariat: pull from relays (with pull proofs) or a stick, decrypt and verify, update the received-log "
   "and publish it back the same way; a bundle that cannot be opened is set aside with its reason",
   "staccs-cli collect --from /media/usb0"},
  {"set-aside list", staccs::cli::CmdSetAsideList, "",
   "secretariat: bundles collect could not open or record, one line each: id, campaign, date, size, reason",
   "staccs-cli set-aside list"},
  {"set-aside discard", staccs::cli::CmdSetAsideDiscard, "ID",
   "secretariat: forget a set-aside bundle for good (a copy that arrives again stays dropped)",
   "staccs-cli set-aside discard 5d1c2b3a"},
  {"set-aside retry", staccs::cli::CmdSetAsideRetry, "ID",
   "secretariat: make a set-aside bundle pending again (after a campaign update or a disk error)",
   "staccs-cli set-aside retry 5d1c2b3a"},
  {"compile", staccs::cli::CmdCompile,
   "--campaign ID --format html|md|csv|json --out FILE [--attachments DIR] [--page-size N]",
   "secretariat: the publication, honouring consent; counts below 5 suppressed; csv also writes "
   "FILE-practices.csv; html past N contributions (200) is an index page with pages FILE-p1.html…",
   "staccs-cli compile --campaign 3f2a91c0 --format html --out contributions.html"},
  {"receipts", staccs::cli::CmdReceipts, "", "received-logs held and the acknowledgements of your bundles",
   "staccs-cli receipts"},
  {"key backup", staccs::cli::CmdKeyBackup, "--out FILE",
   "identity seed, campaign keys and submission index, encrypted under the recovery code",
   "staccs-cli key backup --out /media/usb0/kit-keys.stkb"},
  {"key restore", staccs::cli::CmdKeyRestore, "FILE [--recovery-code-file F]",
   "a new kit in --home from a key backup and its recovery code (or STACCS_RECOVERY_CODE)",
   "staccs-cli --home ~/staccs-restored key restore kit-keys.stkb"},
  {"passphrase change", staccs::cli::CmdPassphraseChange, "[--new-passphrase-file F]", "change the kit's passphrase",
   "staccs-cli passphrase change"},
  {"duress set", staccs::cli::CmdDuressSet, "[--duress-passphrase-file F]",
   "a second passphrase that opens an empty kit and silently wipes this one", "staccs-cli duress set"},
  {"settings wipe-after", staccs::cli::CmdSettingsWipeAfter, "N|off", "wipe the kit after N failed unlocks in a row",
   "staccs-cli settings wipe-after 10"},
  {"settings sync-budget", staccs::cli::CmdSettingsSyncBudget, "BYTES|off",
   "the most sync may send and receive in a UTC day", "staccs-cli settings sync-budget 5000000"},
  {"wipe", staccs::cli::CmdWipe, "[--yes]", "panic wipe: destroy this kit's keys and store now",
   "staccs-cli wipe --yes"},
};

const std::set<std::string> kValueOptions = {
    "home", "passphrase-file", "new-passphrase-file", "duress-passphrase-file", "name", "title", "questions",
    "relay", "out", "campaign", "answers", "file", "phase", "actor", "country", "kind", "lang", "deadline",
    "kdf-profile", "expect-fingerprint", "folder", "from", "format", "recovery-code-file", "revises", "attachments", "proxy"};

void PrintHelp(std::ostream& out) {
  out << "staccs-cli: the STACCS Field Kit without a window.\n\n"
         "usage: staccs-cli [--home DIR] [--passphrase-file F] COMMAND [ARGS]\n\n"
         "The passphrase comes from --passphrase-file F (its first line), the STACCS_PASSPHRASE\n"
         "variable, or a prompt. Ids are lowercase hex; any unique prefix of 8 or more characters works.\n"
         "The kit lives in --home DIR, else $STACCS_HOME, else a 'staccs-data' folder beside this\n"
         "program (portable mode), else the user data folder.\n\nCommands:\n";
  for (const Command& c : kCommands) {
    out << "  " << c.name << " " << c.usage << "\n      " << c.what << "\n      e.g. " << c.example << "\n";
  }
  out << "\nExit codes: 0 success, 1 usage, 2 bad input or failed verification (wrong passphrase\n"
         "included), 3 unreachable relay, 4 local failure (disk, database).\n";
}

}  // namespace

int main(int argc, char** argv) {
  // Before anything is decrypted: a crash must not write answers or keys to a core file.
  if (auto hardened = staccs::platform::HardenProcess(); !hardened) {
    std::cerr << "staccs-cli: " << hardened.error().message << "\n";
    return 4;
  }
  if (!staccs::crypto::Initialize()) {
    std::cerr << "staccs-cli: the cryptography library could not start\n";
    return 4;
  }
  std::vector<std::string> words(argv + 1, argv + argc);
  auto parsed = staccs::cli::ParseArgs(words, kValueOptions);
  if (!parsed) {
    std::cerr << "staccs-cli: " << parsed.error().message << "\n";
    return 1;
  }
  staccs::cli::Args args = std::move(parsed).value();
  if (args.Has("help") || args.positional.empty() || args.positional[0] == "help") {
    PrintHelp(std::cout);
    return args.positional.empty() && !args.Has("help") ? 1 : 0;
  }
  if (args.Has("version")) {
    std::cout << "staccs-cli 0.1.0\n";
    return 0;
  }
  // The longest command name that matches the leading words: "campaign create" before "campaign".
  const Command* command = nullptr;
  std::size_t used = 0;
  for (const Command& c : kCommands) {
    std::vector<std::string> name_words;
    for (std::string_view n = c.name; !n.empty();) {
      auto sp = n.find(' ');
      name_words.emplace_back(n.substr(0, sp));
      n = sp == std::string_view::npos ? std::string_view() : n.substr(sp + 1);
    }
    if (name_words.size() > args.positional.size() || name_words.size() <= used) continue;
    if (std::equal(name_words.begin(), name_words.end(), args.positional.begin())) {
      command = &c;
      used = name_words.size();
    }
  }
  if (command == nullptr) {
    std::cerr << "staccs-cli: unknown command '" << args.positional[0] << "' (see staccs-cli --help)\n";
    return 1;
  }
  args.positional.erase(args.positional.begin(), args.positional.begin() + static_cast<std::ptrdiff_t>(used));
  for (const auto& flag : args.flags) {
    if (flag != "yes") {
      std::cerr << "staccs-cli: unknown option --" << flag << "\n";
      return 1;
    }
  }
  Context ctx{args, staccs::cli::ResolveHome(args), std::cout, std::cerr};
  Status st = command->run(ctx);
  std::cout.flush();
  if (!st) {
    std::cerr << "staccs-cli: " << st.error().message << "\n";
    return static_cast<int>(st.error().kind);
  }
  return 0;
}
