// Windows side of platform.h (MinGW-w64 or MSVC). Compiled only for Windows targets.
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <atomic>
#include <conio.h>
#include <io.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>

#include "staccs/core/platform.h"
#include "staccs/crypto/random.h"

namespace staccs::platform {

static Error LastError(const std::string& what, const fs::path& path) {
  return Error::Local(path.string() + ": " + what + " (Windows error " + std::to_string(GetLastError()) + ")");
}

Status SyncDirectory(const fs::path&) {
  // NTFS and FAT on Windows have no directory fsync; MoveFileEx with MOVEFILE_WRITE_THROUGH
  // (below) does not return before the rename is on disk.
  return {};
}

Status WriteFileAtomically(const fs::path& path, ByteView contents) {
  fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  fs::path tmp = dir / ("." + path.filename().string() + ".tmp-" + crypto::RandomId().substr(0, 8));
  HANDLE h = CreateFileW(tmp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) return LastError("cannot create", tmp);
  const std::uint8_t* p = contents.data();
  std::size_t left = contents.size();
  bool ok = true;
  while (ok && left > 0) {
    DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(left, 1u << 30)), written = 0;
    ok = WriteFile(h, p, chunk, &written, nullptr) && written == chunk;
    p += written;
    left -= written;
  }
  ok = ok && FlushFileBuffers(h);
  CloseHandle(h);
  if (!ok) {
    Error e = LastError("cannot write", tmp);
    DeleteFileW(tmp.c_str());
    return e;
  }
  if (!MoveFileExW(tmp.c_str(), path.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    Error e = LastError("cannot rename into place", path);
    DeleteFileW(tmp.c_str());
    return e;
  }
  return {};
}

Result<Bytes> ReadFile(const fs::path& path, std::size_t max_size) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return Error::Local(path.string() + ": cannot open: " + ec.message());
  if (size > max_size)
    return Error::BadInput(path.string() + ": file is larger than " + std::to_string(max_size) + " bytes");
  std::ifstream f(path, std::ios::binary);
  if (!f) return Error::Local(path.string() + ": cannot open");
  Bytes out((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  return out;
}

void DropFileCache(const fs::path&) {
  // Windows has no per-file cache eviction; files on removable drives are opened without
  // write caching by default ("quick removal"), which is the protection we get there.
}

Status OverwriteAndRemove(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  auto size = fs::file_size(path, ec);
  if (!ec && size > 0) {
    HANDLE h = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h != INVALID_HANDLE_VALUE) {
      Bytes noise = crypto::RandomBytes(static_cast<std::size_t>(size));
      DWORD written = 0;
      WriteFile(h, noise.data(), static_cast<DWORD>(noise.size()), &written, nullptr);
      FlushFileBuffers(h);
      CloseHandle(h);
    }
  }
  if (!DeleteFileW(path.c_str()) && GetLastError() != ERROR_FILE_NOT_FOUND) return LastError("cannot remove", path);
  return {};
}

std::optional<crypto::Passphrase> ReadPassphraseFromTerminal(const std::string& prompt) {
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  DWORD mode = 0;
  if (in == INVALID_HANDLE_VALUE || !GetConsoleMode(in, &mode)) return std::nullopt;
  SetConsoleMode(in, mode & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
  DWORD written = 0;
  WriteConsoleA(GetStdHandle(STD_ERROR_HANDLE), prompt.data(), static_cast<DWORD>(prompt.size()), &written, nullptr);
  crypto::Passphrase line(1024);
  std::size_t len = 0;
  char c = 0;
  DWORD read = 0;
  while (len < line.size() && ::ReadFile(in, &c, 1, &read, nullptr) && read == 1 && c != '\n') {
    if (c != '\r') line.data()[len++] = static_cast<std::uint8_t>(c);
  }
  crypto::Wipe(&c, 1);
  SetConsoleMode(in, mode);
  WriteConsoleA(GetStdHandle(STD_ERROR_HANDLE), "\r\n", 2, &written, nullptr);
  return crypto::Passphrase::Copy({line.data(), len});
}

namespace {
class WindowsAppendOnlyFile : public AppendOnlyFile {
 public:
  WindowsAppendOnlyFile(HANDLE h, fs::path path, std::uint64_t size) : h_(h), path_(std::move(path)), size_(size) {}
  ~WindowsAppendOnlyFile() override { CloseHandle(h_); }
  Result<std::uint64_t> Append(ByteView bytes) override {
    const std::uint64_t at = size_;
    std::size_t done = 0;
    while (done < bytes.size()) {
      DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size() - done, 1u << 30)), written = 0;
      if (!WriteFile(h_, bytes.data() + done, chunk, &written, nullptr)) return LastError("cannot append", path_);
      done += written;
    }
    size_ += bytes.size();
    return at;
  }
  Status Sync() override {
    if (!FlushFileBuffers(h_)) return LastError("cannot flush", path_);
    return {};
  }
  Result<Bytes> ReadAt(std::uint64_t offset, std::size_t size) override {
    Bytes out(size);
    std::size_t done = 0;
    while (done < size) {
      OVERLAPPED ov{};
      const std::uint64_t at = offset + done;
      ov.Offset = static_cast<DWORD>(at);
      ov.OffsetHigh = static_cast<DWORD>(at >> 32);
      DWORD got = 0;
      if (!::ReadFile(h_, out.data() + done, static_cast<DWORD>(std::min<std::size_t>(size - done, 1u << 30)), &got, &ov) || got == 0)
        return LastError("cannot read", path_);
      done += got;
    }
    return out;
  }
  std::uint64_t size() const override { return size_.load(); }

 private:
  HANDLE h_;
  fs::path path_;
  std::atomic<std::uint64_t> size_;  // read by other threads (quota checks)
};
}  // namespace

Result<std::unique_ptr<AppendOnlyFile>> AppendOnlyFile::Open(const fs::path& path) {
  HANDLE h = CreateFileW(path.c_str(), FILE_APPEND_DATA | GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_ALWAYS,
                         FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) return LastError("cannot open", path);
  LARGE_INTEGER size{};
  GetFileSizeEx(h, &size);
  return std::unique_ptr<AppendOnlyFile>(new WindowsAppendOnlyFile(h, path, static_cast<std::uint64_t>(size.QuadPart)));
}

bool StdinIsTerminal() { return _isatty(_fileno(stdin)) != 0; }

fs::path DefaultDataDirectory() {
  if (const wchar_t* appdata = _wgetenv(L"APPDATA"); appdata != nullptr && *appdata != 0)
    return fs::path(appdata) / "STACCS";
  return fs::current_path() / "staccs-data";
}

std::optional<fs::path> ExecutableDirectory() {
  wchar_t buf[MAX_PATH * 4];
  DWORD n = GetModuleFileNameW(nullptr, buf, static_cast<DWORD>(std::size(buf)));
  if (n == 0 || n == std::size(buf)) return std::nullopt;
  return fs::path(std::wstring(buf, n)).parent_path();
}

std::int64_t UnixTimeNow() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace staccs::platform
