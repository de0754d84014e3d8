#!/usr/bin/env bash
# Builds the portable Linux archive from installed programs:
#   make-portable.sh BIN_DIR OUT_DIR VERSION  ->  OUT_DIR/staccs-VERSION-linux-x86_64-portable.tar.gz
# The archive holds staccs and staccs-cli, every shared library they load (from ldd, with the
# loader itself) so the kit needs nothing of the machine it runs on, run.sh, a README and an
# empty staccs-data/ folder for the kit's data beside it.
set -euo pipefail
bin=$1 out=$2 version=$3
name=staccs-$version-linux-x86_64-portable
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/$name
mkdir -p "$root/bin" "$root/lib" "$root/staccs-data"
for p in staccs staccs-cli; do
  install -m 0755 "$bin/$p" "$root/bin/$p"
  strip --strip-unneeded "$root/bin/$p"
done
# Every library either program links, resolved on this (Debian 12) build machine. libGL here is
# glvnd's vendor-neutral dispatcher: the GPU driver it opens at run time is the machine's own.
libs=$(for p in staccs staccs-cli; do ldd "$root/bin/$p"; done | awk '/=> \//{print $3}' | sort -u)
for l in $libs; do cp -L "$l" "$root/lib/"; done
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib/ld-linux-x86-64.so.2"
install -m 0644 "$here/run.sh" "$root/run.sh"
install -m 0644 "$here/README.txt" "$root/README.txt"
mkdir -p "$out"
tar -C "$work" --owner=0 --group=0 --numeric-owner -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
