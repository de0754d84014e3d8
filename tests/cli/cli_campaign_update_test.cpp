// campaign update: the next sequence, signed with the campaign's key, carried to kits by a file
// and by a stick; an older or foreign-signed file never replaces it (SPEC §2, issue 11).
#include <doctest/doctest.h>

#include <filesystem>

#include "test_support.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT
using namespace staccs::test;

namespace {

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

struct Homes {
  TempDir dir;
  fs::path secretariat = dir / "secretariat", participant = dir / "participant", other = dir / "other";
  fs::path call = dir / "call-1.stc";
  std::string campaign;
  Homes() {
    for (const auto& home : {secretariat, participant, other}) {
      auto r = RunCli(home, {"init", "--kdf-profile", "test-only-insecure", "--weak-passphrase"});
      REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    }
    auto r = RunCli(secretariat, {"campaign", "create", "--title", "First title", "--deadline", "2030-01-31", "--out",
                                  call.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    campaign = FirstLine(r.out);
    REQUIRE(RunCli(participant, {"campaign", "import", call.string()}).exit_code == 0);
  }
};

}  // namespace

TEST_CASE("cli: a campaign update replaces the held campaign by file and by stick, and never goes back") {
  Homes h;
  const fs::path update = h.dir / "call-2.stc";
  auto made = RunCli(h.secretariat, {"campaign", "update", h.campaign.substr(0, 10), "--title", "Second title",
                                     "--deadline", "2030-03-31", "--relay",
                                     "http://127.0.0.1:9#" + std::string(64, 'b'), "--out", update.string()});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  CHECK(made.out == h.campaign + "\tsequence 2\n");
  CHECK(made.err.find("sequence 1 -> 2") != std::string::npos);
  // The secretariat's own kit holds the new sequence.
  CHECK(RunCli(h.secretariat, {"campaign", "show", h.campaign}).out.find("sequence:    2") != std::string::npos);

  // By file.
  auto imported = RunCli(h.participant, {"campaign", "import", update.string()});
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
  CHECK(imported.out.rfind("updated (sequence 1 -> 2)\t" + h.campaign + "\tSecond title", 0) == 0);
  auto show = RunCli(h.participant, {"campaign", "show", h.campaign}).out;
  CHECK(show.find("title:       Second title") != std::string::npos);
  CHECK(show.find("closes 2030-03-31") != std::string::npos);
  CHECK(show.find("relay:       http://127.0.0.1:9  (receipt key bbbbbbbb") != std::string::npos);
  // The older file is refused and changes nothing.
  auto older = RunCli(h.participant, {"campaign", "import", h.call.string()});
  CHECK(older.exit_code == 2);
  CHECK(older.err.find("sequence 1 is older than the one held (2)") != std::string::npos);
  CHECK(RunCli(h.participant, {"campaign", "show", h.campaign}).out.find("sequence:    2") != std::string::npos);

  // By stick: the deadline alone changes (the file keeps its size), and the stick still gets it.
  const fs::path third = h.dir / "call-3.stc";
  REQUIRE(RunCli(h.secretariat, {"campaign", "update", h.campaign, "--deadline", "2030-04-30", "--out", third.string()})
              .exit_code == 0);
  CHECK(fs::file_size(third) == fs::file_size(update));
  const fs::path stick = h.dir / "stick";
  fs::create_directories(stick);
  REQUIRE(RunCli(h.participant, {"usb", "export", stick.string()}).exit_code == 0);  // sequence 2 on the stick
  auto out = RunCli(h.secretariat, {"usb", "export", stick.string()});
  REQUIRE_MESSAGE(out.exit_code == 0, out.err);
  CHECK(out.out.find(", 1 campaigns,") != std::string::npos);
  // A kit still holding sequence 2 does not write it back over the stick's 3.
  auto back = RunCli(h.participant, {"usb", "export", stick.string()});
  CHECK(back.out.find(", 0 campaigns,") != std::string::npos);
  auto picked = RunCli(h.participant, {"usb", "import", stick.string()});
  REQUIRE_MESSAGE(picked.exit_code == 0, picked.err);
  CHECK(picked.out.find("campaigns: 0 new, 1 updated") != std::string::npos);
  CHECK(RunCli(h.participant, {"campaign", "show", h.campaign}).out.find("closes 2030-04-30") != std::string::npos);

  // A deadline can be lifted.
  const fs::path fourth = h.dir / "call-4.stc";
  REQUIRE(RunCli(h.secretariat, {"campaign", "update", h.campaign, "--deadline", "none", "--out", fourth.string()})
              .exit_code == 0);
  REQUIRE(RunCli(h.participant, {"campaign", "import", fourth.string()}).exit_code == 0);
  CHECK(RunCli(h.participant, {"campaign", "show", h.campaign}).out.find("deadline:    no deadline") != std::string::npos);
}

TEST_CASE("cli: only the campaign's own key can issue an update, and a foreign-signed file is refused") {
  Homes h;
  // A kit without the campaign's keys cannot make one.
  REQUIRE(RunCli(h.other, {"campaign", "import", h.call.string()}).exit_code == 0);
  auto refused = RunCli(h.other, {"campaign", "update", h.campaign, "--title", "Hijacked", "--out",
                                  (h.dir / "x.stc").string()});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("does not hold its signing key") != std::string::npos);
  CHECK_FALSE(fs::exists(h.dir / "x.stc"));

  // An update whose signature is not the campaign key's: a byte of the signed body changed.
  const fs::path update = h.dir / "call-2.stc";
  REQUIRE(RunCli(h.secretariat, {"campaign", "update", h.campaign, "--title", "Second", "--out", update.string()})
              .exit_code == 0);
  std::string bytes = ReadFileText(update);
  const auto at = bytes.find("Second");
  REQUIRE(at != std::string::npos);
  bytes[at] = 'X';
  const fs::path forged = h.dir / "forged.stc";
  WriteFile(forged, bytes);
  auto bad = RunCli(h.participant, {"campaign", "import", forged.string()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(forged.string()) != std::string::npos);
  CHECK(RunCli(h.participant, {"campaign", "show", h.campaign}).out.find("sequence:    1") != std::string::npos);

  // Another secretariat's campaign of the same title is another campaign (another id), never an
  // update of this one.
  const fs::path foreign = h.dir / "foreign.stc";
  auto other = RunCli(h.other, {"campaign", "create", "--title", "First title", "--out", foreign.string()});
  REQUIRE(other.exit_code == 0);
  CHECK(FirstLine(other.out) != h.campaign);
  REQUIRE(RunCli(h.participant, {"campaign", "import", foreign.string()}).exit_code == 0);
  CHECK(RunCli(h.participant, {"campaign", "show", h.campaign}).out.find("sequence:    1") != std::string::npos);
}
