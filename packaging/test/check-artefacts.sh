#!/usr/bin/env bash
# CI check of the Linux artefacts, from an existing build tree (default build/release):
#   both .deb files built by CPack pass lintian with no error and hold what they must; the
#   portable archive, unpacked into a noexec tmpfs (a FAT stick as desktop Linux mounts it),
#   runs staccs-cli and the desktop client's --screenshot under Xvfb and keeps its data beside
#   itself. Needs root (for the tmpfs mount). The install into a fresh Debian root is the
#   slower packaging/test/fresh-root-install.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath "${1:-$root/build/release}")
work=$(mktemp -d /var/tmp/staccs-artefacts.XXXXXX)
stick=$work/stick
cleanup() { mountpoint -q "$stick" && umount "$stick"; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "check-artefacts: FAIL: $*" >&2; exit 1; }

echo "== the Debian packages"
(cd "$build" && rm -rf dist && cpack -G DEB >/dev/null)
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
client=$build/dist/staccs_${version}_amd64.deb relay=$build/dist/staccs-relay_${version}_amd64.deb
lintian --fail-on error "$client" "$relay" || fail "lintian reports errors"
client_files=$(dpkg-deb -c "$client") relay_files=$(dpkg-deb -c "$relay")
grep -q ' ./usr/bin/staccs$' <<<"$client_files" || fail "staccs missing from $client"
grep -q ' ./usr/bin/staccs-cli$' <<<"$client_files" || fail "staccs-cli missing from $client"
grep -q 'staccs-relay' <<<"$client_files" && fail "the client package carries relay files"
grep -q ' ./usr/bin/staccs-relay$' <<<"$relay_files" || fail "staccs-relay missing from $relay"
grep -q ' ./lib/systemd/system/staccs-relay.service$' <<<"$relay_files" || fail "unit missing"
grep -q ' ./etc/staccs-relay/campaigns/$' <<<"$relay_files" || fail "campaigns folder missing"
dpkg-deb -I "$relay" conffiles | grep -qx /etc/staccs-relay/staccs-relay.conf || fail "config is not a conffile"
grep -q ' ./usr/share/doc/staccs-relay/examples/nginx-staccs-relay.conf$' <<<"$relay_files" || fail "nginx site example missing"
dpkg-deb -f "$client" Depends | grep -q libsodium || fail "shlibdeps gave no libsodium dependency"
dpkg-deb -f "$relay" Depends | grep -q libcpp-httplib || fail "shlibdeps gave no cpp-httplib dependency"
cmp <(dpkg-deb -f "$client" Version) <(echo "$version") || fail "package version is not project(VERSION)"

echo "== the portable archive in a noexec tmpfs"
DESTDIR="$work/stage" cmake --install "$build" --prefix /usr --component Unspecified >/dev/null
archive=$("$root/packaging/portable/make-portable.sh" "$work/stage/usr/bin" "$work/out" "$version")
mkdir -p "$stick" && mount -t tmpfs -o noexec,size=256m tmpfs "$stick"
tar -C "$stick" -xzf "$archive"
kit=$stick/staccs-$version-linux-x86_64-portable
"$kit/bin/staccs-cli" help >/dev/null 2>&1 && fail "the tmpfs is not noexec: the test proves nothing"
out=$(sh "$kit/run.sh" --version) || fail "run.sh --version failed"
[ "$out" = "staccs $version" ] || fail "portable staccs says '$out'"
sh "$kit/run.sh" cli help | grep -q verify-release || fail "portable staccs-cli does not start"
STACCS_PASSPHRASE="stick passphrase" sh "$kit/run.sh" cli init --name stick --kdf-profile test-only-insecure --weak-passphrase >/dev/null \
  || fail "portable init failed"
[ -n "$(ls -A "$kit/staccs-data")" ] || fail "the portable kit did not keep its data beside itself"
grep -rq "stick passphrase" "$kit/staccs-data" && fail "the passphrase is readable on the stick"
if command -v xvfb-run >/dev/null; then
  xvfb-run -a -s "-screen 0 1024x768x24" sh "$kit/run.sh" --screenshot "$work/shots" >/dev/null 2>&1 \
    || fail "portable client --screenshot failed"
  ls "$work/shots"/*.png >/dev/null 2>&1 || fail "portable client wrote no screenshot"
fi
ls "$stick" | grep -qv "^staccs-" && fail "the launcher left files on the stick outside the kit"
echo "check-artefacts: ok ($(basename "$client"), $(basename "$relay"), $(basename "$archive"))"
