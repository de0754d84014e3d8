// POSIX side of platform.h's outside files and folders. Every name is looked at with
// fstatat(AT_SYMLINK_NOFOLLOW) before it is opened, so a FIFO or a device is never opened at
// all (opening some devices acts on them), then opened relative to its folder's handle with
// O_NOFOLLOW | O_NONBLOCK and checked again with fstat: a name swapped between the look and
// the open is caught by the device and inode numbers.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "staccs/core/platform.h"
#include "staccs/core/text.h"

namespace staccs::platform {

namespace {

std::string Shown(const fs::path& p) { return core::PrintableText(p.string()); }

const char* KindOf(mode_t mode) {
  if (S_ISLNK(mode)) return "is a link: links on a stick are not followed";
  if (S_ISFIFO(mode)) return "is a FIFO, not a file";
  if (S_ISSOCK(mode)) return "is a socket, not a file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device, not a file";
  if (S_ISDIR(mode)) return "is a folder, not a file";
  return "is not a regular file";
}

Error Refused(const fs::path& path, const char* why) {
  return Error::BadInput(Shown(path) + ": " + why).With(ErrorCode::kRejected);
}

Error FromErrno(const fs::path& path, const char* what, int err) {
  if (err == ENOENT)
    return Error::Local(Shown(path) + ": no such file or folder").With(ErrorCode::kNotFound);
  if (err == ELOOP) return Refused(path, "is a link: links on a stick are not followed");
  return Error::Local(Shown(path) + ": " + what + ": " + std::strerror(err));
}

// Looks at `name` in `dirfd` without following it and checks it is of the kind wanted.
Result<struct stat> Look(int dirfd, const char* name, const fs::path& path, bool folder) {
  struct stat st {};
  if (::fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return FromErrno(path, "cannot look at it", errno);
  if (folder ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
    return Refused(path, S_ISREG(st.st_mode) ? "is a file, not a folder" : KindOf(st.st_mode));
  return st;
}

// After the open: still the thing that was looked at.
Status Same(int fd, const struct stat& looked, const fs::path& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return FromErrno(path, "cannot look at it", errno);
  if (st.st_dev != looked.st_dev || st.st_ino != looked.st_ino || (st.st_mode & S_IFMT) != (looked.st_mode & S_IFMT))
    return Refused(path, "changed while it was being opened");
  return {};
}

class PosixOutsideFile final : public OutsideFile {
 public:
  PosixOutsideFile(fs::path path, std::uint64_t size, int fd) : OutsideFile(std::move(path), size), fd_(fd) {}
  ~PosixOutsideFile() override { ::close(fd_); }

  Result<std::size_t> Read(std::span<std::uint8_t> out) override {
    for (;;) {
      const ssize_t n = ::read(fd_, out.data(), out.size());
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR) return FromErrno(path_, "cannot read", errno);
    }
  }

 private:
  int fd_;
};

Result<std::unique_ptr<OutsideFile>> OpenFileAt(int dirfd, const char* name, const fs::path& path) {
  STACCS_ASSIGN(struct stat looked, Look(dirfd, name, path, /*folder=*/false));
  const int fd = ::openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return FromErrno(path, "cannot open", errno);
  if (auto same = Same(fd, looked, path); !same) {
    ::close(fd);
    return std::move(same).error();
  }
  // Reads of a regular file do not block anyway; clearing the flag keeps it that way for
  // file systems that would otherwise answer EAGAIN.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return std::unique_ptr<OutsideFile>(new PosixOutsideFile(path, static_cast<std::uint64_t>(looked.st_size), fd));
}

class PosixOutsideFolder final : public OutsideFolder {
 public:
  PosixOutsideFolder(fs::path path, DIR* dir, const struct stat& st)
      : OutsideFolder(std::move(path)), dir_(dir), dev_(st.st_dev), ino_(st.st_ino) {}
  ~PosixOutsideFolder() override { ::closedir(dir_); }

  Result<std::optional<FolderEntry>> Next() override {
    for (;;) {
      errno = 0;
      const dirent* d = ::readdir(dir_);
      if (d == nullptr) {
        if (errno != 0) return FromErrno(path_, "cannot list the folder", errno);
        // A removed folder lists as empty: say it went, rather than that it ended.
        if (Gone()) return Error::Local(Shown(path_) + ": the folder went away while it was being read");
        return std::optional<FolderEntry>();
      }
      const std::string name = d->d_name;
      if (name == "." || name == "..") continue;
      FolderEntry e{name, EntryKind::kOther};
      unsigned char type = d->d_type;
      if (type == DT_UNKNOWN) {  // some file systems do not say: look
        struct stat st {};
        if (::fstatat(::dirfd(dir_), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
          type = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
      }
      e.kind = type == DT_REG ? EntryKind::kFile : type == DT_DIR ? EntryKind::kFolder
             : type == DT_LNK ? EntryKind::kLink : EntryKind::kOther;
      return std::optional<FolderEntry>(std::move(e));
    }
  }

  Result<std::unique_ptr<OutsideFolder>> OpenFolder(const std::string& name) override {
    STACCS_TRY(PlainName(name));
    return OpenFolderAt(::dirfd(dir_), name.c_str(), path_ / name);
  }

  Result<std::unique_ptr<OutsideFile>> OpenFile(const std::string& name) override {
    STACCS_TRY(PlainName(name));
    return OpenFileAt(::dirfd(dir_), name.c_str(), path_ / name);
  }

  bool Gone() const override {
    struct stat open_st {}, path_st {};
    if (::fstat(::dirfd(dir_), &open_st) != 0 || open_st.st_nlink == 0) return true;
    if (::lstat(path_.c_str(), &path_st) != 0) return true;
    return path_st.st_dev != dev_ || path_st.st_ino != ino_;
  }

  static Result<std::unique_ptr<OutsideFolder>> OpenFolderAt(int dirfd, const char* name, const fs::path& path) {
    STACCS_ASSIGN(struct stat looked, Look(dirfd, name, path, /*folder=*/true));
    const int fd = ::openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return FromErrno(path, "cannot open the folder", errno);
    if (auto same = Same(fd, looked, path); !same) {
      ::close(fd);
      return std::move(same).error();
    }
    DIR* dir = ::fdopendir(fd);
    if (dir == nullptr) {
      const int err = errno;
      ::close(fd);
      return FromErrno(path, "cannot list the folder", err);
    }
    return std::unique_ptr<OutsideFolder>(new PosixOutsideFolder(path, dir, looked));
  }

 private:
  // One name inside this folder: never a path that climbs out of it.
  Status PlainName(const std::string& name) const {
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos || name.find('\0') != std::string::npos)
      return Refused(path_ / name, "is not a plain name");
    return {};
  }

  DIR* dir_;
  dev_t dev_;
  ino_t ino_;
};

}  // namespace

Result<std::unique_ptr<OutsideFile>> OutsideFile::Open(const fs::path& path) {
  return OpenFileAt(AT_FDCWD, path.c_str(), path);
}

Result<std::unique_ptr<OutsideFolder>> OutsideFolder::Open(const fs::path& path_in) {
  fs::path path = path_in;
  if (!path.empty() && path.filename().empty()) path = path.parent_path();  // "stick/kit/" names "kit"
  return PosixOutsideFolder::OpenFolderAt(AT_FDCWD, path.c_str(), path);
}

}  // namespace staccs::platform
