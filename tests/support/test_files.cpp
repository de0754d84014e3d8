// The portable half of test_support.h: temporary folders, reading and writing files, waiting
// for a condition. Built for every platform, so the Windows test program links it alone.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "test_support.h"

namespace staccs::test {

TempDir::TempDir() {
  // Two draws: random_device alone may repeat across processes where it is a seeded PRNG
  // (older MinGW), and tests run in parallel.
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("staccs-test-" + std::to_string(rd()) + "-" + std::to_string(rd()) + "-" +
                                       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

bool Eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

void WriteFile(const fs::path& path, const std::string& contents) {
  std::ofstream f(path, std::ios::binary);
  f << contents;
}

std::string ReadFileText(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

bool FileContains(const fs::path& path, ByteView needle) {
  std::string data = ReadFileText(path);
  return std::search(data.begin(), data.end(), needle.begin(), needle.end(),
                     [](char a, std::uint8_t b) { return static_cast<std::uint8_t>(a) == b; }) != data.end();
}

std::vector<fs::path> FilesContaining(const fs::path& dir, ByteView needle) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec))
    if (entry.is_regular_file() && FileContains(entry.path(), needle)) out.push_back(entry.path());
  return out;
}

}  // namespace staccs::test
