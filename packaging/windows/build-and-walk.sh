#!/usr/bin/env bash
# CI's Windows stage: build the Windows libraries (cached per Debian source version), cross-
# build the kit with the `windows` preset, and walk a submission across a Windows kit under
# Wine and a Linux kit in both directions (wine-walk.sh).
# Usage: packaging/windows/build-and-walk.sh LINUX_STACCS_CLI
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
linux_cli=$(realpath "$1")
cd "$root"
packaging/windows/build-deps.sh
if ! command -v wine >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine wine64 >/dev/null
fi
cmake --preset windows >/dev/null
cmake --build --preset windows
packaging/windows/wine-walk.sh "$linux_cli" build/windows/sync/staccs-cli.exe
