// The few things the kit needs from the operating system that std::filesystem does not give.
// One interface, one file per platform (platform_posix.cpp, platform_windows.cpp): no #ifdef
// forests in the rest of the code.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/crypto/secret.h"

namespace staccs::platform {

namespace fs = std::filesystem;

// The one durable way to make a name (SPEC §7). A new name is on the device only once the
// folder holding it has been flushed: flushing the file is not enough, and after a power cut
// a folder nobody flushed forgets what was made in it. Every folder or file the kit, a stick
// export or the relay keeps is made through these three calls or AppendOnlyFile::Open
// (tests/core/durable_names_test.cpp fails on any other create_directories/O_CREAT/ofstream).

// Who may enter a folder made by CreateDirectoriesDurably (POSIX modes; Windows ignores it).
enum class FolderAccess {
  kPrivate,  // 0700: the kit's home, the relay's data
  kShared,   // 0755 less the umask: outputs a person asked for (a publication's attachments)
};

// Makes `dir` and any missing parents (like std::filesystem::create_directories), then flushes
// the parent of every folder it made, deepest first, so each new folder is reachable after a
// power cut. Folders that existed are left alone (and their parents are not flushed). An
// error names the folder that could not be made or flushed.
Status CreateDirectoriesDurably(const fs::path& dir, FolderAccess access = FolderAccess::kPrivate);

// Makes an empty file (0600) at `path` if there is none, in a folder that must exist, then
// flushes the file and its folder; an existing file is left as it is. For files another
// library fills in place (SQLite creates its main database file without flushing the folder).
Status CreateFileDurably(const fs::path& path);

// Writes a file durably: temporary name in the same folder, write, flush to the device,
// rename over the target, flush the folder. A crash leaves either the old or the new file.
// The folder must exist (make it with CreateDirectoriesDurably).
Status WriteFileAtomically(const fs::path& path, ByteView contents);

// The same, for a file written in pieces (an attachment streamed out of the store): the
// pieces go to a temporary name; Commit flushes it, renames it over `path` and flushes the
// folder. Destroyed without a Commit, it removes the temporary file. Not copyable; one thread.
class AtomicFileWriter {
 public:
  static Result<std::unique_ptr<AtomicFileWriter>> Create(const fs::path& path);
  virtual ~AtomicFileWriter() = default;
  virtual Status Write(ByteView bytes) = 0;
  virtual Status Commit() = 0;
};

// Reads a whole file; an error names the file (a file that shrinks while it is read ends
// where it ends; AppendOnlyFile::ReadAt, which needs exact sizes, says "unexpected end of file").
Result<Bytes> ReadFile(const fs::path& path, std::size_t max_size = std::size_t{64} << 20);

// Outside files and folders (sticks, a bundle file handed over): names and bytes someone else
// chose. Nothing here follows a link, blocks on a FIFO or device, or throws: a link is
// reported as "is a link" (whether or not its target exists, so an error never tells what is
// elsewhere on the machine), anything but a regular file or folder by what it is. A file is
// checked with fstat after it is opened, so what is read is what was checked. Errors start
// with the escaped path; a missing name has ErrorCode::kNotFound.
enum class EntryKind { kFile, kFolder, kLink, kOther };

struct FolderEntry {
  std::string name;  // as the folder holds it (raw bytes: escape before showing)
  EntryKind kind = EntryKind::kOther;
};

class OutsideFile {
 public:
  // Opens `path` (its last name must be a regular file, not a link).
  static Result<std::unique_ptr<OutsideFile>> Open(const fs::path& path);
  virtual ~OutsideFile() = default;
  OutsideFile(const OutsideFile&) = delete;
  OutsideFile& operator=(const OutsideFile&) = delete;

  const fs::path& path() const { return path_; }
  std::uint64_t size() const { return size_; }  // when it was opened
  // Up to out.size() bytes; 0 at the end.
  virtual Result<std::size_t> Read(std::span<std::uint8_t> out) = 0;
  // The rest of the file, refused (kTooLarge) once it is over `max_size` bytes, even if it
  // grows while it is read.
  Result<Bytes> ReadAll(std::size_t max_size);

 protected:
  OutsideFile(fs::path path, std::uint64_t size) : path_(std::move(path)), size_(size) {}
  fs::path path_;
  std::uint64_t size_ = 0;
};

// A folder walked one entry at a time, by handle: names inside it are opened relative to the
// folder that was listed, so a folder swapped for a link meanwhile is not followed either.
class OutsideFolder {
 public:
  // Opens `path` (its last name must be a folder, not a link).
  static Result<std::unique_ptr<OutsideFolder>> Open(const fs::path& path);
  virtual ~OutsideFolder() = default;
  OutsideFolder(const OutsideFolder&) = delete;
  OutsideFolder& operator=(const OutsideFolder&) = delete;

  const fs::path& path() const { return path_; }
  // The next entry ("." and ".." left out); nullopt at the end. A folder that went away
  // while it was listed ends in an error, not in a short list.
  virtual Result<std::optional<FolderEntry>> Next() = 0;
  virtual Result<std::unique_ptr<OutsideFolder>> OpenFolder(const std::string& name) = 0;
  virtual Result<std::unique_ptr<OutsideFile>> OpenFile(const std::string& name) = 0;
  // True once this folder is no longer at its path (removed, or its stick pulled out).
  virtual bool Gone() const = 0;

 protected:
  explicit OutsideFolder(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

// Asks the kernel to forget its cached pages of a file, so the next read comes from the
// device: USB sticks may acknowledge a flush they did not do, and reading back is the check.
void DropFileCache(const fs::path& path);

// Flushes a folder's entries (after a rename or unlink) to the device.
Status SyncDirectory(const fs::path& dir);

// Overwrites a file's bytes in place with random data, flushes, then removes it. On flash
// media the old blocks may survive in the controller: the docs say so; this is best effort
// for what the file system itself can reach.
Status OverwriteAndRemove(const fs::path& path);

// A file that only grows: the relay's segment log. Appends are buffered by the OS until Sync,
// which makes everything appended so far durable (one flush for many appends: group commit).
// Reads may run from other threads. Not copyable.
class AppendOnlyFile {
 public:
  // Opens the file, making it if there is none; a file it makes is flushed with its folder
  // before Open returns, so a Sync()ed append is never lost with the file's name.
  static Result<std::unique_ptr<AppendOnlyFile>> Open(const fs::path& path);
  virtual ~AppendOnlyFile() = default;
  // Appends and returns the offset the bytes start at.
  virtual Result<std::uint64_t> Append(ByteView bytes) = 0;
  virtual Status Sync() = 0;
  // Exactly `size` bytes at `offset`; a range past the end is an error ("unexpected end of
  // file"), never fewer bytes.
  virtual Result<Bytes> ReadAt(std::uint64_t offset, std::size_t size) = 0;
  virtual std::uint64_t size() const = 0;
};

// Reads one line from the terminal with echo off; nullopt if there is no terminal.
std::optional<crypto::Passphrase> ReadPassphraseFromTerminal(const std::string& prompt);

// True if standard input is a terminal a person can answer on.
bool StdinIsTerminal();

// The platform's per-user data folder for the kit (XDG_DATA_HOME/staccs on Linux,
// %APPDATA%\STACCS on Windows).
fs::path DefaultDataDirectory();

// The folder holding the running executable (portable mode keeps data beside it).
std::optional<fs::path> ExecutableDirectory();

// Seconds since the Unix epoch.
std::int64_t UnixTimeNow();

// Keeps this process's memory (decrypted answers, keys) off the disk and away from other
// processes when it crashes: no core dump, no crash report. Linux: RLIMIT_CORE 0 and
// PR_SET_DUMPABLE 0 (which also stops other processes of the same user from attaching to it).
// Windows: no error dialog, excluded from Windows Error Reporting, and an unhandled exception
// ends the process before WER can write a dump. Call it first thing in every program's main.
// An error means the platform refused; programs that hold secrets should not go on.
Status HardenProcess();

// The two-letter ISO 639-1 code of the language the user reads their system in ("ar", "fr",
// "en", ...), lower case, or "" when the system does not say. POSIX: LC_ALL, LC_MESSAGES,
// then LANG, the first that is set. Windows: the same variables if set (a Wine session, a
// script), otherwise the user's Windows display language.
std::string UserLanguage();

// Text in and out of the program is UTF-8 everywhere. POSIX: nothing to do. Windows: every
// program carries a manifest that makes UTF-8 its code page (cmake/windows/utf8.manifest:
// argv, environment and narrow file names), and this sets the console's input and output
// code pages to UTF-8 so that Arabic written to a Command Prompt shows as Arabic. Call it
// next to HardenProcess.
void UseUtf8Console();

// Text (UTF-8, the kit's one encoding) as a path. Every path the kit takes as text, from an
// argument, a setting, a text field or a file, goes through here: on Windows, MinGW's
// libstdc++ turns a plain std::string into a path byte by byte (the C runtime's "C" locale,
// whatever the code page), so "José" or an Arabic folder would name another file. The other
// way, path::string() is UTF-8 on every platform.
inline fs::path PathFromUtf8(std::string_view utf8) {
  return fs::path(std::u8string_view(reinterpret_cast<const char8_t*>(utf8.data()), utf8.size()));
}

// The program's arguments after its name, as UTF-8. Windows: read from the wide command line,
// so they are right whatever code page the process got (Windows before 1903 and Wine ignore
// the manifest's).
std::vector<std::string> Utf8Arguments(int argc, char** argv);

// An environment variable as UTF-8; nullopt when unset or empty. Windows: the wide environment.
std::optional<std::string> Utf8Environment(const char* name);

}  // namespace staccs::platform
