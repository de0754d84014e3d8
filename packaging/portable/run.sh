#!/bin/sh
# STACCS Field Kit, portable edition. Start it with:   sh run.sh          (the desktop client)
#                                                       sh run.sh cli ...  (staccs-cli ...)
#
# What a lost stick exposes: nothing readable. Drafts, practices, keys and outgoing bundles in
# staccs-data/ are encrypted with your passphrase; without it they are noise.
# What it does not protect: that the kit exists. Anyone holding the stick sees a STACCS kit
# (this folder, its size, the dates files changed), and so may guess you take part.
#
# Desktop Linux mounts FAT sticks "noexec": nothing on the stick can be run or mapped as code,
# not even through a dynamic loader. So this script copies the programs and the libraries
# bundled with them (no system library is used, not even the loader) to a private folder in
# memory or in /tmp, runs them from there and deletes the copy when they exit. Your data stays
# here, in staccs-data/ beside this script, and never leaves the stick.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
loader=ld-linux-x86-64.so.2
data="$here/staccs-data"
mkdir -p "$data"

run_dir=""
for base in "${XDG_RUNTIME_DIR:-}" /dev/shm "${TMPDIR:-/tmp}" "${HOME:-}/.cache"; do
  [ -n "$base" ] && [ -d "$base" ] && [ -w "$base" ] || continue
  d=$(mktemp -d "$base/staccs-run.XXXXXX" 2>/dev/null) || continue
  cp "$here/lib/$loader" "$d/" && chmod 700 "$d/$loader"
  if "$d/$loader" --help >/dev/null 2>&1; then run_dir=$d; break; fi
  rm -rf "$d"  # that folder is noexec too: try the next
done
if [ -z "$run_dir" ]; then
  echo "staccs: no folder on this machine lets programs run (all noexec); copy this folder to your home folder and start run.sh there" >&2
  exit 1
fi
trap 'rm -rf "$run_dir"' EXIT INT TERM
cp -r "$here/lib" "$here/bin" "$run_dir/"

prog=staccs
if [ "${1:-}" = cli ]; then prog=staccs-cli; shift; fi
STACCS_HOME="$data" "$run_dir/lib/$loader" --library-path "$run_dir/lib" "$run_dir/bin/$prog" "$@"
