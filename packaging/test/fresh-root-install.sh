#!/usr/bin/env bash
# The release check on a brand-new machine: installs both .deb files into a fresh Debian 12
# root (debootstrap minbase, one root reused for both packages), runs `staccs-cli demo` there,
# starts the relay as its systemd unit would (the unit's own ExecStart, as its User, with its
# config and folders; no systemd is running), syncs a participant to it, checks that the
# portable archive starts with none of the kit's libraries installed, then purges both
# packages and checks nothing is left.
#   usage: packaging/test/fresh-root-install.sh DIST_DIR      (from packaging/build-linux.sh)
# Needs root and Debian's mirror (apt-get resolves the packages' dependencies). Takes a few
# minutes (the debootstrap base is cached in /var/tmp), so it is not part of the 45-minute CI.
set -euo pipefail
dist=$(realpath "${1:?usage: fresh-root-install.sh DIST_DIR}")
base=/var/tmp/staccs-fresh-base.tar  # the same cached base as ../shared/tools/fresh-check
if [ ! -f "$base" ]; then
  mirror=http://deb.debian.org/debian
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  tmp=$(mktemp -d /var/tmp/staccs-debootstrap.XXXXXX)
  debootstrap --variant=minbase bookworm "$tmp/root" "$mirror" >"$tmp/log" 2>&1
  tar -C "$tmp/root" -cf "$base" . && rm -rf "$tmp"
fi
root=$(mktemp -d /var/tmp/staccs-fresh-install.XXXXXX)
cleanup() {
  for m in dev/pts dev sys proc tmp; do mountpoint -q "$root/$m" && umount -l "$root/$m"; done
  grep -q " $root/" /proc/mounts || rm -rf --one-file-system "$root"
}
trap cleanup EXIT
tar -C "$root" -xf "$base"
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" && rm -f "$root/etc/apt/sources.list"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"; mount --bind /sys "$root/sys"; mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts" 2>/dev/null || true
mount -t tmpfs tmpfs "$root/tmp"
mkdir -p "$root/root/dist" && cp "$dist"/*.deb "$dist"/*.tar.gz "$root/root/dist/"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin PORT="$port" bash -euo pipefail -c '
fail() { echo "fresh-root-install: FAIL: $*" >&2; exit 1; }
cd /root/dist
echo "== the portable archive, before anything of the kit is installed"
mkdir /root/portable && tar -C /root/portable -xzf staccs-*-portable.tar.gz
sh /root/portable/staccs-*/run.sh cli help >/dev/null || fail "portable staccs-cli does not start on a bare machine"

echo "== install both packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends ./staccs_*.deb ./staccs-relay_*.deb >/dev/null
getent passwd staccs-relay >/dev/null || fail "no staccs-relay user"
[ "$(stat -c %U /var/lib/staccs-relay)" = staccs-relay ] || fail "/var/lib/staccs-relay is not the relay user'"'"'s"
staccs --version && staccs-relay --version && staccs-cli help >/dev/null

echo "== staccs-cli demo"
export STACCS_PASSPHRASE="demo passphrase"
staccs-cli --home /root/demo demo >/root/demo.log || { cat /root/demo.log; fail "demo failed"; }

echo "== the relay as its unit starts it"
unit=/lib/systemd/system/staccs-relay.service
exec_start=$(sed -n "s/^ExecStart=//p" $unit | sed "s/%%/%/g")
# Where the unit looks for campaign files: *.stc beside the config, or the config'"'"'s folder.
case $exec_start in
  *"/etc/staccs-relay/*.stc"*) install -m 0644 /root/demo/forum-call.stc /etc/staccs-relay/ ;;
  *) install -m 0644 /root/demo/forum-call.stc /etc/staccs-relay/campaigns/ ;;
esac
sed -i "s|^listen = .*|listen = 127.0.0.1:$PORT|" /etc/staccs-relay/staccs-relay.conf
user=$(sed -n "s/^User=//p" $unit)
[ -n "$user" ] || fail "the unit names no User= (DynamicUser?): it does not use the user the package makes"
eval "set -- $exec_start"
setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs "$@" >/root/relay.log 2>&1 &
relay=$!
for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.2; done
kill -0 $relay 2>/dev/null || { cat /root/relay.log; fail "the relay did not start as $user"; }

echo "== a participant syncs to it"
P=/root/demo/participant
cid=$(staccs-cli --home $P campaign list | awk "NR==1{print \$1}")
printf "%s" "{\"title\": \"Generators at towers\", \"phase\": \"resilience\", \"actors\": \"operators\"}" >/root/practice.json
pid=$(staccs-cli --home $P practice add --campaign "$cid" --file /root/practice.json | grep -oE "[0-9a-f]{16,}" | head -1)
staccs-cli --home $P submit "$pid" >/dev/null
staccs-cli --home $P sync --relay "http://127.0.0.1:$PORT" || { cat /root/relay.log; fail "sync to the relay failed"; }
staccs-cli --home $P outbox | grep -q "at relay http://127.0.0.1:$PORT" || fail "the outbox shows nothing at the relay"
[ -n "$(find /var/lib/staccs-relay -type f -user staccs-relay | head -1)" ] || fail "the relay wrote nothing of its own"
kill -TERM $relay; wait $relay || true

echo "== purge"
rm -f /etc/staccs-relay/forum-call.stc /etc/staccs-relay/campaigns/forum-call.stc  # the operator'"'"'s own files
apt-get purge -y -qq staccs-relay staccs >/dev/null
for f in /usr/bin/staccs /usr/bin/staccs-cli /usr/bin/staccs-relay /etc/staccs-relay /var/lib/staccs-relay /lib/systemd/system/staccs-relay.service; do
  [ ! -e "$f" ] || fail "$f is left after purge"
done
getent passwd staccs-relay >/dev/null && fail "the staccs-relay user is left after purge"
echo "fresh-root-install: ok"
'
