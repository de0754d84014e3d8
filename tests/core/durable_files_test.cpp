// The platform's durable name-making calls (platform.h). That their flushes survive a power
// cut is proven by tests/powercut/; here: what they make, what they leave alone, their errors.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>

#include "staccs/core/platform.h"
#include "test_support.h"

using namespace staccs;
namespace fs = std::filesystem;  // NOLINT

TEST_CASE("durable folder creation makes every missing level and leaves existing ones alone") {
  test::TempDir dir;
  test::WriteFile(dir / "keep.txt", "kept");
  REQUIRE(platform::CreateDirectoriesDurably(dir / "a" / "b" / "c").ok());
  CHECK(fs::is_directory(dir / "a" / "b" / "c"));
  struct stat st {};
  REQUIRE(::stat((dir / "a" / "b").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  // Again, with a trailing separator: nothing to make, no error.
  REQUIRE(platform::CreateDirectoriesDurably((dir / "a" / "b" / "c").string() + "/").ok());
  REQUIRE(platform::CreateDirectoriesDurably(dir / "shared", platform::FolderAccess::kShared).ok());
  REQUIRE(::stat((dir / "shared").c_str(), &st) == 0);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  CHECK((st.st_mode & 0777) == (0755 & ~mask));
  CHECK(test::ReadFileText(dir / "keep.txt") == "kept");
}

TEST_CASE("durable folder creation refuses a file in the way and names it") {
  test::TempDir dir;
  test::WriteFile(dir / "a", "a file");
  auto st = platform::CreateDirectoriesDurably(dir / "a" / "b");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find((dir / "a").string() + ": exists and is not a folder") != std::string::npos);
  CHECK_FALSE(platform::CreateDirectoriesDurably("").ok());
}

TEST_CASE("durable file creation makes an empty private file and leaves an existing one as it is") {
  test::TempDir dir;
  REQUIRE(platform::CreateFileDurably(dir / "new.db").ok());
  CHECK(fs::file_size(dir / "new.db") == 0);
  struct stat st {};
  REQUIRE(::stat((dir / "new.db").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  test::WriteFile(dir / "old.db", "content");
  REQUIRE(platform::CreateFileDurably(dir / "old.db").ok());
  CHECK(test::ReadFileText(dir / "old.db") == "content");
  fs::create_directory(dir / "folder");
  CHECK_FALSE(platform::CreateFileDurably(dir / "folder").ok());
  auto missing = platform::CreateFileDurably(dir / "no" / "such" / "file");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("cannot create") != std::string::npos);
}

TEST_CASE("an append-only file read past its end says unexpected end of file") {
  test::TempDir dir;
  auto file = platform::AppendOnlyFile::Open(dir / "log.seg");
  REQUIRE(file.ok());
  const Bytes ten(10, 7);
  REQUIRE((*file)->Append(ten).ok());
  CHECK((*file)->ReadAt(2, 8).ok());
  auto past = (*file)->ReadAt(4, 8);
  REQUIRE_FALSE(past.ok());
  CHECK(past.error().message.find("unexpected end of file") != std::string::npos);
  CHECK(past.error().message.find("Success") == std::string::npos);
  // Reopened, it keeps what was appended and appends after it.
  file = platform::AppendOnlyFile::Open(dir / "log.seg");
  REQUIRE(file.ok());
  CHECK((*file)->size() == 10);
}
