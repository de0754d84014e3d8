// The power-cut layer itself can fail: run under the shim, plain shell commands (coreutils'
// `sync FILE` is one fsync of FILE) show that only flushed bytes and flushed names survive a
// cut, that an inode number reused after a removal does not take an old name's bytes, and
// that a rename is durable only once its folder is flushed.
#include <doctest/doctest.h>

#include "power_cut.h"
#include "test_support.h"

using namespace staccs;
namespace fs = std::filesystem;

namespace {

void Shell(const test::PowerCutRoot& pc, const std::string& script) {
  auto env = pc.Env();
  env["R"] = pc.root().string();
  auto r = test::RunProcess({"/bin/sh", "-ec", script}, env);
  REQUIRE_MESSAGE(r.exit_code == 0, script << ": " << r.err);
}

std::string Text(const fs::path& p) { return fs::exists(p) ? test::ReadFileText(p) : std::string("<missing>"); }

}  // namespace

TEST_CASE("the power-cut model keeps only flushed bytes and flushed names") {
  test::TempDir dir;
  test::PowerCutRoot pc(dir.path());
  test::WriteFile(pc.root() / "old", "base\n");
  pc.Baseline();
  Shell(pc,
        "echo changed > $R/old\n"                           // never flushed: the old bytes stay
        "echo one > $R/a; sync $R/a; sync $R\n"             // bytes and name flushed
        "echo two >> $R/a\n"                                // appended, not flushed
        "echo x > $R/b; sync $R/b\n"                        // bytes flushed, name never
        "mkdir $R/d; echo y > $R/d/c; sync $R/d/c; sync $R/d\n");  // d's name never flushed
  const fs::path image = pc.Cut();
  CHECK(Text(image / "old") == "base\n");
  CHECK(Text(image / "a") == "one\n");
  CHECK(Text(image / "b") == "<missing>");
  CHECK(Text(image / "d" / "c") == "<missing>");
  Shell(pc, "sync $R");
  const fs::path later = pc.Cut();
  CHECK(Text(later / "b") == "x\n");
  CHECK(fs::is_directory(later / "d"));
  CHECK(Text(later / "d" / "c") == "y\n");  // d's own entries were flushed before
  CHECK(Text(later / "old") == "base\n");
}

TEST_CASE("the power-cut model keeps a removed name's bytes when its inode number is reused") {
  test::TempDir dir;
  test::PowerCutRoot pc(dir.path());
  pc.Baseline();
  Shell(pc, "echo first > $R/a; sync $R/a; sync $R");
  // ext4 hands the freed inode number to the next file made: the model must tell them apart.
  Shell(pc, "rm $R/a; echo second > $R/n; sync $R/n");
  const fs::path image = pc.Cut();
  CHECK(Text(image / "a") == "first\n");
  CHECK(Text(image / "n") == "<missing>");
  Shell(pc, "sync $R");
  const fs::path later = pc.Cut();
  CHECK(Text(later / "a") == "<missing>");
  CHECK(Text(later / "n") == "second\n");
}

TEST_CASE("the power-cut model makes a rename over a file durable only when its folder is flushed") {
  test::TempDir dir;
  test::PowerCutRoot pc(dir.path());
  pc.Baseline();
  Shell(pc, "echo v1 > $R/t; sync $R/t; sync $R; echo v2 > $R/t.tmp; sync $R/t.tmp; mv $R/t.tmp $R/t");
  const fs::path image = pc.Cut();
  CHECK(Text(image / "t") == "v1\n");
  CHECK(Text(image / "t.tmp") == "<missing>");
  Shell(pc, "sync $R");
  const fs::path later = pc.Cut();
  CHECK(Text(later / "t") == "v2\n");
  CHECK(Text(later / "t.tmp") == "<missing>");
}

TEST_CASE("the power-cut shim stops a program at the flush it is told to") {
  test::TempDir dir;
  test::PowerCutRoot pc(dir.path());
  pc.Baseline();
  auto env = pc.Env(/*kill_at=*/2);
  env["R"] = pc.root().string();
  auto r = test::RunProcess({"/bin/sh", "-ec", "echo a > $R/a; sync $R/a; sync $R; echo after > $R/after"}, env);
  CHECK(r.exit_code != 0);
  CHECK_FALSE(fs::exists(pc.root() / "after"));
  CHECK(pc.Flushes() == 2);
  const fs::path image = pc.Cut();
  CHECK(Text(image / "a") == "<missing>");  // the folder's flush was the one cut
}
