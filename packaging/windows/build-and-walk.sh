#!/usr/bin/env bash
# CI's Windows stage: build the Windows libraries (cached per Debian source version),
# cross-build the kit and its portable tests with the `windows` preset, run those tests under
# Wine, walk a submission across Windows and Linux kits in both directions
# (packaging/test/windows-wine-walk.sh), then build the installer and the portable zip and
# check both under Wine (packaging/test/windows-installer-check.sh).
# Usage: packaging/windows/build-and-walk.sh LINUX_STACCS_CLI
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
linux_cli=$(realpath "$1")
cd "$root"
packaging/windows/build-deps.sh
missing=()
for p in wine wine64 nsis zip unzip binutils-mingw-w64-x86-64; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cmake --preset windows >/dev/null
cmake --build --preset windows
# The doctest suite's platform-independent half, as a Windows program under Wine.
WINEDEBUG=-all WINEPREFIX=$(mktemp -d /tmp/staccs-wine-tests.XXXXXX) ctest --test-dir build/windows --output-on-failure
packaging/test/windows-wine-walk.sh "$linux_cli" build/windows/sync/staccs-cli.exe
packaging/windows/make-artefacts.sh build/windows build/windows/dist
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' build/windows/CMakeCache.txt)
packaging/test/windows-installer-check.sh build/windows/dist/staccs-"$version"-windows-x86_64-setup.exe \
  build/windows/dist/staccs-"$version"-windows-x86_64-portable.zip
