#!/usr/bin/env bash
# CI's Windows stage: build the Windows libraries (cached per Debian source version),
# cross-build the kit and its portable tests with the `windows` preset, run those tests under
# Wine, walk submissions across Windows and Linux kits in both directions and through
# staccs-relay.exe (packaging/test/windows-wine-walk.sh), draw every screen of staccs.exe in
# English and Arabic and compare them with the Linux client's
# (packaging/test/windows-gui-screenshots.sh), then build the installer and the portable zip
# and check both under Wine (packaging/test/windows-installer-check.sh).
# Usage: packaging/windows/build-and-walk.sh LINUX_BUILD_DIR   (the release preset's build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
linux_build=$(realpath "$1")
cd "$root"
packaging/windows/build-deps.sh
missing=()
for p in wine wine64 nsis zip unzip binutils-mingw-w64-x86-64 xvfb xauth libgl1-mesa-dri; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cmake --preset windows >/dev/null
cmake --build --preset windows
# The doctest suite's platform-independent half, as a Windows program under Wine.
WINEDEBUG=-all WINEPREFIX=$(mktemp -d /tmp/staccs-wine-tests.XXXXXX) ctest --test-dir build/windows --output-on-failure
packaging/test/windows-wine-walk.sh "$linux_build/sync/staccs-cli" build/windows/sync/staccs-cli.exe \
  build/windows/sync/staccs-relay.exe
packaging/test/windows-gui-screenshots.sh build/windows/gui/staccs.exe "$linux_build/tests/png_compare" \
  tests/gui/reference build/windows/screenshots
packaging/windows/make-artefacts.sh build/windows build/windows/dist
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' build/windows/CMakeCache.txt)
packaging/test/windows-installer-check.sh build/windows/dist/staccs-"$version"-windows-x86_64-setup.exe \
  build/windows/dist/staccs-"$version"-windows-x86_64-portable.zip
