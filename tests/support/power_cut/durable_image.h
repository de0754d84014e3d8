// The model behind the power-cut tests: what of a folder tree (the "root") would be left on
// the device after a power cut, under POSIX's rule and what FAT/exFAT sticks and a portable
// kit really do:
//
//   - a file's bytes are as of its last fsync/fdatasync (or as they were when the model was
//     started); bytes written since are lost;
//   - a folder's entries (name -> file or folder) are as of its last fsync/fdatasync of the
//     folder itself (or as at the start); names made, renamed or removed since are not;
//   - a file or folder nobody flushed since it was made is empty.
//
// sync_file_range, O_SYNC writes and msync are not counted as flushes: none of our programs
// relies on them, and not counting them can only make the model lose more, never keep more
// than the device would.
//
// The model lives in a side folder (outside the root), written at each flush by the LD_PRELOAD
// shim (power_cut_shim.cpp) of every process working under the root, so it survives SIGKILL:
//
//   MODEL/root             the root's path and the id of its folder
//   MODEL/files/ID         a file's durable bytes, after an 8-byte sequence number
//   MODEL/dirs/ID          a folder's durable entries, after a line with a sequence number
//   MODEL/gen/DEV.INO      how many times an inode number was freed under the root
//   MODEL/flushes          one line per flush seen: "N pid kind path" (kind: file, dir)
//   MODEL/lock             flock()ed while the model changes (processes share it)
//
// A file or folder's id is its device and inode number, the kernel's inode generation (FS_IOC_GETVERSION,
// ext4 gives every new inode a fresh one) and the shim's own count of frees of that number
// (bumped at unlink/rename-over/rmdir, for file systems without generations): inode numbers
// are reused right after a file is removed, and an old durable name must keep its old bytes.
// Sequence numbers order snapshots taken by different threads and processes, so a slow
// flush that started earlier never overwrites a later one.
//
// Everything here reports errors by return value (no exceptions: it runs inside other
// programs' libc calls).
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <string>

namespace staccs::power_cut {

class DurableImage {
 public:
  // `model` is the side folder, `root` the tree it models (both absolute).
  DurableImage(std::string model, std::string root);

  const std::string& root() const { return root_; }
  const std::string& model() const { return model_; }

  // Takes the start state (every file's bytes, every folder's entries under the root) if the
  // model has none yet. Returns false (with `why`) on failure.
  bool EnsureBaseline(std::string* why);
  // Everything under the root is durable now (sync(), syncfs()).
  bool SnapshotAll(std::string* why);

  // A flush of `fd` is starting: if it is a file or folder under the root, its state is
  // copied aside now (what a flush guarantees is what was written before it started) and the
  // flush's number and path are returned. Returns 0 if `fd` is not under the root.
  struct Pending {
    std::uint64_t flush_number = 0;  // 0: nothing to commit
    std::uint64_t sequence = 0;
    bool is_dir = false;
    std::string id, tmp, path;
  };
  Pending Prepare(int fd);
  // The flush succeeded: the copy becomes the durable state (unless a later one already did).
  void Commit(const Pending& p);
  // The flush failed: the copy is discarded.
  void Discard(const Pending& p);

  // A name at (dirfd, path) is about to be removed or replaced: true, with the inode the
  // removal will free, if the name is under the root and is its inode's last link (or a folder).
  bool InodeFreedBy(int dirfd, const char* path, dev_t* dev, ino_t* ino);
  // After the removal succeeded: the inode's number may now name a different file.
  void Freed(dev_t dev, ino_t ino);

  // Relative path of `abs` under the root, or "" if it is not under it.
  std::string Relative(const std::string& abs) const;

 private:
  std::string IdOf(int fd, const struct stat& st);
  bool WriteFileSnapshot(int fd, const std::string& tmp, std::uint64_t seq);
  bool WriteDirSnapshot(int fd, const std::string& tmp, std::uint64_t seq);
  bool Walk(int dirfd, std::uint64_t seq, int depth, std::string* why);
  void CommitLocked(const Pending& p);
  std::uint64_t NextFlushNumber(const char* kind, const std::string& path);
  std::string AbsoluteOf(int dirfd, const char* path) const;
  std::string NewTmp();

  std::string model_, root_;
};

// Rebuilds the durable image of the model's root into `out` (a folder that must not exist).
bool RebuildImage(const std::string& model, const std::string& out, std::string* why);

// Reads the sequence-numbered snapshot header off a model file; false if there is none.
bool ReadSequence(const std::string& file, std::uint64_t* seq);

}  // namespace staccs::power_cut
