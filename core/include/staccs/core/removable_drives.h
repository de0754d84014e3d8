// Mounted removable drives (USB sticks) the kit can offer to export to or import from, behind
// one interface with one file per platform: Linux reads /proc/self/mountinfo and keeps what
// desktops and people mount under /media, /run/media and /mnt; Windows lists the drive
// letters whose type is removable.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace staccs::platform {

struct RemovableDrive {
  std::filesystem::path mount_point;
  std::string label;        // the last part of the mount point, or the drive letter
  std::string file_system;  // "vfat", "exfat", … where known
  bool operator==(const RemovableDrive&) const = default;
};

std::vector<RemovableDrive> ListRemovableDrives();

// The Linux rule on the text of a mountinfo file (for tests): mount points under /media/,
// /run/media/ or /mnt/ (or /mnt itself), with the kernel's octal escapes (\040 for a space)
// undone. Malformed lines are skipped.
std::vector<RemovableDrive> RemovableDrivesFromMountInfo(std::string_view mountinfo);

}  // namespace staccs::platform
