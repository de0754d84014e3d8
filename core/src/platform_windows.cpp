// Windows side of platform.h (MinGW-w64 or MSVC). Compiled only for Windows targets.
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#include <shellapi.h>

#include <atomic>
#include <conio.h>
#include <io.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <vector>

#include "staccs/core/platform.h"
#include "user_language.h"
#include "staccs/crypto/random.h"

namespace staccs::platform {

static Error LastError(const std::string& what, const fs::path& path) {
  return Error::Local(path.string() + ": " + what + " (Windows error " + std::to_string(GetLastError()) + ")");
}

static fs::path FolderOf(const fs::path& path) {
  fs::path parent = path.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

Status SyncDirectory(const fs::path& dir) {
  // Windows has no documented folder fsync. NTFS accepts FlushFileBuffers on a folder handle
  // opened for writing with backup semantics and writes the folder's metadata out; FAT and
  // exFAT refuse it, and there the write-through renames below and removable drives' "quick
  // removal" (no write cache) are what we have. Refusals are not errors; real I/O errors are.
  HANDLE h = CreateFileW(dir.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                         nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (h == INVALID_HANDLE_VALUE) return {};
  const bool ok = FlushFileBuffers(h) != 0;
  const DWORD why = ok ? 0 : GetLastError();
  CloseHandle(h);
  if (ok || why == ERROR_INVALID_FUNCTION || why == ERROR_ACCESS_DENIED || why == ERROR_NOT_SUPPORTED) return {};
  SetLastError(why);
  return LastError("cannot flush folder", dir);
}

Status CreateDirectoriesDurably(const fs::path& dir_in, FolderAccess) {
  fs::path dir = dir_in.lexically_normal();
  if (!dir.empty() && dir.filename().empty() && dir != dir.root_path()) dir = dir.parent_path();
  if (dir.empty()) return Error::Usage("cannot make a folder with an empty name");
  std::vector<fs::path> missing;  // deepest first
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    const DWORD attrs = GetFileAttributesW(p.c_str());
    if (attrs != INVALID_FILE_ATTRIBUTES) {
      if ((attrs & FILE_ATTRIBUTE_DIRECTORY) == 0) return Error::Local(p.string() + ": exists and is not a folder");
      break;
    }
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it)
    if (!CreateDirectoryW(it->c_str(), nullptr) && GetLastError() != ERROR_ALREADY_EXISTS)
      return LastError("cannot create folder", *it);
  for (const fs::path& made : missing) STACCS_TRY(SyncDirectory(FolderOf(made)));
  return {};
}

Status CreateFileDurably(const fs::path& path) {
  HANDLE h = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    if (GetLastError() == ERROR_FILE_EXISTS) return {};
    return LastError("cannot create", path);
  }
  const bool ok = FlushFileBuffers(h) != 0;
  CloseHandle(h);
  if (!ok) return LastError("cannot flush", path);
  return SyncDirectory(FolderOf(path));
}

namespace {
class WindowsAtomicFileWriter : public AtomicFileWriter {
 public:
  WindowsAtomicFileWriter(HANDLE h, fs::path path, fs::path tmp) : h_(h), path_(std::move(path)), tmp_(std::move(tmp)) {}
  ~WindowsAtomicFileWriter() override {
    if (h_ != INVALID_HANDLE_VALUE) CloseHandle(h_);
    if (!committed_) DeleteFileW(tmp_.c_str());
  }
  Status Write(ByteView bytes) override {
    if (h_ == INVALID_HANDLE_VALUE) return Error::Local(tmp_.string() + ": written after it was closed");
    const std::uint8_t* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
      DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(left, 1u << 30)), written = 0;
      if (!WriteFile(h_, p, chunk, &written, nullptr) || written != chunk) return LastError("cannot write", tmp_);
      p += written;
      left -= written;
    }
    return {};
  }
  Status Commit() override {
    if (h_ == INVALID_HANDLE_VALUE) return Error::Local(tmp_.string() + ": committed twice");
    const bool flushed = FlushFileBuffers(h_) != 0;
    const DWORD why = flushed ? 0 : GetLastError();
    CloseHandle(h_);
    h_ = INVALID_HANDLE_VALUE;
    if (!flushed) {
      SetLastError(why);
      return LastError("cannot flush", tmp_);
    }
    // Write-through: MoveFileEx returns once the rename is on the device.
    if (!MoveFileExW(tmp_.c_str(), path_.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
      return LastError("cannot rename into place", path_);
    committed_ = true;
    return {};
  }

 private:
  HANDLE h_;
  fs::path path_, tmp_;
  bool committed_ = false;
};
}  // namespace

Result<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Create(const fs::path& path) {
  fs::path tmp = FolderOf(path) / PathFromUtf8("." + path.filename().string() + ".tmp-" + crypto::RandomId().substr(0, 8));
  HANDLE h = CreateFileW(tmp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) return LastError("cannot create", tmp);
  return std::unique_ptr<AtomicFileWriter>(new WindowsAtomicFileWriter(h, path, std::move(tmp)));
}

Status WriteFileAtomically(const fs::path& path, ByteView contents) {
  STACCS_ASSIGN(auto writer, AtomicFileWriter::Create(path));
  STACCS_TRY(writer->Write(contents));
  return writer->Commit();
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
  DWORD read = 0;
  // Byte by byte straight into guarded memory, so no ordinary buffer ever holds a byte of it;
  // a '\r' is overwritten by the next byte.
  while (len < line.size() && ::ReadFile(in, line.data() + len, 1, &read, nullptr) && read == 1 &&
         line.data()[len] != '\n') {
    if (line.data()[len] != '\r') ++len;
  }
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
      const bool ok = ::ReadFile(h_, out.data() + done, static_cast<DWORD>(std::min<std::size_t>(size - done, 1u << 30)), &got, &ov);
      if ((ok && got == 0) || (!ok && GetLastError() == ERROR_HANDLE_EOF))
        return Error::Local(path_.string() + ": cannot read " + std::to_string(size) + " bytes at offset " +
                            std::to_string(offset) + ": unexpected end of file");
      if (!ok) return LastError("cannot read", path_);
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
  if (GetLastError() != ERROR_ALREADY_EXISTS) {
    // A new file: on the device, and named in its folder, before anything is appended.
    if (!FlushFileBuffers(h)) {
      Error e = LastError("cannot flush", path);
      CloseHandle(h);
      return e;
    }
    if (auto st = SyncDirectory(FolderOf(path)); !st) {
      CloseHandle(h);
      return std::move(st).error();
    }
  }
  LARGE_INTEGER size{};
  GetFileSizeEx(h, &size);
  return std::unique_ptr<AppendOnlyFile>(new WindowsAppendOnlyFile(h, path, static_cast<std::uint64_t>(size.QuadPart)));
}

bool StdinIsTerminal() { return _isatty(_fileno(stdin)) != 0; }

fs::path DefaultDataDirectory() {
  // The local, not the roaming, application-data folder: a roaming profile would copy the
  // store (and its WAL mid-write) to a domain's file server the participant does not control.
  for (const wchar_t* name : {L"LOCALAPPDATA", L"APPDATA"})
    if (const wchar_t* dir = _wgetenv(name); dir != nullptr && *dir != 0) return fs::path(dir) / "STACCS";
  return fs::current_path() / "staccs-data";
}

std::optional<fs::path> ExecutableDirectory() {
  wchar_t buf[MAX_PATH * 4];
  DWORD n = GetModuleFileNameW(nullptr, buf, static_cast<DWORD>(std::size(buf)));
  if (n == 0 || n == std::size(buf)) return std::nullopt;
  return fs::path(std::wstring(buf, n)).parent_path();
}

std::int64_t UnixTimeNow() { return static_cast<std::int64_t>(std::time(nullptr)); }

namespace {
// The last word on a crash: end the process at once, so Windows Error Reporting never runs
// and never writes a dump of memory holding decrypted answers.
LONG WINAPI EndWithoutReport(EXCEPTION_POINTERS*) {
  TerminateProcess(GetCurrentProcess(), 3);
  return EXCEPTION_EXECUTE_HANDLER;
}
}  // namespace

std::string UserLanguage() {
  // Set only where someone chose to (Wine passes the Unix locale on; a script may set it).
  if (std::string env = LanguageFromEnvironment(); !env.empty()) return env;
  wchar_t name[LOCALE_NAME_MAX_LENGTH] = {};
  // The display language's name, "ar-SA"; its language part is ISO 639-1 where one exists.
  ULONG count = 0, size = LOCALE_NAME_MAX_LENGTH;
  if (!GetUserPreferredUILanguages(MUI_LANGUAGE_NAME, &count, name, &size) || count == 0) return {};
  std::string lang;
  for (const wchar_t* p = name; *p >= L'a' && *p <= L'z' && lang.size() < 3; ++p) lang += static_cast<char>(*p);
  return lang.size() == 2 ? lang : std::string();
}

namespace {
std::string Utf8FromWide(const wchar_t* w) {
  const int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, nullptr, 0, nullptr, nullptr);
  if (n <= 1) return {};
  std::string out(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, w, -1, out.data(), n, nullptr, nullptr);
  out.pop_back();  // the terminator WideCharToMultiByte wrote
  return out;
}
}  // namespace

std::vector<std::string> Utf8Arguments(int argc, char** argv) {
  int n = 0;
  LPWSTR* wide = CommandLineToArgvW(GetCommandLineW(), &n);
  std::vector<std::string> out;
  if (wide != nullptr && n == argc) {
    for (int i = 1; i < n; ++i) out.push_back(Utf8FromWide(wide[i]));
  } else {
    // The C runtime and Windows split the command line differently (a rare quoting case):
    // keep the runtime's arguments, UTF-8 under the manifest.
    for (int i = 1; i < argc; ++i) out.emplace_back(argv[i]);
  }
  if (wide != nullptr) LocalFree(wide);
  return out;
}

std::optional<std::string> Utf8Environment(const char* name) {
  std::wstring wide_name;
  for (const char* c = name; *c != 0; ++c) wide_name.push_back(static_cast<wchar_t>(static_cast<unsigned char>(*c)));
  const wchar_t* value = _wgetenv(wide_name.c_str());
  if (value == nullptr || *value == 0) return std::nullopt;
  return Utf8FromWide(value);
}

void UseUtf8Console() {
  SetConsoleOutputCP(CP_UTF8);
  SetConsoleCP(CP_UTF8);
}

Status HardenProcess() {
  // No "program has stopped working" dialog (its report would carry a memory dump).
  SetErrorMode(GetErrorMode() | SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
  SetUnhandledExceptionFilter(EndWithoutReport);
  // Also out of WER's reach if something else calls it (best effort: an administrator's
  // LocalDumps policy can still be set per machine). wer.dll is loaded from System32 only, by
  // hand: a portable kit runs from a stick, where a planted DLL must not be picked up, and
  // MinGW's werapi.h does not compile.
  using ExcludeFn = HRESULT(WINAPI*)(PCWSTR, BOOL);
  if (HMODULE wer = LoadLibraryExW(L"wer.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32)) {
    auto exclude = reinterpret_cast<ExcludeFn>(reinterpret_cast<void*>(GetProcAddress(wer, "WerAddExcludedApplication")));
    wchar_t exe[MAX_PATH * 4];
    DWORD n = GetModuleFileNameW(nullptr, exe, static_cast<DWORD>(std::size(exe)));
    if (exclude != nullptr && n > 0 && n < std::size(exe)) {
      const wchar_t* name = exe;
      for (DWORD i = 0; i < n; ++i)
        if (exe[i] == L'\\' || exe[i] == L'/') name = exe + i + 1;
      (void)exclude(name, FALSE);
    }
  }
  return {};
}

}  // namespace staccs::platform
