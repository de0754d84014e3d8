// POSIX side of platform.h (Linux; macOS would need F_FULLFSYNC in SyncFd).
#include <fcntl.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "staccs/core/platform.h"
#include "user_language.h"
#include "staccs/crypto/random.h"

namespace staccs::platform {

static Error Errno(const std::string& what, const fs::path& path) {
  return Error::Local(path.string() + ": " + what + ": " + std::strerror(errno));
}

static bool WriteAll(int fd, const std::uint8_t* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

Status SyncDirectory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open folder to flush it", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("cannot flush folder", dir);
  return {};
}

// The folder a path's last component lives in ("." for a bare name).
static fs::path FolderOf(const fs::path& path) {
  fs::path parent = path.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

Status CreateDirectoriesDurably(const fs::path& dir_in, FolderAccess access) {
  fs::path dir = dir_in.lexically_normal();
  if (!dir.empty() && dir.filename().empty()) dir = dir.parent_path();  // "a/b/" names "a/b"
  if (dir.empty()) return Error::Usage("cannot make a folder with an empty name");
  // The missing folders, deepest first.
  std::vector<fs::path> missing;
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return Error::Local(p.string() + ": exists and is not a folder");
      break;
    }
    // ENOTDIR: a file further up is in the way; the walk up finds and names it.
    if (errno != ENOENT && errno != ENOTDIR) return Errno("cannot look at folder", p);
    missing.push_back(p);
    if (p == p.parent_path()) break;  // a root that does not exist: mkdir says why below
  }
  const mode_t mode = access == FolderAccess::kPrivate ? 0700 : 0755;
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    // EEXIST: someone made it meanwhile; its parent is flushed below all the same, since
    // nothing says they did.
    if (::mkdir(it->c_str(), mode) != 0 && errno != EEXIST) return Errno("cannot create folder", *it);
  }
  // Deepest first: a folder becomes reachable from its parent only once what it holds is.
  for (const fs::path& made : missing) STACCS_TRY(SyncDirectory(FolderOf(made)));
  return {};
}

Status CreateFileDurably(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno != EEXIST) return Errno("cannot create", path);
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return Errno("cannot look at", path);
    if (!S_ISREG(st.st_mode)) return Error::Local(path.string() + ": exists and is not a regular file");
    return {};
  }
  // The file is empty: there are no bytes to flush, only its name, which the folder holds.
  ::close(fd);
  return SyncDirectory(FolderOf(path));
}

namespace {
class PosixAtomicFileWriter : public AtomicFileWriter {
 public:
  PosixAtomicFileWriter(int fd, fs::path path, fs::path tmp) : fd_(fd), path_(std::move(path)), tmp_(std::move(tmp)) {}
  ~PosixAtomicFileWriter() override {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(tmp_.c_str());
  }
  Status Write(ByteView bytes) override {
    if (fd_ < 0) return Error::Local(tmp_.string() + ": written after it was closed");
    if (!WriteAll(fd_, bytes.data(), bytes.size())) return Errno("cannot write", tmp_);
    return {};
  }
  Status Commit() override {
    if (fd_ < 0) return Error::Local(tmp_.string() + ": committed twice");
    const int rc = ::fsync(fd_);
    ::close(fd_);
    fd_ = -1;
    if (rc != 0) return Errno("cannot flush", tmp_);
    if (::rename(tmp_.c_str(), path_.c_str()) != 0) return Errno("cannot rename into place", path_);
    committed_ = true;
    return SyncDirectory(FolderOf(path_));
  }

 private:
  int fd_;
  fs::path path_, tmp_;
  bool committed_ = false;
};
}  // namespace

Result<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Create(const fs::path& path) {
  fs::path tmp = FolderOf(path) / PathFromUtf8("." + path.filename().string() + ".tmp-" + crypto::RandomId().substr(0, 8));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("cannot create", tmp);
  return std::unique_ptr<AtomicFileWriter>(new PosixAtomicFileWriter(fd, path, std::move(tmp)));
}

Status WriteFileAtomically(const fs::path& path, ByteView contents) {
  STACCS_ASSIGN(auto writer, AtomicFileWriter::Create(path));
  STACCS_TRY(writer->Write(contents));
  return writer->Commit();
}

Result<Bytes> ReadFile(const fs::path& path, std::size_t max_size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", path);
  Bytes out;
  std::uint8_t buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = Errno("cannot read", path);
      ::close(fd);
      return e;
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max_size) {
      ::close(fd);
      return Error::BadInput(path.string() + ": file is larger than " +
                             std::to_string(max_size) + " bytes");
    }
    out.insert(out.end(), buf, buf + n);
  }
  ::close(fd);
  return out;
}

void DropFileCache(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

Status OverwriteAndRemove(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      Bytes noise = crypto::RandomBytes(static_cast<std::size_t>(st.st_size));
      // Failure to overwrite still falls through to removing the file.
      if (WriteAll(fd, noise.data(), noise.size())) ::fdatasync(fd);
    }
    ::close(fd);
  } else if (errno == ENOENT) {
    return {};
  }
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Errno("cannot remove", path);
  return {};
}

std::optional<crypto::Passphrase> ReadPassphraseFromTerminal(const std::string& prompt) {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  termios old {};
  bool have_tty = ::tcgetattr(fd, &old) == 0;
  if (have_tty) {
    termios quiet = old;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  (void)!::write(fd, prompt.data(), prompt.size());
  crypto::Passphrase line(1024);
  std::size_t len = 0;
  // Byte by byte straight into guarded memory, so no ordinary buffer ever holds a byte of it.
  while (len < line.size() && ::read(fd, line.data() + len, 1) == 1 && line.data()[len] != '\n') ++len;
  if (have_tty) ::tcsetattr(fd, TCSAFLUSH, &old);
  ::close(fd);
  if (len > 0 && line.data()[len - 1] == '\r') --len;
  return crypto::Passphrase::Copy({line.data(), len});
}

namespace {
class PosixAppendOnlyFile : public AppendOnlyFile {
 public:
  PosixAppendOnlyFile(int fd, fs::path path, std::uint64_t size) : fd_(fd), path_(std::move(path)), size_(size) {}
  ~PosixAppendOnlyFile() override { ::close(fd_); }
  Result<std::uint64_t> Append(ByteView bytes) override {
    const std::uint64_t at = size_;
    if (!WriteAll(fd_, bytes.data(), bytes.size())) {
      // A partial append is cut off again so the next one starts where the index expects.
      (void)!::ftruncate(fd_, static_cast<off_t>(size_));
      return Errno("cannot append", path_);
    }
    size_ += bytes.size();
    return at;
  }
  Status Sync() override {
    if (::fdatasync(fd_) != 0) return Errno("cannot flush", path_);
    return {};
  }
  Result<Bytes> ReadAt(std::uint64_t offset, std::size_t size) override {
    Bytes out(size);
    std::size_t done = 0;
    while (done < size) {
      ssize_t n = ::pread(fd_, out.data() + done, size - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Errno("cannot read", path_);
      if (n == 0)  // errno is stale here: say what happened
        return Error::Local(path_.string() + ": cannot read " + std::to_string(size) + " bytes at offset " +
                            std::to_string(offset) + ": unexpected end of file");
      done += static_cast<std::size_t>(n);
    }
    return out;
  }
  std::uint64_t size() const override { return size_.load(); }

 private:
  int fd_;
  fs::path path_;
  std::atomic<std::uint64_t> size_;  // read by other threads (quota checks)
};
}  // namespace

Result<std::unique_ptr<AppendOnlyFile>> AppendOnlyFile::Open(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) {
      // A new file is named in its folder before anything is appended: Sync() flushes the
      // bytes and the size, never the folder. (The file is empty: its own flush has nothing.)
      if (auto st = SyncDirectory(FolderOf(path)); !st) {
        ::close(fd);
        return std::move(st).error();
      }
    } else if (errno == EEXIST) {
      fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);  // made meanwhile by someone else
    }
  }
  if (fd < 0) return Errno("cannot open", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Errno("cannot stat", path);
  }
  return std::unique_ptr<AppendOnlyFile>(new PosixAppendOnlyFile(fd, path, static_cast<std::uint64_t>(st.st_size)));
}

bool StdinIsTerminal() { return ::isatty(STDIN_FILENO) != 0; }

fs::path DefaultDataDirectory() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/')
    return fs::path(xdg) / "staccs";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != 0)
    return fs::path(home) / ".local" / "share" / "staccs";
  return fs::current_path() / "staccs-data";
}

std::optional<fs::path> ExecutableDirectory() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return exe.parent_path();
}

std::int64_t UnixTimeNow() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string UserLanguage() { return LanguageFromEnvironment(); }

std::vector<std::string> Utf8Arguments(int argc, char** argv) { return std::vector<std::string>(argv + 1, argv + argc); }

std::optional<std::string> Utf8Environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == 0) return std::nullopt;
  return std::string(value);
}

void UseUtf8Console() {}

Status HardenProcess() {
  // Both soft and hard limit: a library cannot raise the soft one again later.
  const rlimit none{0, 0};
  if (::setrlimit(RLIMIT_CORE, &none) != 0) return Errno("cannot turn off core dumps", "setrlimit");
#ifdef __linux__
  // A core_pattern that pipes to a crash collector ignores RLIMIT_CORE; not dumpable it honours.
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) return Errno("cannot turn off core dumps", "prctl");
#endif
  return {};
}

}  // namespace staccs::platform
