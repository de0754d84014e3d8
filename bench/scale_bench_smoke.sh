#!/bin/bash
# CI's smoke run of scale_bench (issue 15): tiny sizes, every group; fails unless the bench
# exits 0 and its table has a line for every row it names in --list-rows.
set -euo pipefail
bench=$1
sizes=${2:-100,300}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
"$bench" --sizes "$sizes" >"$out" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then cat "$out"; echo "scale_bench exited $rc" >&2; exit 1; fi
missing=0
while IFS= read -r row; do
  if ! grep -qF "| $row |" "$out"; then
    echo "missing row: $row" >&2
    missing=1
  fi
done < <("$bench" --list-rows)
cat "$out"
exit $missing
