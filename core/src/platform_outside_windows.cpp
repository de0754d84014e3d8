// Windows side of platform.h's outside files and folders. Links there are reparse points
// (symbolic links, junctions): a name is opened with FILE_FLAG_OPEN_REPARSE_POINT, so the
// handle is the link itself, and refused if it is one; GetFileType refuses pipes and
// devices before anything is read. A folder is listed by name with FindFirstFileW.
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include "staccs/core/platform.h"
#include "staccs/core/text.h"

namespace staccs::platform {

namespace {

std::string Shown(const fs::path& p) {
  const std::u8string u = p.u8string();
  return core::PrintableText(std::string(reinterpret_cast<const char*>(u.data()), u.size()));
}

Error Refused(const fs::path& path, const char* why) {
  return Error::BadInput(Shown(path) + ": " + why).With(ErrorCode::kRejected);
}

Error FromLastError(const fs::path& path, const char* what) {
  const DWORD err = GetLastError();
  if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND)
    return Error::Local(Shown(path) + ": no such file or folder").With(ErrorCode::kNotFound);
  return Error::Local(Shown(path) + ": " + what + " (Windows error " + std::to_string(err) + ")");
}

// Opens the name itself (a link is not followed) and checks it is of the kind wanted.
Result<HANDLE> OpenChecked(const fs::path& path, bool folder) {
  HANDLE h = CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                         OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (h == INVALID_HANDLE_VALUE) return FromLastError(path, "cannot open");
  const char* why = nullptr;
  BY_HANDLE_FILE_INFORMATION info{};
  if (GetFileType(h) != FILE_TYPE_DISK) why = "is a device or pipe, not a file";
  else if (!GetFileInformationByHandle(h, &info)) why = "cannot be looked at";
  else if (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) why = "is a link: links on a stick are not followed";
  else if (folder && !(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) why = "is a file, not a folder";
  else if (!folder && (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) why = "is a folder, not a file";
  if (why != nullptr) {
    CloseHandle(h);
    return Refused(path, why);
  }
  return h;
}

class WindowsOutsideFile final : public OutsideFile {
 public:
  WindowsOutsideFile(fs::path path, std::uint64_t size, HANDLE h) : OutsideFile(std::move(path), size), h_(h) {}
  ~WindowsOutsideFile() override { CloseHandle(h_); }

  Result<std::size_t> Read(std::span<std::uint8_t> out) override {
    DWORD n = 0;
    const DWORD want = static_cast<DWORD>(std::min<std::size_t>(out.size(), 1u << 30));
    if (!::ReadFile(h_, out.data(), want, &n, nullptr)) return FromLastError(path_, "cannot read");
    return static_cast<std::size_t>(n);
  }

 private:
  HANDLE h_;
};

class WindowsOutsideFolder final : public OutsideFolder {
 public:
  WindowsOutsideFolder(fs::path path, HANDLE h) : OutsideFolder(std::move(path)), h_(h) {}
  ~WindowsOutsideFolder() override {
    if (find_ != INVALID_HANDLE_VALUE) FindClose(find_);
    CloseHandle(h_);
  }

  Result<std::optional<FolderEntry>> Next() override {
    for (;;) {
      WIN32_FIND_DATAW d{};
      if (!started_) {
        started_ = true;
        find_ = FindFirstFileW((path_ / L"*").c_str(), &d);
        if (find_ == INVALID_HANDLE_VALUE) return End();
      } else if (find_ == INVALID_HANDLE_VALUE || !FindNextFileW(find_, &d)) {
        return End();
      }
      const fs::path name(d.cFileName);
      if (name == L"." || name == L"..") continue;
      const std::u8string u = name.u8string();
      FolderEntry e{std::string(reinterpret_cast<const char*>(u.data()), u.size()), EntryKind::kFile};
      if (d.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) e.kind = EntryKind::kLink;
      else if (d.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) e.kind = EntryKind::kFolder;
      return std::optional<FolderEntry>(std::move(e));
    }
  }

  Result<std::unique_ptr<OutsideFolder>> OpenFolder(const std::string& name) override {
    STACCS_ASSIGN(fs::path path, Inside(name));
    return OutsideFolder::Open(path);
  }

  Result<std::unique_ptr<OutsideFile>> OpenFile(const std::string& name) override {
    STACCS_ASSIGN(fs::path path, Inside(name));
    return OutsideFile::Open(path);
  }

  bool Gone() const override {
    // The folder is held open (without delete sharing it cannot be removed; a pulled drive
    // fails the look at its path).
    return GetFileAttributesW(path_.c_str()) == INVALID_FILE_ATTRIBUTES;
  }

 private:
  Result<std::optional<FolderEntry>> End() {
    const DWORD err = GetLastError();
    if (err != ERROR_NO_MORE_FILES && err != ERROR_FILE_NOT_FOUND) return FromLastError(path_, "cannot list the folder");
    if (Gone()) return Error::Local(Shown(path_) + ": the folder went away while it was being read");
    return std::optional<FolderEntry>();
  }

  Result<fs::path> Inside(const std::string& name) const {
    const fs::path p = PathFromUtf8(name);
    if (name.empty() || name == "." || name == ".." || name.find_first_of("/\\:") != std::string::npos)
      return Refused(path_ / p, "is not a plain name");
    return path_ / p;
  }

  HANDLE h_;
  HANDLE find_ = INVALID_HANDLE_VALUE;
  bool started_ = false;
};

}  // namespace

Result<std::unique_ptr<OutsideFile>> OutsideFile::Open(const fs::path& path) {
  STACCS_ASSIGN(HANDLE h, OpenChecked(path, /*folder=*/false));
  LARGE_INTEGER size{};
  if (!GetFileSizeEx(h, &size)) {
    Error e = FromLastError(path, "cannot look at it");
    CloseHandle(h);
    return e;
  }
  return std::unique_ptr<OutsideFile>(new WindowsOutsideFile(path, static_cast<std::uint64_t>(size.QuadPart), h));
}

Result<std::unique_ptr<OutsideFolder>> OutsideFolder::Open(const fs::path& path_in) {
  fs::path path = path_in;
  if (!path.empty() && path.filename().empty() && path != path.root_path()) path = path.parent_path();
  STACCS_ASSIGN(HANDLE h, OpenChecked(path, /*folder=*/true));
  return std::unique_ptr<OutsideFolder>(new WindowsOutsideFolder(path, h));
}

}  // namespace staccs::platform
