#include <vector>

#include "staccs/core/removable_drives.h"

namespace staccs::platform {

namespace {

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// "\040" -> ' ' and the like; anything malformed is kept as it is.
std::string Unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool UnderRemovableRoot(const std::string& p) {
  for (std::string_view root : {"/media/", "/run/media/", "/mnt/"})
    if (p.size() > root.size() && p.compare(0, root.size(), root) == 0) return true;
  return p == "/mnt";
}

}  // namespace

std::vector<RemovableDrive> RemovableDrivesFromMountInfo(std::string_view text) {
  std::vector<RemovableDrive> out;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    // id parent major:minor root mount-point options [optional…] - fstype source super-options
    const auto f = Fields(line);
    if (f.size() < 7) continue;
    std::size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (dash + 1 >= f.size()) continue;
    std::string mount = Unescape(f[4]);
    if (!UnderRemovableRoot(mount)) continue;
    RemovableDrive d;
    d.mount_point = mount;
    d.label = d.mount_point.filename().string();
    d.file_system = std::string(f[dash + 1]);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace staccs::platform
