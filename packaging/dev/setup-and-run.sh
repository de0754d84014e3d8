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
# With a display: the desktop client on demo kits (a local secretariat's campaign imported,
# a draft in progress; the unlock screen shows the demo passphrase). Without one: the CLI demo.
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/release/gui/staccs --demo "${STACCS_DEMO_DIR:-$HOME/.local/share/staccs-demo}" "$@"
fi
echo "setup-and-run: no display (DISPLAY and WAYLAND_DISPLAY are unset): running the command-line demo instead"
exec build/release/sync/staccs-cli demo "$@"
