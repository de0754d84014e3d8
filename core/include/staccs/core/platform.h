// The few things the kit needs from the operating system that std::filesystem does not give.
// One interface, one file per platform (platform_posix.cpp, platform_windows.cpp): no #ifdef
// forests in the rest of the code.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/crypto/secret.h"

namespace staccs::platform {

namespace fs = std::filesystem;

// Writes a file durably: temporary name in the same folder, write, flush to the device,
// rename over the target, flush the folder. A crash leaves either the old or the new file.
Status WriteFileAtomically(const fs::path& path, ByteView contents);

// Reads a whole file; an error names the file.
Result<Bytes> ReadFile(const fs::path& path, std::size_t max_size = std::size_t{64} << 20);

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
  static Result<std::unique_ptr<AppendOnlyFile>> Open(const fs::path& path);
  virtual ~AppendOnlyFile() = default;
  // Appends and returns the offset the bytes start at.
  virtual Result<std::uint64_t> Append(ByteView bytes) = 0;
  virtual Status Sync() = 0;
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

}  // namespace staccs::platform
