// Detecting sticks: the Linux rule over a real mountinfo text, with escapes and noise.
#include <doctest/doctest.h>

#include "staccs/core/removable_drives.h"

using namespace staccs::platform;

TEST_CASE("sticks are the mounts under /media, /run/media and /mnt, with escaped names undone") {
  const char* text =
      "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
      "40 22 8:17 / /media/amina/KIT\\040STICK rw,nosuid,nodev shared:30 - vfat /dev/sdb1 rw,uid=1000\n"
      "41 22 8:33 / /run/media/omar/3A1F-22C0 rw,nosuid - exfat /dev/sdc1 rw\n"
      "42 22 0:50 / /mnt rw - tmpfs tmpfs rw,size=1024k\n"
      "43 22 0:51 / /mnt/usb0 rw master:1 other:2 - vfat /dev/sdd1 rw\n"
      "44 22 0:52 / /mediafake rw - ext4 /dev/sde1 rw\n"
      "45 22 0:53 / /home/media/x rw - ext4 /dev/sdf1 rw\n"
      "garbage line\n"
      "46 22 0:54 / /media/broken rw no-dash-here\n";
  const auto drives = RemovableDrivesFromMountInfo(text);
  REQUIRE(drives.size() == 4);
  CHECK(drives[0].mount_point == "/media/amina/KIT STICK");
  CHECK(drives[0].label == "KIT STICK");
  CHECK(drives[0].file_system == "vfat");
  CHECK(drives[1].mount_point == "/run/media/omar/3A1F-22C0");
  CHECK(drives[1].file_system == "exfat");
  CHECK(drives[2].mount_point == "/mnt");
  CHECK(drives[3].mount_point == "/mnt/usb0");
  CHECK(RemovableDrivesFromMountInfo("").empty());
  // The running system's table parses (whatever it holds).
  (void)ListRemovableDrives();
}
