// Every folder and file the kit, a stick export or the relay keeps is made through the
// platform's durable calls (platform.h: CreateDirectoriesDurably, CreateFileDurably,
// WriteFileAtomically, AtomicFileWriter, AppendOnlyFile::Open), which flush the folder that
// gained the name. A name made any other way is lost in a power cut even when its bytes were
// flushed (issue 14). This test reads the product's sources and fails on any other way of
// making a name outside the two platform files.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Pattern {
  const char* what;
  std::regex re;
};

const std::vector<Pattern>& Patterns() {
  static const std::vector<Pattern> patterns = {
      {"create_directory/create_directories", std::regex(R"(\bcreate_director(y|ies)\s*\()")},
      {"O_CREAT", std::regex(R"(\bO_CREAT\b)")},
      {"a file stream that can write", std::regex(R"(\b(std::)?(w?ofstream|basic_ofstream|w?fstream|basic_fstream)\b)")},
      {"fopen for writing", std::regex(R"(\b_?w?fopen(64)?(_s)?\s*\([^;]*"[^"]*[wa+][^"]*")")},
      {"mkdir/creat", std::regex(R"((^|[^\w.>:])(::)?(mkdir|mkdirat|creat|_wmkdir)\s*\()")},
      {"a filesystem call that makes a name",
       std::regex(R"(\b(filesystem|fs)::(copy|copy_file|copy_symlink|create_symlink|create_hard_link|create_directory_symlink|rename)\s*\()")},
      {"rename/link (a new name that needs its folder flushed)",
       std::regex(R"(((^|[^\w.>:])(::)?|\bstd::)(rename|renameat2?|link|linkat|symlink|symlinkat)\s*\()")},
      {"SQLite creating its main file", std::regex(R"(\bSQLITE_OPEN_CREATE\b)")},
      {"a Windows call that makes a name",
       std::regex(R"(\b(CreateFile[AW]?|CreateDirectory(Ex)?[AW]?|MoveFile(Ex)?[AW]?|CopyFile(Ex)?[AW]?)\s*\()")},
  };
  return patterns;
}

// Files allowed to make names another way, each with the reason. Keep it short: a new entry
// needs a reason a reviewer accepts (the output is not something anybody relies on after a
// power cut, or the code flushes the folder itself).
const std::map<std::string, std::string>& Allowlist() {
  static const std::map<std::string, std::string> allow = {
      {"core/src/platform_posix.cpp", "the durable calls themselves (POSIX)"},
      {"core/src/platform_windows.cpp", "the durable calls themselves (Windows)"},
      {"core/src/platform_outside_windows.cpp", "CreateFileW with OPEN_EXISTING only: reads outside files, makes no name"},
  };
  return allow;
}

// The line without its comments (and nothing of an #include line).
std::string CodeOf(const std::string& line, bool& in_block_comment) {
  std::string out;
  if (!in_block_comment && line.find_first_not_of(" \t") != std::string::npos &&
      line.compare(line.find_first_not_of(" \t"), 8, "#include") == 0)
    return out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (in_block_comment) {
      if (line.compare(i, 2, "*/") == 0) {
        in_block_comment = false;
        ++i;
      }
      continue;
    }
    if (line.compare(i, 2, "//") == 0) break;
    if (line.compare(i, 2, "/*") == 0) {
      in_block_comment = true;
      ++i;
      continue;
    }
    out.push_back(line[i]);
  }
  return out;
}

bool IsSource(const fs::path& p) {
  const auto ext = p.extension().string();
  return ext == ".cpp" || ext == ".h" || ext == ".in" || ext == ".cc" || ext == ".hpp";
}

std::vector<std::string> Offences() {
  std::vector<std::string> found;
  const fs::path source = STACCS_SOURCE_DIR;
  for (const char* module : {"crypto", "core", "sync", "gui"}) {
    for (const auto& entry : fs::recursive_directory_iterator(source / module)) {
      if (!entry.is_regular_file() || !IsSource(entry.path())) continue;
      const std::string rel = fs::relative(entry.path(), source).generic_string();
      if (Allowlist().count(rel)) continue;
      std::ifstream in(entry.path());
      std::string line;
      bool block = false;
      for (int n = 1; std::getline(in, line); ++n) {
        const std::string code = CodeOf(line, block);
        for (const auto& p : Patterns())
          if (std::regex_search(code, p.re)) found.push_back(rel + ":" + std::to_string(n) + ": " + p.what + ": " + line);
      }
    }
  }
  return found;
}

}  // namespace

TEST_CASE("every name the product makes goes through the platform's durable calls") {
  const auto found = Offences();
  std::ostringstream report;
  for (const auto& f : found) report << "\n  " << f;
  CHECK_MESSAGE(found.empty(), "make these names with platform::CreateDirectoriesDurably, CreateFileDurably, "
                               "WriteFileAtomically, AtomicFileWriter or AppendOnlyFile::Open:"
                                   << report.str());
}

TEST_CASE("the durable-name check sees each way of making a name it looks for") {
  // The check itself can fail: every pattern catches its own example, and comments do not count.
  const std::vector<std::string> offending = {
      "  fs::create_directories(dir, ec);",
      "  int fd = ::open(p, O_WRONLY | O_CREAT, 0600);",
      "  std::ofstream out(tmp, std::ios::binary);",
      "  FILE* f = fopen(name.c_str(), \"wb\");",
      "  ::mkdir(p.c_str(), 0700);",
      "  std::filesystem::rename(tmp, file, ec);",
      "  if (::rename(a, b) != 0) return;",
      "  fs::copy_file(a, b);",
      "  std::rename(a, b);",
      "  std::fstream f(p, std::ios::out);",
      "  sqlite3_open_v2(p, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);",
      "  HANDLE h = CreateFileW(p.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, 0, nullptr);",
  };
  for (const auto& line : offending) {
    bool block = false, caught = false;
    const std::string code = CodeOf(line, block);
    for (const auto& p : Patterns()) caught = caught || std::regex_search(code, p.re);
    CHECK_MESSAGE(caught, line);
  }
  const std::vector<std::string> harmless = {
      "  // like std::filesystem::create_directories, then flushes",
      "  FILE* f = fopen(name.c_str(), \"rb\");",
      "  STACCS_TRY(platform::CreateDirectoriesDurably(dir));",
      "  auto renamed = RenameCounter();",
      "#include <fstream>",
      "  std::copy(a.begin(), a.end(), out.begin());",
      "  ::unlink(tmp.c_str());",
      "  std::ifstream in(path);",
  };
  for (const auto& line : harmless) {
    bool block = false, caught = false;
    const std::string code = CodeOf(line, block);
    for (const auto& p : Patterns()) caught = caught || std::regex_search(code, p.re);
    CHECK_MESSAGE(!caught, line);
  }
}
