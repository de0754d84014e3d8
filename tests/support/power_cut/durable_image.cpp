#include "durable_image.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace staccs::power_cut {

namespace {

// The shim interposes rename and unlink: the model's own renames and removals go straight
// to the kernel so they are not counted as the program's.
int RawRename(const std::string& from, const std::string& to) {
  return static_cast<int>(::syscall(SYS_renameat2, AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), 0));
}
int RawUnlink(const std::string& path) { return static_cast<int>(::syscall(SYS_unlinkat, AT_FDCWD, path.c_str(), 0)); }

std::uint64_t Now() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

bool WriteAll(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool ReadText(const std::string& path, std::string* out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out->clear();
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out->append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

// Writes a small model file whole (tmp + rename), so a SIGKILL leaves the old or the new one.
bool ReplaceText(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp" + std::to_string(::getpid()) + "." + std::to_string(::gettid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const bool ok = WriteAll(fd, text.data(), text.size());
  ::close(fd);
  return ok && RawRename(tmp, path) == 0;
}

std::string Hex(const std::string& s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::string Unhex(const std::string& h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
  return out;
}

std::string FdPath(int fd) {
  char link[64], target[PATH_MAX];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = ::readlink(link, target, sizeof target - 1);
  if (n <= 0) return "";
  return std::string(target, static_cast<std::size_t>(n));
}

// The model's lock, shared by processes (flock) and threads (each holder opens its own fd).
class ModelLock {
 public:
  explicit ModelLock(const std::string& model) {
    fd_ = ::open((model + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ >= 0)
      while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
      }
  }
  ~ModelLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  ModelLock(const ModelLock&) = delete;
  ModelLock& operator=(const ModelLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace

bool ReadSequence(const std::string& file, std::uint64_t* seq) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char head[32] = {};
  ssize_t n = ::pread(fd, head, sizeof head - 1, 0);
  ::close(fd);
  if (n <= 0) return false;
  *seq = std::strtoull(head, nullptr, 10);
  return true;
}

DurableImage::DurableImage(std::string model, std::string root) : model_(std::move(model)) {
  char real[PATH_MAX];
  root_ = ::realpath(root.c_str(), real) != nullptr ? std::string(real) : root;
}

std::string DurableImage::Relative(const std::string& abs) const {
  if (abs == root_) return ".";
  if (abs.size() > root_.size() && abs.compare(0, root_.size(), root_) == 0 && abs[root_.size()] == '/')
    return abs.substr(root_.size() + 1);
  return "";
}

std::string DurableImage::NewTmp() {
  static std::atomic<std::uint64_t> counter{0};
  return model_ + "/tmp/" + std::to_string(::getpid()) + "." + std::to_string(::gettid()) + "." +
         std::to_string(counter.fetch_add(1));
}

std::string DurableImage::IdOf(int fd, const struct stat& st) {
  int kernel_gen = 0;
  if (::ioctl(fd, FS_IOC_GETVERSION, &kernel_gen) != 0) kernel_gen = 0;
  const std::string inode = std::to_string(st.st_dev) + "." + std::to_string(st.st_ino);
  std::string freed = "0";
  ReadText(model_ + "/gen/" + inode, &freed);
  if (freed.empty()) freed = "0";
  return inode + "." + std::to_string(static_cast<unsigned>(kernel_gen)) + "." + freed;
}

// 20-digit sequence and a newline, then the bytes.
bool DurableImage::WriteFileSnapshot(int fd, const std::string& tmp, std::uint64_t seq) {
  char link[64];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  int src = ::open(link, O_RDONLY | O_CLOEXEC);
  if (src < 0) return false;
  int dst = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (dst < 0) {
    ::close(src);
    return false;
  }
  char head[32];
  std::snprintf(head, sizeof head, "%020llu\n", static_cast<unsigned long long>(seq));
  bool ok = WriteAll(dst, head, 21);
  char buf[1 << 16];
  off_t at = 0;
  while (ok) {
    ssize_t n = ::pread(src, buf, sizeof buf, at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    ok = WriteAll(dst, buf, static_cast<std::size_t>(n));
    at += n;
  }
  ::close(src);
  ::close(dst);
  return ok;
}

// A line with the sequence, then one line per entry: "f ID NAME", "d ID NAME" or
// "l TARGET NAME" (names and targets in hex). Other kinds (FIFOs, sockets) are not kept.
bool DurableImage::WriteDirSnapshot(int fd, const std::string& tmp, std::uint64_t seq) {
  char link[64];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  int dfd = ::open(link, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return false;
  DIR* d = ::fdopendir(dfd);
  if (d == nullptr) {
    ::close(dfd);
    return false;
  }
  char head[32];
  std::snprintf(head, sizeof head, "%020llu\n", static_cast<unsigned long long>(seq));
  std::string text = head;
  while (dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    if (::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // removed meanwhile
    if (S_ISLNK(st.st_mode)) {
      char target[PATH_MAX];
      ssize_t n = ::readlinkat(dfd, e->d_name, target, sizeof target - 1);
      if (n > 0) text += "l " + Hex(std::string(target, static_cast<std::size_t>(n))) + " " + Hex(name) + "\n";
      continue;
    }
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) continue;
    int efd = ::openat(dfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    std::string id;
    if (efd >= 0) {
      struct stat est {};
      if (::fstat(efd, &est) == 0 && est.st_ino == st.st_ino) id = IdOf(efd, est);
      ::close(efd);
    }
    if (id.empty()) continue;
    text += std::string(S_ISDIR(st.st_mode) ? "d " : "f ") + id + " " + Hex(name) + "\n";
  }
  ::closedir(d);
  int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0) return false;
  const bool ok = WriteAll(out, text.data(), text.size());
  ::close(out);
  return ok;
}

std::uint64_t DurableImage::NextFlushNumber(const char* kind, const std::string& path) {
  ModelLock lock(model_);
  std::string count = "0";
  ReadText(model_ + "/count", &count);
  const std::uint64_t n = std::strtoull(count.c_str(), nullptr, 10) + 1;
  ReplaceText(model_ + "/count", std::to_string(n));
  int log = ::open((model_ + "/flushes").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log >= 0) {
    const std::string line = std::to_string(n) + " " + std::to_string(::getpid()) + " " + kind + " " + path + "\n";
    (void)WriteAll(log, line.data(), line.size());
    ::close(log);
  }
  return n;
}

DurableImage::Pending DurableImage::Prepare(int fd) {
  Pending p;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) return p;
  const std::string path = FdPath(fd);
  const std::string rel = Relative(path);
  if (rel.empty()) return p;  // not under the root, or removed (" (deleted)")
  p.is_dir = S_ISDIR(st.st_mode);
  p.path = rel;
  p.sequence = Now();
  p.id = IdOf(fd, st);
  p.tmp = NewTmp();
  if (!(p.is_dir ? WriteDirSnapshot(fd, p.tmp, p.sequence) : WriteFileSnapshot(fd, p.tmp, p.sequence))) {
    RawUnlink(p.tmp);
    std::fprintf(stderr, "power-cut shim: cannot copy %s aside: %s\n", path.c_str(), std::strerror(errno));
    std::abort();  // a model that silently missed a flush would make the test lie
  }
  p.flush_number = NextFlushNumber(p.is_dir ? "dir" : "file", rel);
  return p;
}

void DurableImage::CommitLocked(const Pending& p) {
  const std::string target = model_ + (p.is_dir ? "/dirs/" : "/files/") + p.id;
  std::uint64_t held = 0;
  if (ReadSequence(target, &held) && held > p.sequence) {
    RawUnlink(p.tmp);  // a flush that started later already committed
    return;
  }
  RawRename(p.tmp, target);
}

void DurableImage::Commit(const Pending& p) {
  if (p.flush_number == 0) return;
  ModelLock lock(model_);
  CommitLocked(p);
}

void DurableImage::Discard(const Pending& p) {
  if (p.flush_number != 0) RawUnlink(p.tmp);
}

std::string DurableImage::AbsoluteOf(int dirfd, const char* path) const {
  std::string full;
  if (path[0] == '/') {
    full = path;
  } else {
    std::string base;
    if (dirfd == AT_FDCWD) {
      char cwd[PATH_MAX];
      if (::getcwd(cwd, sizeof cwd) == nullptr) return "";
      base = cwd;
    } else {
      base = FdPath(dirfd);
    }
    full = base + "/" + path;
  }
  // The folder holding the name, resolved; the name itself as given.
  const auto slash = full.rfind('/');
  const std::string parent = slash == 0 ? "/" : full.substr(0, slash);
  char real[PATH_MAX];
  if (::realpath(parent.c_str(), real) == nullptr) return "";
  return std::string(real) + "/" + full.substr(slash + 1);
}

bool DurableImage::InodeFreedBy(int dirfd, const char* path, dev_t* dev, ino_t* ino) {
  if (path == nullptr || *path == 0) return false;
  if (Relative(AbsoluteOf(dirfd, path)).empty()) return false;
  struct stat st {};
  if (::fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) != 0) return false;
  if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) return false;
  *dev = st.st_dev;
  *ino = st.st_ino;
  return true;
}

void DurableImage::Freed(dev_t dev, ino_t ino) {
  ModelLock lock(model_);
  const std::string file = model_ + "/gen/" + std::to_string(dev) + "." + std::to_string(ino);
  std::string n = "0";
  ReadText(file, &n);
  ReplaceText(file, std::to_string(std::strtoull(n.c_str(), nullptr, 10) + 1));
}

bool DurableImage::Walk(int dirfd, std::uint64_t seq, int depth, std::string* why) {
  if (depth > 64) {
    *why = "folders nested deeper than 64 under the root";
    return false;
  }
  struct stat st {};
  if (::fstat(dirfd, &st) != 0) return false;
  Pending p;
  p.flush_number = 1;
  p.is_dir = true;
  p.sequence = seq;
  p.id = IdOf(dirfd, st);
  p.tmp = NewTmp();
  if (!WriteDirSnapshot(dirfd, p.tmp, seq)) {
    *why = "cannot list a folder: " + std::string(std::strerror(errno));
    return false;
  }
  CommitLocked(p);
  int dup = ::dup(dirfd);
  DIR* d = ::fdopendir(dup);
  if (d == nullptr) return false;
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d))
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) names.emplace_back(e->d_name);
  ::closedir(d);
  for (const auto& name : names) {
    struct stat est {};
    if (::fstatat(dirfd, name.c_str(), &est, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISDIR(est.st_mode)) {
      int sub = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0) continue;
      const bool ok = Walk(sub, seq, depth + 1, why);
      ::close(sub);
      if (!ok) return false;
    } else if (S_ISREG(est.st_mode)) {
      int f = ::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      if (f < 0) continue;
      Pending fp;
      fp.flush_number = 1;
      fp.sequence = seq;
      fp.id = IdOf(f, est);
      fp.tmp = NewTmp();
      const bool ok = WriteFileSnapshot(f, fp.tmp, seq);
      ::close(f);
      if (!ok) {
        *why = "cannot copy " + name + " aside";
        return false;
      }
      CommitLocked(fp);
    }
  }
  return true;
}

bool DurableImage::EnsureBaseline(std::string* why) {
  ::mkdir(model_.c_str(), 0700);
  for (const char* sub : {"/files", "/dirs", "/gen", "/tmp"}) ::mkdir((model_ + sub).c_str(), 0700);
  ModelLock lock(model_);
  struct stat st {};
  if (::stat((model_ + "/root").c_str(), &st) == 0) return true;
  int rootfd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) {
    *why = root_ + ": cannot open the root: " + std::strerror(errno);
    return false;
  }
  struct stat rst {};
  ::fstat(rootfd, &rst);
  const std::string id = IdOf(rootfd, rst);
  const bool ok = Walk(rootfd, 0, 0, why);
  ::close(rootfd);
  return ok && ReplaceText(model_ + "/root", root_ + "\n" + id + "\n");
}

bool DurableImage::SnapshotAll(std::string* why) {
  ModelLock lock(model_);
  int rootfd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) return false;
  const bool ok = Walk(rootfd, Now(), 0, why);
  ::close(rootfd);
  return ok;
}

namespace {

bool CopyOut(const std::string& snapshot, const std::string& to) {
  int dst = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (dst < 0) return false;
  int src = ::open(snapshot.c_str(), O_RDONLY | O_CLOEXEC);
  bool ok = true;
  if (src >= 0) {  // no snapshot: a file never flushed, empty
    char buf[1 << 16];
    off_t at = 21;  // after the sequence line
    for (;;) {
      ssize_t n = ::pread(src, buf, sizeof buf, at);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) ok = false;
      if (n <= 0) break;
      ok = ok && WriteAll(dst, buf, static_cast<std::size_t>(n));
      at += n;
    }
    ::close(src);
  }
  ::close(dst);
  return ok;
}

bool Materialize(const std::string& model, const std::string& id, const std::string& out, int depth,
                 std::string* why) {
  if (depth > 64) {
    *why = "folders nested deeper than 64 in the model";
    return false;
  }
  if (::mkdir(out.c_str(), 0755) != 0) {
    *why = out + ": cannot make: " + std::strerror(errno);
    return false;
  }
  std::string listing;
  if (!ReadText(model + "/dirs/" + id, &listing)) return true;  // never flushed: empty
  std::size_t pos = listing.find('\n');
  while (pos != std::string::npos && pos + 1 < listing.size()) {
    const std::size_t end = listing.find('\n', pos + 1);
    const std::string line = listing.substr(pos + 1, end - pos - 1);
    pos = end;
    const auto sp1 = line.find(' '), sp2 = line.rfind(' ');
    if (line.size() < 3 || sp1 == std::string::npos || sp2 == sp1) continue;
    const char kind = line[0];
    const std::string what = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string name = Unhex(line.substr(sp2 + 1));
    const std::string to = out + "/" + name;
    if (kind == 'f') {
      if (!CopyOut(model + "/files/" + what, to)) {
        *why = to + ": cannot write: " + std::strerror(errno);
        return false;
      }
    } else if (kind == 'd') {
      if (!Materialize(model, what, to, depth + 1, why)) return false;
    } else if (kind == 'l') {
      (void)!::symlink(Unhex(what).c_str(), to.c_str());
    }
  }
  return true;
}

}  // namespace

bool RebuildImage(const std::string& model, const std::string& out, std::string* why) {
  // Under the model's lock: running programs wait at their next flush, so the image is the
  // durable state of one moment, not a mix of files from before and after a flush.
  ModelLock lock(model);
  std::string root;
  if (!ReadText(model + "/root", &root)) {
    *why = model + ": no baseline in the model";
    return false;
  }
  const auto nl = root.find('\n');
  const std::string id = root.substr(nl + 1, root.find('\n', nl + 1) - nl - 1);
  return Materialize(model, id, out, 0, why);
}

}  // namespace staccs::power_cut
