#!/usr/bin/env bash
# The desktop client on Windows: staccs.exe under Wine, on an Xvfb display, draws every screen
# with demo data in English and in Arabic (staccs.exe --screenshot), and each picture must
# match the Linux client's committed reference (tests/gui/reference/LANG/) within the same
# 1% the Linux screenshot test allows. The Arabic references read right to left with joined
# letters (tests/gui/text_bidi_table_test.cpp checks the shaping behind them), so a Windows
# picture that matches one does too; a Windows build that lost FriBidi or the Arabic font,
# or drew left to right, differs on most of the screen.
# Usage: packaging/test/windows-gui-screenshots.sh STACCS_EXE PNG_COMPARE REFERENCE_DIR OUT_DIR
set -euo pipefail
exe=$(realpath "$1")
compare=$(realpath "$2")
refs=$(realpath "$3")
mkdir -p "$4" && out=$(realpath "$4")
export WINEDEBUG=${WINEDEBUG:--all}
export WINEPREFIX=${WINEPREFIX:-$(mktemp -d /tmp/staccs-wine-gui.XXXXXX)}
trap 'wineserver -k 2>/dev/null || true' EXIT
fail() { echo "windows-gui: $*" >&2; exit 1; }

status=0
for lang in en ar; do
  rm -rf "${out:?}/$lang" && mkdir -p "$out/$lang"
  echo "== staccs.exe --screenshot, $lang"
  # One Xvfb server and Wine session per language; Wine's OpenGL is Mesa's, as on Linux.
  xvfb-run -a -s "-screen 0 1280x800x24" \
    sh -c 'wineboot -i >/dev/null 2>&1; wine "$0" --screenshot "$1" --lang "$2" --size 1024x600; rc=$?; wineserver -w; exit $rc' \
    "$exe" "$out/$lang" "$lang" >/dev/null || fail "staccs.exe --screenshot --lang $lang failed"
  shopt -s nullglob
  rendered=("$out/$lang"/*.png)
  shopt -u nullglob
  [ ${#rendered[@]} -ge 8 ] || fail "$lang: only ${#rendered[@]} screens rendered"
  for ref in "$refs/$lang"/*.png; do
    name=$(basename "$ref")
    [ -f "$out/$lang/$name" ] || { echo "$lang/$name: not rendered on Windows" >&2; status=1; continue; }
    "$compare" "$out/$lang/$name" "$ref" 0.01 || { echo "$lang/$name: differs from the Linux client's picture" >&2; status=1; }
  done
  echo "$lang: ${#rendered[@]} screens rendered and compared"
  # The demo kits are deleted after the last screen (Windows deletes no file still open).
  leftover=$(find "$WINEPREFIX/drive_c/users" -maxdepth 3 -name 'staccs-screenshot-*' 2>/dev/null | head -1)
  [ -z "$leftover" ] || fail "$lang: the demo kits were left in $leftover"
done
[ $status -eq 0 ] || fail "some screens differ (pictures in $out)"
echo "windows-gui: every screen in English and Arabic matches the Linux client's"
