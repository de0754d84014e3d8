#include <windows.h>

#include "staccs/core/removable_drives.h"

namespace staccs::platform {

std::vector<RemovableDrive> ListRemovableDrives() {
  std::vector<RemovableDrive> out;
  const DWORD mask = GetLogicalDrives();
  for (int i = 0; i < 26; ++i) {
    if ((mask & (1u << i)) == 0) continue;
    const wchar_t root[] = {static_cast<wchar_t>(L'A' + i), L':', L'\\', 0};
    if (GetDriveTypeW(root) != DRIVE_REMOVABLE) continue;
    RemovableDrive d;
    d.mount_point = std::filesystem::path(root);
    d.label = std::string(1, static_cast<char>('A' + i)) + ":";
    wchar_t fs_name[MAX_PATH + 1] = {0};
    if (GetVolumeInformationW(root, nullptr, 0, nullptr, nullptr, nullptr, fs_name, MAX_PATH))
      d.file_system = std::filesystem::path(fs_name).string();
    out.push_back(std::move(d));
  }
  return out;
}

// Mount tables are a Linux notion; the rule is kept so the same tests build everywhere.
}  // namespace staccs::platform
