#include "staccs/core/platform.h"
#include "staccs/core/removable_drives.h"

namespace staccs::platform {

std::vector<RemovableDrive> ListRemovableDrives() {
  auto text = ReadFile("/proc/self/mountinfo", 4u << 20);
  if (!text) return {};
  return RemovableDrivesFromMountInfo(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()));
}

}  // namespace staccs::platform
