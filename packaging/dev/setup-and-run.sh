#!/usr/bin/env bash
# From a fresh Debian 12 machine: install what is missing, build, and run the kit's main job
# on its embedded defaults. For now that is the command-line demo: a secretariat and a
# participant on this machine, a campaign from the forum's call, a draft and a practice.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
packaging/dev/install-deps.sh run
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/sync/staccs-cli demo "$@"
