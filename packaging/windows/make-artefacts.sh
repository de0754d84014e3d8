#!/usr/bin/env bash
# The Windows artefacts of a release, from the `windows` preset's build:
#   packaging/windows/make-artefacts.sh BUILD_DIR OUT_DIR [--sign SECRET_KEY_FILE SIGNER]
# into OUT_DIR:
#   staccs-VERSION-windows-x86_64-setup.exe      NSIS installer (Start menu, uninstaller)
#   staccs-VERSION-windows-x86_64-portable.zip   the programs with a staccs-data folder beside them
#   SHA256SUMS-windows                           sha256sum -c checks it
#   FILE.sig for each with --sign (SIGNER: the Linux build's staccs-release-sign)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(realpath "$1")
mkdir -p "$2" && out=$(realpath "$2")
key="" signer=""
if [ "${3:-}" = --sign ]; then key=$(realpath "$4"); signer=$(realpath "$5"); fi
for tool in makensis zip x86_64-w64-mingw32-strip; do
  command -v "$tool" >/dev/null || { echo "make-artefacts: $tool is missing (apt-get install nsis zip binutils-mingw-w64-x86-64)" >&2; exit 1; }
done
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
name=staccs-$version-windows-x86_64
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/bin"
for exe in gui/staccs sync/staccs-cli sync/staccs-relay; do
  x86_64-w64-mingw32-strip --strip-unneeded -o "$work/bin/${exe#*/}.exe" "$build/$exe.exe"
done
# Windows' Notepad before 2018 shows LF-only text on one line.
sed 's/$/\r/' "$here/README.txt" > "$work/bin/README.txt"

makensis -V2 -DVERSION="$version" -DBIN="$work/bin" -DOUT="$out/$name-setup.exe" "$here/staccs.nsi"

mkdir -p "$work/zip/$name/staccs-data"
cp "$work/bin"/*.exe "$work/bin/README.txt" "$work/zip/$name/"
rm -f "$out/$name-portable.zip"
# Fixed times and order, so the same build gives the same zip.
find "$work/zip" -exec touch -h -d '2000-01-01 00:00:00 UTC' {} +
(cd "$work/zip" && find "$name" | LC_ALL=C sort | zip -q -X -D -@ "$out/$name-portable.zip" && zip -q "$out/$name-portable.zip" "$name/staccs-data/")

(cd "$out" && sha256sum -- "$name-setup.exe" "$name-portable.zip" > SHA256SUMS-windows)
if [ -n "$key" ]; then
  "$signer" sign "$key" "$out/$name-setup.exe" "$out/$name-portable.zip" "$out/SHA256SUMS-windows" >/dev/null
fi
ls -l "$out"
