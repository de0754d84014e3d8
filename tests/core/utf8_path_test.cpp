// Text becomes a path through platform::PathFromUtf8, and names outside ASCII come back as
// the same UTF-8 (on Windows a plain std::string would be read byte by byte: "José" would
// name "JosÃ©"). Runs on Linux and, in portable_tests.exe, under Wine.
#include <doctest/doctest.h>

#include <string>

#include "staccs/core/platform.h"
#include "test_support.h"

using namespace staccs;

namespace {
const std::string kFolder = "ملفات José";      // a participant's folder: Arabic and a Latin accent
const std::string kFile = "إجابات-2026 Ñandú.md";  // and a file in it
}  // namespace

TEST_CASE("a UTF-8 name becomes a path that gives back the same UTF-8") {
  const std::filesystem::path p = platform::PathFromUtf8(kFolder + "/" + kFile);
  CHECK(p.filename().string() == kFile);
  CHECK(p.parent_path().filename().string() == kFolder);
  const std::u8string u = p.filename().u8string();
  CHECK(std::string(reinterpret_cast<const char*>(u.data()), u.size()) == kFile);
  CHECK(platform::PathFromUtf8("").empty());
}

TEST_CASE("a file made under a UTF-8 name is listed and read back under that name") {
  test::TempDir tmp;
  const std::filesystem::path folder = tmp.path() / platform::PathFromUtf8(kFolder);
  REQUIRE(platform::CreateDirectoriesDurably(folder));
  const std::filesystem::path file = folder / platform::PathFromUtf8(kFile);
  REQUIRE(platform::WriteFileAtomically(file, AsBytes(std::string_view("نص"))));

  std::vector<std::string> listed;
  for (const auto& e : std::filesystem::directory_iterator(tmp.path())) listed.push_back(e.path().filename().string());
  CHECK(listed == std::vector<std::string>{kFolder});
  listed.clear();
  for (const auto& e : std::filesystem::directory_iterator(folder)) listed.push_back(e.path().filename().string());
  CHECK(listed == std::vector<std::string>{kFile});  // and no temporary name left behind

  // Round trip through text, as a path shown in a report and typed back in.
  auto back = platform::ReadFile(platform::PathFromUtf8(file.string()), 1024);
  REQUIRE(back);
  CHECK(std::string(back->begin(), back->end()) == "نص");
}

TEST_CASE("an environment variable is read as UTF-8, and an empty one as unset") {
#ifdef _WIN32
  _wputenv_s(L"STACCS_TEST_UTF8", L"\u0645\u0644\u0641 Jos\u00e9");
  _wputenv_s(L"STACCS_TEST_EMPTY", L"");
#else
  ::setenv("STACCS_TEST_UTF8", "ملف José", 1);
  ::setenv("STACCS_TEST_EMPTY", "", 1);
#endif
  CHECK(platform::Utf8Environment("STACCS_TEST_UTF8") == std::optional<std::string>("ملف José"));
  CHECK_FALSE(platform::Utf8Environment("STACCS_TEST_EMPTY"));
  CHECK_FALSE(platform::Utf8Environment("STACCS_TEST_NEVER_SET_ANYWHERE"));
}
