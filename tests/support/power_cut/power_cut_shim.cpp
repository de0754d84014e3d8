// LD_PRELOAD shim for the power-cut tests (see durable_image.h for the model). Loaded into
// the real staccs-cli and staccs-relay, it sees every flush and every removal their code and
// SQLite's make under one folder, and keeps the model of what a power cut would leave:
//
//   POWERCUT_ROOT=DIR            the folder tree that loses power (absolute)
//   POWERCUT_MODEL=DIR           the side folder the model is kept in (outside the root)
//   POWERCUT_KILL_AT=N           SIGKILL the process as flush number N (counted across every
//                                process sharing the model) starts: a cut at that moment
//   POWERCUT_KILL_AT_PATH=REL    SIGKILL the process as it starts a flush of REL (relative
//                                to the root): its first, or its Nth with
//   POWERCUT_KILL_AT_PATH_COUNT=N
//
// Interposed: fsync, fdatasync, sync, syncfs (flushes) and unlink, unlinkat, remove, rmdir,
// rename, renameat, renameat2 (to give a freed inode number a new generation). Making names
// (open with O_CREAT, mkdir, link) needs no interposing: a name exists in the model only once
// a flush of its folder has seen it, and the flush reads the real folder. Calls reach the
// kernel through syscall(2) so the shim never depends on libc's internal aliases.
#include <fcntl.h>
#include <linux/fs.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "durable_image.h"

namespace {

staccs::power_cut::DurableImage* image = nullptr;
unsigned long long kill_at = 0;
const char* kill_at_path = nullptr;
unsigned long long kill_at_path_count = 1;

__attribute__((constructor)) void StartShim() {
  const char* root = std::getenv("POWERCUT_ROOT");
  const char* model = std::getenv("POWERCUT_MODEL");
  if (root == nullptr || model == nullptr || *root != '/' || *model != '/') return;
  image = new staccs::power_cut::DurableImage(model, root);
  std::string why;
  if (!image->EnsureBaseline(&why)) {
    std::fprintf(stderr, "power-cut shim: %s\n", why.c_str());
    std::abort();
  }
  if (const char* n = std::getenv("POWERCUT_KILL_AT")) kill_at = std::strtoull(n, nullptr, 10);
  if (const char* p = std::getenv("POWERCUT_KILL_AT_PATH"); p != nullptr && *p != 0) kill_at_path = p;
  if (const char* n = std::getenv("POWERCUT_KILL_AT_PATH_COUNT")) kill_at_path_count = std::strtoull(n, nullptr, 10);
}

void CutIfAsked(const staccs::power_cut::DurableImage::Pending& p) {
  static std::atomic<unsigned long long> path_seen{0};
  bool cut = kill_at != 0 && p.flush_number == kill_at;
  if (!cut && kill_at_path != nullptr && p.path == kill_at_path) cut = ++path_seen == kill_at_path_count;
  if (!cut) return;
  image->Discard(p);
  ::kill(::getpid(), SIGKILL);
  for (;;) ::pause();
}

int Flush(int fd, long nr) {
  if (image == nullptr) return static_cast<int>(::syscall(nr, fd));
  const auto pending = image->Prepare(fd);
  CutIfAsked(pending);
  const int rc = static_cast<int>(::syscall(nr, fd));
  const int saved = errno;
  if (rc == 0) image->Commit(pending);
  else image->Discard(pending);
  errno = saved;
  return rc;
}

// Runs a removal; if it freed the last link of an inode under the root, the model learns the
// number now names nothing (and, reused, something new).
template <class Call>
int Removal(int dirfd, const char* path, Call call) {
  if (image == nullptr) return call();
  dev_t dev = 0;
  ino_t ino = 0;
  const bool frees = image->InodeFreedBy(dirfd, path, &dev, &ino);
  const int rc = call();
  const int saved = errno;
  if (rc == 0 && frees) image->Freed(dev, ino);
  errno = saved;
  return rc;
}

}  // namespace

extern "C" {

int fsync(int fd) { return Flush(fd, SYS_fsync); }
int fdatasync(int fd) { return Flush(fd, SYS_fdatasync); }

void sync(void) {
  ::syscall(SYS_sync);
  std::string why;
  if (image != nullptr && !image->SnapshotAll(&why)) std::fprintf(stderr, "power-cut shim: sync: %s\n", why.c_str());
}

int syncfs(int fd) {
  const int rc = static_cast<int>(::syscall(SYS_syncfs, fd));
  std::string why;
  if (rc == 0 && image != nullptr && !image->SnapshotAll(&why))
    std::fprintf(stderr, "power-cut shim: syncfs: %s\n", why.c_str());
  return rc;
}

int unlinkat(int dirfd, const char* path, int flags) {
  return Removal(dirfd, path, [&] { return static_cast<int>(::syscall(SYS_unlinkat, dirfd, path, flags)); });
}
int unlink(const char* path) { return unlinkat(AT_FDCWD, path, 0); }
int rmdir(const char* path) { return unlinkat(AT_FDCWD, path, AT_REMOVEDIR); }
int remove(const char* path) {
  return Removal(AT_FDCWD, path, [&] {
    int rc = static_cast<int>(::syscall(SYS_unlinkat, AT_FDCWD, path, 0));
    if (rc != 0 && (errno == EISDIR || errno == EPERM))
      rc = static_cast<int>(::syscall(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR));
    return rc;
  });
}

int renameat2(int olddirfd, const char* oldpath, int newdirfd, const char* newpath, unsigned int flags) {
  auto call = [&] { return static_cast<int>(::syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags)); };
  // What a rename frees is the inode its target named before; an exchange or a no-replace
  // frees nothing, nor does a rename onto another name of the same file. (A wrong "freed"
  // would lose a durable file's bytes in the model, so it is checked.)
  struct stat from {}, to {};
  if (image == nullptr || (flags & (RENAME_EXCHANGE | RENAME_NOREPLACE)) != 0 ||
      ::fstatat(olddirfd, oldpath, &from, AT_SYMLINK_NOFOLLOW) != 0 ||
      ::fstatat(newdirfd, newpath, &to, AT_SYMLINK_NOFOLLOW) != 0 ||
      (from.st_dev == to.st_dev && from.st_ino == to.st_ino))
    return call();
  return Removal(newdirfd, newpath, call);
}
int renameat(int olddirfd, const char* oldpath, int newdirfd, const char* newpath) {
  return renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}
int rename(const char* oldpath, const char* newpath) { return renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0); }

}  // extern "C"
