#!/usr/bin/env bash
# Renders every screen in one language at 1024x600 with demo data (staccs --screenshot under
# Xvfb) and compares each with its committed reference (tests/gui/reference/LANG/).
#   usage: screenshots_test.sh STACCS PNG_COMPARE REFERENCE_DIR LANG OUT_DIR
# To refresh the references after an intended change: STACCS_UPDATE_REFERENCES=1.
set -euo pipefail
staccs=$1 compare=$2 refs=$3/$4 lang=$4 out=$5/$4
rm -rf "$out"
mkdir -p "$out"
xvfb-run -a -s "-screen 0 1280x800x24" "$staccs" --screenshot "$out" --lang "$lang" --size 1024x600 >/dev/null
shopt -s nullglob
rendered=("$out"/*.png)
[ ${#rendered[@]} -ge 8 ] || { echo "only ${#rendered[@]} screens rendered" >&2; exit 1; }
if [ "${STACCS_UPDATE_REFERENCES:-}" = 1 ]; then
  mkdir -p "$refs"
  cp "$out"/*.png "$refs"/
  echo "references updated in $refs"
  exit 0
fi
status=0
for ref in "$refs"/*.png; do
  name=$(basename "$ref")
  [ -f "$out/$name" ] || { echo "$name: not rendered" >&2; status=1; continue; }
  "$compare" "$out/$name" "$ref" 0.01 || status=1
done
for png in "${rendered[@]}"; do
  [ -f "$refs/$(basename "$png")" ] || { echo "$(basename "$png"): no reference committed" >&2; status=1; }
done
exit $status
