#!/usr/bin/env bash
# Builds every Linux artefact of a release from a clone, in one command:
#   packaging/build-linux.sh [--sign SECRET_KEY_FILE] [--out DIR]
# into DIR (default: dist/):
#   staccs_VERSION_amd64.deb, staccs-relay_VERSION_amd64.deb   (CPack, cmake/packaging.cmake)
#   staccs-VERSION-linux-x86_64-portable.tar.gz                (packaging/portable)
#   SHA256SUMS                                                 (sha256sum -c SHA256SUMS checks it)
#   FILE.sig for each of them with --sign                      (staccs-release-sign, Ed25519)
# Both packages are checked with lintian (no errors allowed). The release key file stays
# offline: pass it with --sign on the release machine, never commit it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
key="" out="$root/dist"
while [ $# -gt 0 ]; do
  case $1 in
    --sign) key=$(realpath "$2"); shift 2 ;;
    --out) mkdir -p "$2"; out=$(realpath "$2"); shift 2 ;;
    *) echo "usage: packaging/build-linux.sh [--sign SECRET_KEY_FILE] [--out DIR]" >&2; exit 2 ;;
  esac
done
packaging/dev/install-deps.sh package

build=${STACCS_PACKAGE_BUILD_DIR:-$root/build/package}
# Debian's own habit: optimised with debug info, stripped in the package.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSTACCS_BUILD_TESTS=OFF -DSTACCS_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"
(cd "$build" && cpack -G DEB >/dev/null)
# The version is project(VERSION)'s, as CPack was given it.
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
DESTDIR="$stage" cmake --install "$build" --prefix /usr --component Unspecified >/dev/null
rm -rf "$out" && mkdir -p "$out"
cp "$build"/dist/staccs_"$version"_*.deb "$build"/dist/staccs-relay_"$version"_*.deb "$out/"
packaging/portable/make-portable.sh "$stage/usr/bin" "$out" "$version" >/dev/null

if command -v lintian >/dev/null; then
  lintian --fail-on error "$out"/*.deb
fi
(cd "$out" && sha256sum -- *.deb *.tar.gz > SHA256SUMS)
if [ -n "$key" ]; then
  "$build/staccs-release-sign" sign "$key" "$out"/*.deb "$out"/*.tar.gz "$out/SHA256SUMS" >/dev/null
fi
ls -l "$out"
