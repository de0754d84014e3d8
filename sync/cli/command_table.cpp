// Every staccs-cli command with its arguments, options and help: the one table the parser,
// the global help and each command's --help are made from (SPEC §5 is the contract: names and
// flags are added, never renamed).
#include <string>

#include "commands.h"
#include "staccs/core/practice.h"

namespace staccs::cli {

namespace {

using K = OptionKind;
constexpr std::size_t kAny = CommandSpec::kAny;

// The practice vocabulary, from core, so --help lists exactly what the parser accepts.
std::string PracticeVocabulary() {
  std::string phases, kinds, actors;
  for (core::Phase p : core::AllPhases())
    phases += "    " + std::string(core::PhaseId(p)) + std::string(12 - core::PhaseId(p).size(), ' ') +
              std::string(core::PhaseLabel(p)) + "\n";
  for (core::PracticeKind k : core::AllKinds()) kinds += (kinds.empty() ? "" : ", ") + std::string(core::KindId(k));
  for (std::string_view a : core::SuggestedActors()) actors += (actors.empty() ? "" : ", ") + std::string(a);
  return "A practice file is Markdown with a header (or JSON with the same fields); start from\n"
         "'staccs-cli practice template --out FILE'. Its fields:\n"
         "  title      required\n"
         "  phase      one of:\n" + phases +
         "  kind       one of: " + kinds + " (a reference from the literature)\n"
         "  actors     comma-separated, e.g. " + actors + "\n"
         "  countries  comma-separated countries or regions\n"
         "  sources    comma-separated citations or links\n"
         "The description is the text after the header.";
}
const std::string kPracticeVocabulary = PracticeVocabulary();

const OptionSpec kStickFolder = {"folder", K::kValue, "NAME",
                                 "the kit folder's name on the stick (else $STACCS_STICK_FOLDER, else 'staccs')"};
const OptionSpec kProxy = {"proxy", K::kValue, "URL", "an HTTP or SOCKS5 proxy, e.g. socks5h://127.0.0.1:9050 for Tor"};
const OptionSpec kLang = {"lang", K::kValue, "L", "the language to show (one of the campaign's: en, fr, ar…)"};
const OptionSpec kKdfProfile = {"kdf-profile", K::kValue, "P", "standard (the default); test-only-insecure is for test suites only"};
const OptionSpec kWeakPassphrase = {"weak-passphrase", K::kFlag, "",
                                    "accept a passphrase the strength check finds easy to guess"};
const std::vector<OptionSpec> kPracticeFilters = {
    {"phase", K::kValue, "P", "only this phase: preparing, prevention, resilience, mitigation, recovery"},
    {"actor", K::kValue, "A", "only records naming this actor (any part of the name)"},
    {"country", K::kValue, "C", "only records naming this country or region (any part of the name)"},
    {"kind", K::kValue, "K", "only this kind: good-practice, gap, literature"},
};

const std::vector<CommandSpec> kCommands = {
    {"init", CmdInit, "", 0, 0,
     {{"name", K::kValue, "NAME", "a name for this kit, shown only to you"}, kWeakPassphrase, kKdfProfile},
     "create the kit: store and identity; prints the recovery code once",
     "Asks for a new passphrase twice (or reads it as every command does) and refuses one that is\n"
     "easy to guess unless --weak-passphrase is given.",
     "staccs-cli init --name 'Field laptop'"},
    {"demo", CmdDemo, "", 0, 0, {},
     "set up a local secretariat, campaign and participant and walk a submission through",
     "Makes two kits under --home (or DATA/demo) and shows each step with the command to try next.",
     "staccs-cli --home /tmp/staccs-demo demo"},

    {"campaign create", CmdCampaignCreate, "", 0, 0,
     {{"title", K::kRepeatable, "[LANG:]T", "the title in one language (LANG, else --lang, else the first language)", true},
      kLang,
      {"questions", K::kValue, "FILE", "the campaign's content as JSON (see docs/CAMPAIGN_FORMAT.md); default: the forum's call"},
      {"relay", K::kRepeatable, "URL[#KEY[#PIN]]",
       "a relay, in order of preference; KEY from 'staccs-relay --print-key' pins its receipts, PIN "
       "(sha256//BASE64) its TLS key"},
      {"deadline", K::kValue, "YYYY-MM-DD", "the last day to answer (UTC)"},
      {"out", K::kValue, "FILE", "where to write the signed campaign file", true}},
     "secretariat: a new signed campaign (default: the forum's call for input); prints its id",
     "Titles of other languages stay as in the questions file or template; give one --title per\n"
     "language to change them (e.g. --title 'fr:Appel à contributions').",
     "staccs-cli campaign create --title 'STACCS call' --relay https://relay.example.org#3f2a... --out call.stc"},
    {"campaign update", CmdCampaignUpdate, "ID", 1, 1,
     {{"title", K::kRepeatable, "[LANG:]T", "a new title in one language (LANG, else --lang, else the first language)"},
      kLang,
      {"questions", K::kValue, "FILE", "new questions, from a campaign content file as for 'campaign create'"},
      {"relay", K::kRepeatable, "URL[#KEY[#PIN]]",
       "the relays, in order of preference (given at least once: replaces the whole list)"},
      {"deadline", K::kValue, "YYYY-MM-DD|none", "a new last day to answer (UTC), or none"},
      {"out", K::kValue, "FILE", "where to write the signed campaign file", true}},
     "secretariat: the next sequence of a campaign, signed with its key, for sticks and relays",
     "What is not given stays as it was. The file has the next sequence number: kits that take it\n"
     "(campaign import, usb import) replace the one they hold, and refuse an older one. Carry it like\n"
     "the first: as a file, or on sticks ('usb export' puts the kit's campaigns there), or through the\n"
     "relays: 'collect' puts the latest file on the campaign's relays, and 'sync' fetches it.",
     "staccs-cli campaign update 3f2a91c0 --deadline 2026-06-30 --relay https://relay.example.org#3f2a... --out call-2.stc"},
    {"campaign import", CmdCampaignImport, "FILE", 1, 1,
     {{"expect-fingerprint", K::kValue, "'NNNNN ...'", "refuse the file unless its fingerprint is this one"}},
     "verify and import a campaign file (a newer sequence replaces an older one)", "",
     "staccs-cli campaign import call.stc"},
    {"campaign list", CmdCampaignList, "", 0, 0, {kLang},
     "one line per campaign: id, title, fingerprint, deadline", "", "staccs-cli campaign list"},
    {"campaign show", CmdCampaignShow, "ID", 1, 1, {kLang}, "a campaign's details and questions", "",
     "staccs-cli campaign show 3f2a91c0 --lang fr"},
    {"campaign export", CmdCampaignExport, "ID", 1, 1,
     {{"out", K::kValue, "FILE", "where to write the campaign file", true}},
     "write a held campaign file, to pass it on", "", "staccs-cli campaign export 3f2a91c0 --out call.stc"},

    {"draft template", CmdDraftTemplate, "", 0, 0,
     {{"campaign", K::kValue, "ID", "the campaign to answer", true}, kLang,
      {"out", K::kValue, "FILE", "where to write the blank answers file", true}},
     "a blank answers file with every question as a heading and its limits as a comment", "",
     "staccs-cli draft template --campaign 3f2a91c0 --lang fr --out answers.md"},
    {"draft new", CmdDraftNew, "", 0, 0,
     {{"campaign", K::kValue, "ID", "the campaign to answer", true},
      {"answers", K::kValue, "FILE", "the answers, Markdown or JSON", true},
      {"revises", K::kValue, "SUBMISSION_ID", "make the draft the next revision of an earlier submission (after a key restore)"},
      {"remove-source", K::kFlag, "", "overwrite the answers file and remove it once the draft is saved"}},
     "a draft from an answers file (Markdown: one '# ' heading per question; or JSON); prints the draft id",
     "A heading names its question by id or by its prompt (in any of the campaign's languages), in any\n"
     "order; unmatched headings and missing, empty or over-long answers are warned about. The kit keeps\n"
     "the answers encrypted: delete the plain-text file afterwards (or give --remove-source).",
     "staccs-cli draft new --campaign 3f2a91c0 --answers answers.md --remove-source"},
    {"draft edit", CmdDraftEdit, "ID", 1, 1,
     {{"answers", K::kValue, "FILE", "the answers, Markdown or JSON", true},
      {"remove-source", K::kFlag, "", "overwrite the answers file and remove it once the draft is saved"}},
     "replace a draft's answers; prints the draft id", "",
     "staccs-cli draft edit 9c41d2e7 --answers answers.md"},
    {"draft export", CmdDraftExport, "ID", 1, 1,
     {{"out", K::kValue, "FILE", "where to write the answers file (plain text: delete it after editing)", true},
      kLang},
     "a draft back out as an answers file, to edit and read in again with 'draft edit'", "",
     "staccs-cli draft export 9c41d2e7 --out answers.md"},
    {"draft list", CmdDraftList, "", 0, 0, {}, "one line per draft: id, campaign, state, words", "",
     "staccs-cli draft list"},
    {"draft show", CmdDraftShow, "ID", 1, 1, {kLang}, "a draft with word counts against the limits and the deadline",
     "", "staccs-cli draft show 9c41d2e7"},
    {"draft delete", CmdDraftDelete, "ID", 1, 1, {}, "delete a draft and its attachments from this kit",
     "What was already sealed from it stays in the outbox.", "staccs-cli draft delete 9c41d2e7"},
    {"draft attach", CmdDraftAttach, "ID FILE", 2, 2, {},
     "attach a file to a draft; photo EXIF/GPS and other removable metadata is stripped, the rest flagged", "",
     "staccs-cli draft attach 9c41d2e7 damaged-tower.jpg"},
    {"draft detach", CmdDraftDetach, "ATTACHMENT_ID", 1, 1, {}, "remove an attachment from its draft", "",
     "staccs-cli draft detach 4be1c9d0"},

    {"practice template", CmdPracticeTemplate, "", 0, 0,
     {{"out", K::kValue, "FILE", "where to write the blank practice file", true}},
     "a blank practice record file with every field", kPracticeVocabulary,
     "staccs-cli practice template --out practice.md"},
    {"practice add", CmdPracticeAdd, "", 0, 0,
     {{"campaign", K::kValue, "ID", "the campaign it is for", true},
      {"file", K::kValue, "FILE", "the record, Markdown with a header or JSON", true},
      {"remove-source", K::kFlag, "", "overwrite the file and remove it once the record is saved"}},
     "record a practice from a file; prints its id", kPracticeVocabulary,
     "staccs-cli practice add --campaign 3f2a91c0 --file practice.md"},
    {"practice edit", CmdPracticeEdit, "ID", 1, 1,
     {{"file", K::kValue, "FILE", "the record, Markdown with a header or JSON", true},
      {"remove-source", K::kFlag, "", "overwrite the file and remove it once the record is saved"}},
     "replace a practice record", kPracticeVocabulary, "staccs-cli practice edit 51be0a77 --file practice.md"},
    {"practice export", CmdPracticeExport, "ID", 1, 1,
     {{"out", K::kValue, "FILE", "where to write the record (plain text)", true}},
     "a practice record back out as a file, to edit and read in again with 'practice edit'", "",
     "staccs-cli practice export 51be0a77 --out practice.md"},
    {"practice show", CmdPracticeShow, "ID", 1, 1, {}, "one practice record in full", "",
     "staccs-cli practice show 51be0a77"},
    {"practice list", CmdPracticeList, "", 0, 0, kPracticeFilters, "one line per practice: id, phase, kind, title",
     kPracticeVocabulary, "staccs-cli practice list --phase resilience --country Sudan"},
    {"practice search", CmdPracticeSearch, "QUERY...", 1, kAny, kPracticeFilters, "full-text search over practices",
     "", "staccs-cli practice search satellite backhaul"},
    {"practice delete", CmdPracticeDelete, "ID", 1, 1, {}, "delete a practice record from this kit",
     "What was already sealed from it stays in the outbox.", "staccs-cli practice delete 51be0a77"},

    {"submit", CmdSubmit, "ID", 1, 1, {},
     "seal a draft or practice into a bundle for the secretariat; prints the bundle id",
     "Warns first about missing or over-long answers, a past deadline and what could still identify\n"
     "you; none of these stops the seal.",
     "staccs-cli submit 9c41d2e7"},
    {"outbox", CmdOutbox, "", 0, 0,
     {{"paths", K::kFlag, "", "every bundle of every submission and every path it took"}},
     "one line per submission: its latest revision and where it is (sealed, on a stick, at a relay, received)", "",
     "staccs-cli outbox --paths"},
    {"carry", CmdCarry, "", 0, 0,
     {{"all", K::kFlag, "", "also the bundles already received and dropped"}},
     "organiser: the bundles this kit carries for others, by campaign: size, arrival, where passed on, "
     "whether the received-log lists them",
     "An organiser's kit cannot read what it carries. A bundle is kept until the campaign's received-log\n"
     "(from a stick, or fetched by 'sync') lists it, then dropped.",
     "staccs-cli carry"},
    {"usb export", CmdUsbExport, "DIR", 1, 1,
     {kStickFolder, {"label", K::kValue, "NAME",
                     "name the stick (kept on it; the outbox says 'on stick NAME'); anyone who finds the stick reads "
                     "it, so choose a name that identifies no person or place"}},
     "write campaigns, received-logs and the bundles this kit carries to a stick", 
     "A stick keeps the label the kit writes on it (a new one is 'stick-' and six hex digits), so the outbox "
     "names it the same wherever it is mounted.",
     "staccs-cli usb export /media/usb0 --label \"bag 2\""},
    {"usb import", CmdUsbImport, "DIR", 1, 1, {kStickFolder},
     "read and verify campaigns, received-logs and bundles from a stick", "", "staccs-cli usb import /media/usb0"},
    {"bundle export", CmdBundleExport, "ID", 1, 1, {{"out", K::kValue, "FILE", "where to write the bundle", true}},
     "one bundle as one file, for email or a messaging app", "",
     "staccs-cli bundle export 5d1c2b3a --out answers.stb"},
    {"bundle import", CmdBundleImport, "FILE", 1, 1, {},
     "take in one bundle file (a secretariat kit also opens it)", "", "staccs-cli bundle import answers.stb"},
    {"sync", CmdSync, "", 0, 0,
     {{"relay", K::kValue, "URL", "this relay instead of the campaigns' own"}, kProxy},
     "send what this kit carries to the campaigns' relays (or URL) and fetch campaign updates and received-logs; "
     "exit 3 if no relay answers",
     "Runs once and returns; nothing here retries by itself (the desktop client retries on its own schedule).",
     "staccs-cli sync --proxy socks5h://127.0.0.1:9050"},
    {"collect", CmdCollect, "", 0, 0,
     {{"relay", K::kValue, "URL[#KEY]",
       "pull from this relay; KEY (from 'staccs-relay --print-key') is needed unless the campaign lists the relay with its key"},
      {"from", K::kValue, "DIR", "read bundles from this stick (and write the received-log back to it)"},
      kStickFolder, kProxy},
     "secretariat: pull from relays (with pull proofs) or a stick, decrypt and verify, update the received-log "
     "and publish it back the same way",
     "", "staccs-cli collect --from /media/usb0"},
    {"set-aside list", CmdSetAsideList, "", 0, 0, {},
     "secretariat: bundles collect could not open or record, one line each: id, campaign, date, size, reason", "",
     "staccs-cli set-aside list"},
    {"set-aside discard", CmdSetAsideDiscard, "ID", 1, 1, {},
     "secretariat: forget a set-aside bundle for good (a copy that arrives again stays dropped)", "",
     "staccs-cli set-aside discard 5d1c2b3a"},
    {"set-aside retry", CmdSetAsideRetry, "ID", 1, 1, {},
     "secretariat: make a set-aside bundle pending again (after a campaign update or a disk error)", "",
     "staccs-cli set-aside retry 5d1c2b3a"},
    {"compile", CmdCompile, "", 0, 0,
     {{"campaign", K::kValue, "ID", "the campaign", true},
      {"format", K::kValue, "html|md|csv|json", "the publication's format", true},
      {"out", K::kValue, "FILE", "where to write it", true},
      {"attachments", K::kValue, "DIR", "also write the published contributions' attachments there"},
      {"page-size", K::kValue, "N", "html: contributions per page (default 200; 0: one page)"}},
     "secretariat: the publication, honouring consent; counts below 5 suppressed",
     "csv also writes the practice records to FILE-practices.csv (FILE without its .csv); html past\n"
     "N contributions is an index page FILE with pages FILE-p1.html, FILE-p2.html…\n"
     "(docs/PUBLICATION_FORMAT.md).",
     "staccs-cli compile --campaign 3f2a91c0 --format html --out contributions.html"},
    {"receipts", CmdReceipts, "", 0, 0, {}, "received-logs held and the acknowledgements of your bundles", "",
     "staccs-cli receipts"},
    {"key backup", CmdKeyBackup, "", 0, 0,
     {{"out", K::kValue, "FILE", "where to write the backup (collected bundles go in FILE.bundles/ beside it)", true},
      {"bundles", K::kValue, "DIR", "a secretariat's collected bundles go in DIR instead (a stick, another disk)"}},
     "identity seed, campaign keys, submission index, and a secretariat's collected bundles, under the recovery code",
     "At a secretariat's kit the bundles it collected are written too, as they arrived (sealed to the\n"
     "campaign, so only this backup's keys open them), with each campaign's received-log. Relays and\n"
     "organisers drop their copies once the received-log lists a bundle: run this after each collect.\n"
     "Bundles already in the folder are left alone, so refreshing it writes only what is new.",
     "staccs-cli key backup --out /media/usb0/kit-keys.stkb"},
    {"key restore", CmdKeyRestore, "FILE", 1, 1,
     {{"recovery-code-file", K::kValue, "F", "read the recovery code from F (else $STACCS_RECOVERY_CODE, else a prompt)"},
      {"bundles", K::kValue, "DIR", "the collected bundles (default: FILE.bundles/ beside FILE, if it is there)"},
      kWeakPassphrase, kKdfProfile},
     "a new kit in --home from a key backup and its recovery code",
     "A secretariat's collected bundles are restored and opened again, with its received-logs, so\n"
     "'compile' gives the same publication as before.",
     "staccs-cli --home ~/staccs-restored key restore kit-keys.stkb"},
    {"passphrase change", CmdPassphraseChange, "", 0, 0,
     {{"new-passphrase-file", K::kValue, "F", "read the new passphrase from F (else $STACCS_NEW_PASSPHRASE, else a prompt)"},
      kWeakPassphrase},
     "change the kit's passphrase", "", "staccs-cli passphrase change"},
    {"duress set", CmdDuressSet, "", 0, 0,
     {{"duress-passphrase-file", K::kValue, "F",
       "read the duress passphrase from F (else $STACCS_DURESS_PASSPHRASE, else a prompt)"}},
     "a second passphrase that opens an empty kit and silently wipes this one", "", "staccs-cli duress set"},
    {"settings wipe-after", CmdSettingsWipeAfter, "N|off", 1, 1, {}, "wipe the kit after N failed unlocks in a row",
     "N is a whole number from 3 to 1000.", "staccs-cli settings wipe-after 10"},
    {"settings sync-budget", CmdSettingsSyncBudget, "BYTES|off", 1, 1, {},
     "the most sync may send and receive in a UTC day", "BYTES is a whole number, at least 16384.",
     "staccs-cli settings sync-budget 5000000"},
    {"wipe", CmdWipe, "", 0, 0, {{"yes", K::kFlag, "", "do not ask (needed without a terminal)"}},
     "panic wipe: destroy this kit's keys and store now", "", "staccs-cli wipe --yes"},
    {"verify-release", CmdVerifyRelease, "FILE", 1, 1,
     {{"key", K::kValue, "KEY", "the release key the organisers published: 64 hex digits or a staccs-release.pub file"}},
     "check a downloaded kit (FILE and FILE.sig) against the release key the organisers published",
     "Needs no kit and no passphrase. Get the key by another channel than the file: a key found\n"
     "on the same stick as the download proves nothing.",
     "staccs-cli verify-release staccs_0.1.0_amd64.deb --key 3f2a...(64 hex digits)"},
};

}  // namespace

std::span<const CommandSpec> Commands() { return kCommands; }

}  // namespace staccs::cli
