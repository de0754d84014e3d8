#!/usr/bin/env bash
# The release check on a brand-new machine: installs both .deb files into a fresh Debian 12
# root (debootstrap minbase, one root reused for both packages), runs `staccs-cli demo` there,
# starts the relay as its systemd unit would (the unit's own ExecStart, as its User, in the
# state folder systemd would make, with its config; no systemd is running), syncs a participant to it, checks that the
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
  mountpoint -q "$root" && umount -l "$root"
  grep -q " $root[/ ]" /proc/mounts || rm -rf --one-file-system "$root"
}
trap cleanup EXIT
tar -C "$root" -xf "$base"
# The root is its own private mount, so that inside it the relay can get a mount namespace of
# its own (as systemd gives a unit) without its mounts reaching this machine.
mount --bind "$root" "$root" && mount --make-private "$root"
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
[ "$(stat -c %a /etc/staccs-relay/staccs-relay.conf)" = 644 ] || fail "the config is not readable by the dynamic user"
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
grep -qx "DynamicUser=yes" $unit || fail "the unit does not run as a dynamic user"
state=$(sed -n "s/^StateDirectory=//p" $unit)
[ "$state" = staccs-relay ] || fail "the unit'"'"'s StateDirectory is \"$state\", not staccs-relay"
user=$(sed -n "s/^User=//p" $unit)
[ "$user" = staccs-relay ] || fail "the unit runs as \"$user\", not the user the package makes"
uid=$(id -u "$user")
# What systemd does for DynamicUser= with StateDirectory= (and an existing User=): the folder
# in /var/lib/private (0700 above it, so no other user reaches it) owned by that user, and a
# link in /var/lib; only in the service'"'"'s own mount namespace is /var/lib/private passable.
install -d -m 0700 /var/lib/private
install -d -m 0700 -o "$user" -g "$user" /var/lib/private/$state
ln -s private/$state /var/lib/$state
eval "set -- $exec_start"
STATE=$state RELAY_USER=$user unshare --mount --propagation private sh -euc '"'"'
  mkdir -p /tmp/state-view && mount --bind /var/lib/private/$STATE /tmp/state-view
  mount -t tmpfs -o mode=0755 tmpfs /var/lib/private
  mkdir /var/lib/private/$STATE && mount --bind /tmp/state-view /var/lib/private/$STATE
  exec setpriv --reuid=$RELAY_USER --regid=$RELAY_USER --init-groups --no-new-privs "$@"'"'"' relay "$@" >/root/relay.log 2>&1 &
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
staccs-cli --home $P outbox --paths | grep -q "at relay http://127.0.0.1:$PORT" || fail "the outbox shows nothing at the relay"
[ -n "$(find /var/lib/private/$state -type f -user $uid | head -1)" ] || fail "the relay wrote nothing of its own"
kill -TERM $relay; rc=0; wait $relay || rc=$?
[ $rc = 0 ] || { cat /root/relay.log; fail "the relay exited $rc on SIGTERM"; }
[ -z "$(find /var/lib/private/$state -name "*-wal" -size +0 | head -1)" ] || fail "a -wal file is left after a clean stop"

echo "== purge"
rm -f /etc/staccs-relay/forum-call.stc /etc/staccs-relay/campaigns/forum-call.stc  # the operator'"'"'s own files
apt-get purge -y -qq staccs-relay staccs >/dev/null
for f in /usr/bin/staccs /usr/bin/staccs-cli /usr/bin/staccs-relay /etc/staccs-relay /var/lib/staccs-relay /var/lib/private/staccs-relay /lib/systemd/system/staccs-relay.service; do
  [ ! -e "$f" ] || fail "$f is left after purge"
done
getent passwd staccs-relay >/dev/null && fail "the staccs-relay user is left after purge"
echo "fresh-root-install: ok"
'
