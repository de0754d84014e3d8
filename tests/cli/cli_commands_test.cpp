// staccs-cli as users and scripts see it: output lines, one-line errors and exit codes.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "test_support.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::test;

namespace {

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

struct Kits {
  TempDir dir;
  fs::path secretariat = dir / "secretariat";
  fs::path participant = dir / "participant";
  std::string campaign_id;
  std::string participant_code;  // the recovery code init printed
  fs::path campaign_file = dir / "call.stc";

  Kits() {
    for (const auto& home : {secretariat, participant}) {
      auto r = RunCli(home, {"init", "--name", "cli test", "--kdf-profile", "test-only-insecure", "--weak-passphrase"});
      REQUIRE_MESSAGE(r.exit_code == 0, r.err);
      CHECK(r.out.find("Recovery code") != std::string::npos);
      const auto at = r.out.find("\n    ");
      REQUIRE(at != std::string::npos);
      participant_code = r.out.substr(at + 5, 34);  // 7 groups of 4 and 6 dashes
    }
    auto r = RunCli(secretariat, {"campaign", "create", "--title", "CLI call", "--relay",
                                  "http://127.0.0.1:9#" + std::string(64, 'a'), "--relay",
                                  "http://127.0.0.1:8080", "--out", campaign_file.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    campaign_id = FirstLine(r.out);
    REQUIRE(campaign_id.size() == 64);
    CHECK(r.err.find("receipts will be shown as unverified") != std::string::npos);
    auto imp = RunCli(participant, {"campaign", "import", campaign_file.string()});
    REQUIRE_MESSAGE(imp.exit_code == 0, imp.err);
  }
};

}  // namespace

TEST_CASE("cli: campaigns are created, imported, listed and shown") {
  Kits k;
  auto list = RunCli(k.participant, {"campaign", "list"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.rfind(k.campaign_id + "\tCLI call\t", 0) == 0);
  auto again = RunCli(k.participant, {"campaign", "import", k.campaign_file.string()});
  CHECK(again.exit_code == 0);
  CHECK(again.out.rfind("already held", 0) == 0);
  auto show = RunCli(k.participant, {"campaign", "show", k.campaign_id.substr(0, 10), "--lang", "fr"});
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("awaiting human review: fr, ar") != std::string::npos);
  CHECK(show.out.find("http://127.0.0.1:9  (receipt key aaaaaaaa") != std::string::npos);
  CHECK(show.out.find("(receipts unverified)") != std::string::npos);
  auto fp = RunCli(k.participant, {"campaign", "import", k.campaign_file.string(), "--expect-fingerprint", "1 2 3"});
  CHECK(fp.exit_code == 2);
  CHECK(fp.err.find("differs from the expected one") != std::string::npos);
}

TEST_CASE("cli: a tampered campaign file is refused with exit 2 and names the file") {
  Kits k;
  std::string bytes = ReadFileText(k.campaign_file);
  bytes[bytes.size() / 2] ^= 0x20;
  fs::path bad = k.dir / "tampered.stc";
  WriteFile(bad, bytes);
  TempDir other;
  REQUIRE(RunCli(other / "kit", {"init", "--kdf-profile", "test-only-insecure", "--weak-passphrase"}).exit_code == 0);
  auto r = RunCli(other / "kit", {"campaign", "import", bad.string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("staccs-cli: " + bad.string() + ": campaign file: ", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(RunCli(other / "kit", {"campaign", "list"}).out.empty());
}

TEST_CASE("cli: drafts are written, edited, listed and shown with word counts") {
  Kits k;
  fs::path answers = k.dir / "answers.md";
  // 300 words for the second question: over its limit of 250, which warns and still saves.
  std::string many;
  for (int i = 0; i < 300; ++i) many += "word ";
  WriteFile(answers, "---\nname: Test Person\nconsent: attributed\n---\n# one\nshort answer here\n# two\n" + many + "\n");
  auto made = RunCli(k.participant, {"draft", "new", "--campaign", k.campaign_id.substr(0, 8), "--answers", answers.string()});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  std::string id = FirstLine(made.out);
  CHECK(id.size() == 32);
  CHECK(made.err.find("warning: the answer to question 2 (challenges) has 300 words, over its limit of 250\n") != std::string::npos);
  CHECK(made.out == id + "\n");  // saved all the same

  auto list = RunCli(k.participant, {"draft", "list"});
  CHECK(list.out == id + "\t" + k.campaign_id + "\tdraft\t303 words (over a limit)\n");

  WriteFile(answers, "# one\nrevised\n");
  auto edit = RunCli(k.participant, {"draft", "edit", id.substr(0, 8), "--answers", answers.string()});
  CHECK(edit.exit_code == 0);
  CHECK(FirstLine(edit.out) == id);
  auto show = RunCli(k.participant, {"draft", "show", id});
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("words:    1 of 1000") != std::string::npos);
  CHECK(show.out.find("revised") != std::string::npos);

  auto bad = RunCli(k.participant, {"draft", "new", "--campaign", k.campaign_id, "--answers", (k.dir / "missing.md").string()});
  CHECK(bad.exit_code == 4);
  CHECK(bad.err.find("missing.md") != std::string::npos);
  WriteFile(answers, "# 1\na\n# 2\nb\n# 3\nc\n# 4\nd\n# 5\ne\n");
  auto too_many = RunCli(k.participant, {"draft", "edit", id, "--answers", answers.string()});
  CHECK(too_many.exit_code == 2);
  CHECK(too_many.err.find("answers.md: answers file: the heading '5' on line 9 names no question") != std::string::npos);
}

TEST_CASE("cli: practices are added, filtered and searched") {
  Kits k;
  fs::path file = k.dir / "p.json";
  WriteFile(file, R"({"title": "Generators at towers", "phase": "resilience", "actors": "operators", "countries": "Sudan"})");
  auto a = RunCli(k.participant, {"practice", "add", "--campaign", k.campaign_id, "--file", file.string()});
  REQUIRE_MESSAGE(a.exit_code == 0, a.err);
  WriteFile(file, R"({"title": "Registry escrow", "phase": "preparing", "kind": "gap", "actors": ["ccTLD registries"]})");
  auto b = RunCli(k.participant, {"practice", "add", "--campaign", k.campaign_id, "--file", file.string()});
  REQUIRE(b.exit_code == 0);
  CHECK(RunCli(k.participant, {"practice", "list"}).out.size() > 0);
  auto filtered = RunCli(k.participant, {"practice", "list", "--phase", "resilience", "--country", "sud"});
  CHECK(filtered.out == FirstLine(a.out) + "\tresilience\tgood-practice\tGenerators at towers\n");
  auto found = RunCli(k.participant, {"practice", "search", "escr"});
  CHECK(found.out == FirstLine(b.out) + "\tpreparing\tgap\tRegistry escrow\n");
  CHECK(RunCli(k.participant, {"practice", "list", "--phase", "someday"}).exit_code == 1);
}

TEST_CASE("cli: usage errors exit 1 and a wrong passphrase exits 2") {
  Kits k;
  auto unknown = RunCli(k.participant, {"frobnicate"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err == "staccs-cli: unknown command 'frobnicate' (see staccs-cli --help)\n");
  CHECK(RunCli(k.participant, {"draft", "new", "--campaign", k.campaign_id}).exit_code == 1);
  CHECK(RunCli(k.participant, {"draft", "show", "abc"}).exit_code == 1);
  CHECK(RunCli(k.participant, {"campaign", "list", "--bogus"}).exit_code == 1);
  auto wrong = RunCli(k.participant, {"campaign", "list"}, "not the passphrase");
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err == "staccs-cli: wrong passphrase\n");
  auto none = RunProcess({CliPath(), "--home", k.participant.string(), "campaign", "list"}, {{"STACCS_PASSPHRASE", ""}});
  CHECK(none.exit_code == 1);
  CHECK(none.err.find("no passphrase") != std::string::npos);
  fs::path pass_file = k.dir / "pass.txt";
  WriteFile(pass_file, "test passphrase\n");
  auto from_file = RunProcess({CliPath(), "--home", k.participant.string(), "--passphrase-file", pass_file.string(),
                               "campaign", "list"}, {{"STACCS_PASSPHRASE", ""}});
  CHECK(from_file.exit_code == 0);
  auto help = RunProcess({CliPath(), "--help"});
  CHECK(help.exit_code == 0);
  for (const char* cmd : {"init", "demo", "campaign create", "campaign import", "draft new", "practice search", "wipe"})
    CHECK(help.out.find(std::string("\n  ") + cmd) != std::string::npos);
}

TEST_CASE("cli: wipe destroys the kit and says what survives") {
  Kits k;
  auto no_confirm = RunCli(k.participant, {"wipe"});
  CHECK(no_confirm.exit_code == 1);
  CHECK(fs::exists(k.participant / "keys.bin"));
  auto wiped = RunCli(k.participant, {"wipe", "--yes"});
  CHECK(wiped.exit_code == 0);
  CHECK(wiped.out.find("key backups, bundles on sticks or relays") != std::string::npos);
  CHECK_FALSE(fs::exists(k.participant / "keys.bin"));
  CHECK_FALSE(fs::exists(k.participant / "kit.db"));
  auto after = RunCli(k.participant, {"campaign", "list"});
  CHECK(after.exit_code == 1);
  CHECK(after.err.find("no kit in") != std::string::npos);
}

TEST_CASE("cli: the demo walks a campaign and a draft through two kits") {
  TempDir dir;
  auto r = RunProcess({CliPath(), "--home", dir.path().string(), "demo"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("5. It records a practice") != std::string::npos);
  CHECK(r.out.find("8. The secretariat imports 2 bundles, opens and verifies 2") != std::string::npos);
  CHECK(r.out.find("marks 2 of its bundles") != std::string::npos);
  CHECK(ReadFileText(dir / "publication.html").find("pre-position generators") != std::string::npos);
  CHECK(fs::exists(dir / "participant" / "keys.bin"));
  auto again = RunProcess({CliPath(), "--home", dir.path().string(), "demo"});
  CHECK(again.exit_code == 0);  // a second run starts over
}

TEST_CASE("cli: a submission goes from draft to publication and back, and a restored kit revises it") {
  Kits k;
  const fs::path stick = k.dir / "stick";
  fs::create_directories(stick);
  fs::path answers = k.dir / "a.md";
  WriteFile(answers, "---\nname: CLI Person\nconsent: attributed\n---\n# one\nfirst version of the answer\n");
  std::string draft = FirstLine(RunCli(k.participant, {"draft", "new", "--campaign", k.campaign_id, "--answers", answers.string()}).out);
  auto submitted = RunCli(k.participant, {"submit", draft.substr(0, 8)});
  REQUIRE_MESSAGE(submitted.exit_code == 0, submitted.err);
  const std::string bundle = FirstLine(submitted.out);
  CHECK(bundle.size() == 64);
  auto exported = RunCli(k.participant, {"usb", "export", stick.string(), "--folder", "notes", "--label", "bag 2"});
  CHECK(exported.exit_code == 0);
  CHECK(exported.out.find("received-logs to stick bag 2\n") != std::string::npos);
  auto paths = RunCli(k.participant, {"outbox", "--paths"});
  CHECK(paths.out.find(bundle + "\tsubmission " + draft.substr(0, 8) + " r1\ton stick bag 2 ") != std::string::npos);
  // Without --paths: one line for the one submission, where it is now.
  auto outbox = RunCli(k.participant, {"outbox"});
  CHECK(std::count(outbox.out.begin(), outbox.out.end(), '\n') == 1);
  CHECK(outbox.out.find("\tsubmission " + draft.substr(0, 8) + " r1\ton a stick ") != std::string::npos);

  auto collect = RunCli(k.secretariat, {"collect", "--from", stick.string(), "--folder", "notes"});
  REQUIRE_MESSAGE(collect.exit_code == 0, collect.err);
  CHECK(collect.out.find("opened 1 bundles, rejected 0") != std::string::npos);
  const fs::path pub = k.dir / "pub.html";
  REQUIRE(RunCli(k.secretariat, {"compile", "--campaign", k.campaign_id, "--format", "html", "--out", pub.string()}).exit_code == 0);
  CHECK(ReadFileText(pub).find("first version of the answer") != std::string::npos);
  CHECK(RunCli(k.secretariat, {"compile", "--campaign", k.campaign_id, "--format", "pdf", "--out", pub.string()}).exit_code == 1);

  auto back = RunCli(k.participant, {"usb", "import", stick.string(), "--folder", "notes"});
  CHECK(back.out.find("1 of your bundles received") != std::string::npos);
  CHECK(RunCli(k.participant, {"outbox", "--paths"}).out.find("received by the secretariat") != std::string::npos);
  auto received = RunCli(k.participant, {"outbox"}).out;
  CHECK(std::count(received.begin(), received.end(), '\n') == 1);
  CHECK(received.find(" r1\treceived ") != std::string::npos);
  CHECK(RunCli(k.participant, {"draft", "list"}).out.find("\treceived r1\t") != std::string::npos);
  CHECK(RunCli(k.participant, {"receipts"}).out.find("acknowledged\t" + bundle) != std::string::npos);

  // Key backup, then a new machine: the restored kit revises the same submission.
  const fs::path backup = k.dir / "keys.stkb";
  REQUIRE(RunCli(k.participant, {"key", "backup", "--out", backup.string()}).exit_code == 0);
  const fs::path restored = k.dir / "restored";
  auto wrong = RunProcess({CliPath(), "--home", restored.string(), "key", "restore", backup.string(),
                           "--weak-passphrase"},
                          {{"STACCS_PASSPHRASE", "new pass"}, {"STACCS_RECOVERY_CODE", std::string(28, 'A')}});
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("recovery code is wrong") != std::string::npos);
  CHECK_FALSE(fs::exists(restored / "keys.bin"));
  auto ok = RunProcess({CliPath(), "--home", restored.string(), "key", "restore", backup.string(), "--kdf-profile",
                        "test-only-insecure", "--weak-passphrase"},
                       {{"STACCS_PASSPHRASE", "test passphrase"}, {"STACCS_RECOVERY_CODE", k.participant_code}});
  REQUIRE_MESSAGE(ok.exit_code == 0, ok.err);
  const auto at = ok.out.find("submission\t");
  REQUIRE(at != std::string::npos);
  const std::string submission = ok.out.substr(at + 11, 32);
  WriteFile(answers, "---\nname: CLI Person\nconsent: attributed\n---\n# one\nsecond version, from the new machine\n");
  auto revised = RunCli(restored, {"draft", "new", "--campaign", k.campaign_id, "--answers", answers.string(),
                                   "--revises", submission.substr(0, 10)});
  REQUIRE_MESSAGE(revised.exit_code == 0, revised.err);
  CHECK(revised.err.find("revision 2 of submission") != std::string::npos);
  const std::string bundle2 = FirstLine(RunCli(restored, {"submit", FirstLine(revised.out)}).out);
  const fs::path file = k.dir / "rev2.stb";
  REQUIRE(RunCli(restored, {"bundle", "export", bundle2, "--out", file.string()}).exit_code == 0);
  // The secretariat's kit opens the bundle as it takes it in: no separate collect needed.
  auto imported = RunCli(k.secretariat, {"bundle", "import", file.string()});
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
  CHECK(imported.out.find("bundles: 1 new") != std::string::npos);
  REQUIRE(imported.out.find("opened 1 bundles, rejected 0") != std::string::npos);
  CHECK(imported.out.find("received-log updated for campaign " + k.campaign_id) != std::string::npos);
  // The campaign's relays cannot be reached here: collect says so in its exit code (every pull
  // failed) and has nothing left to open.
  auto collected = RunCli(k.secretariat, {"collect"});
  CHECK(collected.exit_code == 3);
  CHECK(collected.out.find("opened 0 bundles") != std::string::npos);
  REQUIRE(RunCli(k.secretariat, {"compile", "--campaign", k.campaign_id, "--format", "md", "--out", pub.string()}).exit_code == 0);
  const std::string md = ReadFileText(pub);
  CHECK(md.find("second version, from the new machine") != std::string::npos);
  CHECK(md.find("first version of the answer") == std::string::npos);  // the same submission, revised
}

TEST_CASE("cli: an organiser's carry lists the bundles held for others until the received-log drops them") {
  Kits k;
  const fs::path stick = k.dir / "stick";
  fs::create_directories(stick);
  fs::path answers = k.dir / "a.md";
  WriteFile(answers, "# challenges\ncarried answer\n");
  std::string draft = FirstLine(RunCli(k.participant, {"draft", "new", "--campaign", k.campaign_id, "--answers", answers.string()}).out);
  const std::string bundle = FirstLine(RunCli(k.participant, {"submit", draft}).out);
  REQUIRE(bundle.size() == 64);
  REQUIRE(RunCli(k.participant, {"usb", "export", stick.string()}).exit_code == 0);

  const fs::path organiser = k.dir / "organiser";
  REQUIRE(RunCli(organiser, {"init", "--kdf-profile", "test-only-insecure", "--weak-passphrase"}).exit_code == 0);
  CHECK(RunCli(organiser, {"carry"}).out == "this kit carries no bundles for others\n");
  REQUIRE(RunCli(organiser, {"usb", "import", stick.string()}).exit_code == 0);
  auto carry = RunCli(organiser, {"carry"});
  REQUIRE_MESSAGE(carry.exit_code == 0, carry.err);
  CHECK(carry.out.find("campaign " + k.campaign_id.substr(0, 8) + " CLI call: 1 bundles held") != std::string::npos);
  CHECK(carry.out.find("  " + bundle.substr(0, 16) + "\t") != std::string::npos);
  CHECK(carry.out.find("not yet in the received-log") != std::string::npos);
  CHECK(carry.out.find("not passed on yet") != std::string::npos);
  // The organiser is no secretariat: collect says so instead of "opened 0 bundles".
  auto collect = RunCli(organiser, {"collect", "--from", stick.string()});
  CHECK(collect.exit_code == 1);
  CHECK(collect.err.find("not a campaign's secretariat") != std::string::npos);

  // The secretariat collects; its received-log comes back on the stick and drops the bundle.
  REQUIRE(RunCli(k.secretariat, {"collect", "--from", stick.string()}).exit_code == 0);
  REQUIRE(RunCli(organiser, {"usb", "import", stick.string()}).exit_code == 0);
  CHECK(RunCli(organiser, {"carry"}).out == "this kit carries no bundles for others\n");
  auto all = RunCli(organiser, {"carry", "--all"});
  CHECK(all.out.find("received by the secretariat: dropped ") != std::string::npos);
}

TEST_CASE("cli: submit warns about missing answers and a past deadline, and seals all the same") {
  TempDir dir;
  const fs::path home = dir / "kit";
  REQUIRE(RunCli(home, {"init", "--kdf-profile", "test-only-insecure", "--weak-passphrase"}).exit_code == 0);
  const fs::path call = dir / "call.stc";
  auto made = RunCli(home, {"campaign", "create", "--title", "Late call", "--deadline", "2020-01-31", "--out", call.string()});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  const std::string id = FirstLine(made.out);
  CHECK(RunCli(home, {"campaign", "list"}).out.find("\tclosed on 2020-01-31\n") != std::string::npos);
  const fs::path answers = dir / "answers.md";
  auto tmpl = RunCli(home, {"draft", "template", "--campaign", id.substr(0, 8), "--out", answers.string()});
  REQUIRE_MESSAGE(tmpl.exit_code == 0, tmpl.err);
  CHECK(tmpl.err.find("closed on 2020-01-31") != std::string::npos);
  CHECK(RunCli(home, {"draft", "template", "--campaign", id.substr(0, 8), "--out", answers.string()}).exit_code == 1);
  std::string text = ReadFileText(answers);
  const auto q2 = text.find("(challenges)");
  REQUIRE(q2 != std::string::npos);
  text.insert(text.find("-->", q2) + 4, "fuel runs out\n");
  WriteFile(answers, text);
  auto draft = RunCli(home, {"draft", "new", "--campaign", id, "--answers", answers.string(), "--remove-source"});
  REQUIRE_MESSAGE(draft.exit_code == 0, draft.err);
  CHECK_FALSE(fs::exists(answers));
  CHECK(draft.err.find("question 1 (problem-statement) has no answer") != std::string::npos);
  CHECK(draft.err.find("heading") == std::string::npos);  // the template's headings all match
  const std::string draft_id = FirstLine(draft.out);
  CHECK(RunCli(home, {"draft", "show", draft_id}).out.find("closed on 2020-01-31") != std::string::npos);
  auto sealed = RunCli(home, {"submit", draft_id});
  REQUIRE_MESSAGE(sealed.exit_code == 0, sealed.err);
  CHECK(FirstLine(sealed.out).size() == 64);
  CHECK(sealed.err.find("warning: question 1 (problem-statement) has no answer") != std::string::npos);
  CHECK(sealed.err.find("warning: the campaign closed on 2020-01-31") != std::string::npos);

  // Export reads back through edit to the same answers; delete removes the draft.
  const fs::path exported = dir / "exported.md";
  REQUIRE(RunCli(home, {"draft", "export", draft_id, "--out", exported.string()}).exit_code == 0);
  CHECK(ReadFileText(exported).find("fuel runs out") != std::string::npos);
  auto edited = RunCli(home, {"draft", "edit", draft_id, "--answers", exported.string()});
  CHECK(edited.exit_code == 0);
  CHECK(edited.err.find("delete it") != std::string::npos);
  CHECK(RunCli(home, {"draft", "show", draft_id}).out.find("fuel runs out") != std::string::npos);
  CHECK(RunCli(home, {"draft", "delete", draft_id}).exit_code == 0);
  CHECK(RunCli(home, {"draft", "list"}).out.empty());
  CHECK(RunCli(home, {"draft", "show", draft_id}).exit_code == 1);
  CHECK(RunCli(home, {"campaign", "list", "--lang", "xx"}).exit_code == 1);
}
