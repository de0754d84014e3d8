#!/usr/bin/env bash
# A participant's and a secretariat's path across Windows and Linux kits, by sneakernet:
#   1. a Windows kit (staccs-cli.exe under Wine) drafts answers in Arabic from a Markdown
#      file, submits and exports to a stick folder; a Linux organiser's kit imports it and
#      carries it on another stick; a Linux secretariat collects the bundle and its
#      publication holds the Arabic text as written;
#   2. the reverse: a Linux participant's bundle carried by a Windows organiser's kit and
#      collected by a Windows secretariat kit;
#   every path in an Arabic folder with an accented Latin name beside it;
#   3. with WINDOWS_RELAY_EXE: staccs-relay.exe under Wine takes uploads from a Linux and a
#      Windows participant, each gets a receipt its kit verifies against the key the campaign
#      pins, and a Linux secretariat collects both bundles from that relay.
# Usage: packaging/test/windows-wine-walk.sh LINUX_CLI WINDOWS_CLI_EXE [WINDOWS_RELAY_EXE]
set -euo pipefail
linux=$(realpath "$1")
windows=$(realpath "$2")
relay_exe=${3:+$(realpath "$3")}
export WINEDEBUG=${WINEDEBUG:--all}
export WINEPREFIX=${WINEPREFIX:-$(mktemp -d /tmp/staccs-wine.XXXXXX)}
export STACCS_PASSPHRASE="a walk across two systems"
scratch=$(mktemp -d /tmp/staccs-wine-walk.XXXXXX)
# Every path below holds Arabic and a Latin accent (a participant's folder names, a user
# name like José): on Windows, text that becomes a path must pass as UTF-8, not byte by byte.
work="$scratch/ملفات José"
mkdir "$work"
relay_pid=
cleanup() {
  if [ -n "$relay_pid" ]; then kill "$relay_pid" 2>/dev/null || true; fi
  wineserver -k 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
cd "$work"

lin() { local home=$1; shift; "$linux" --home "$work/$home" "$@"; }
# Wine maps the Unix root to drive Z:, so absolute Unix paths name the same files.
win() { local home=$1; shift; wine "$windows" --home "$work/$home" "$@" | tr -d '\r'; }
fail() { echo "wine-walk: $*" >&2; exit 1; }

# answers FILE CAMPAIGN_TEMPLATE: every question answered with an Arabic sentence.
answers() {
  awk '/^---$/ {fm++} {print} fm >= 2 && /^# / {print ""; print "نحمي نقاط تبادل الإنترنت بمولدات احتياطية وروابط بديلة."; print ""}' "$2" > "$1"
}

# walk PARTICIPANT ORGANISER SECRETARIAT NAME: each role's kit on the system its runner
# (lin or win) names; the organiser takes the participant's stick in and carries it on another.
walk() {
  local part=$1 org=$2 sec=$3 name=$4 campaign draft bundle
  echo "== $name"
  $sec "$name-sec" init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
  campaign=$($sec "$name-sec" campaign create --title "Wine walk $name" --out "$work/$name.stc" | head -1)
  $part "$name-part" init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
  $part "$name-part" campaign import "$work/$name.stc" >/dev/null
  $part "$name-part" draft template --campaign "$campaign" --out "$work/$name-template.md" >/dev/null
  answers "$work/$name-answers.md" "$work/$name-template.md"
  draft=$($part "$name-part" draft new --campaign "$campaign" --answers "$work/$name-answers.md" | head -1)
  bundle=$($part "$name-part" submit "$draft" | head -1)
  mkdir -p "$work/$name-stick" "$work/$name-stick-b"
  $part "$name-part" usb export "$work/$name-stick" >/dev/null
  $org "$name-org" init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
  $org "$name-org" usb import "$work/$name-stick"
  $org "$name-org" usb export "$work/$name-stick-b" >/dev/null
  $sec "$name-sec" collect --from "$work/$name-stick-b"
  $sec "$name-sec" compile --campaign "$campaign" --format md --out "$work/$name-publication.md" >/dev/null
  grep -q "نحمي نقاط تبادل الإنترنت" "$work/$name-publication.md" ||
    fail "$name: the publication lacks the participant's Arabic answer"
  # Each kit's folder is where it was asked to be: a name turned into Latin-1 look-alikes
  # ("Ù…Ù„Ù..." for Arabic) would be a second folder beside it.
  [ "$(find "$scratch" -mindepth 1 -maxdepth 1 | wc -l)" -eq 1 ] ||
    fail "$name: a kit wrote outside '$work': $(ls "$scratch")"
  echo "$name: bundle ${bundle:0:16}… carried and collected, Arabic intact"
}

# through_relay: both participants upload to staccs-relay.exe, the secretariat collects there.
through_relay() {
  local key port url campaign who draft out
  echo "== through staccs-relay.exe"
  key=$(wine "$relay_exe" --data "$work/relay-data" --print-key | tr -d '\r')
  [ ${#key} -eq 64 ] || fail "staccs-relay.exe --print-key printed '$key'"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  url="http://127.0.0.1:$port"
  lin relay-sec init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
  campaign=$(lin relay-sec campaign create --title "Wine relay walk" --relay "$url#$key" --out "$work/relay.stc" | head -1)
  wine "$relay_exe" --data "$work/relay-data" --listen "127.0.0.1:$port" --campaign "$work/relay.stc" \
    > "$work/relay.log" 2>&1 &
  relay_pid=$!
  for _ in $(seq 1 60); do grep -q "staccs-relay: serving 127.0.0.1:$port" "$work/relay.log" && break; sleep 0.5; done
  grep -q "staccs-relay: serving 127.0.0.1:$port" "$work/relay.log" || { cat "$work/relay.log" >&2; fail "staccs-relay.exe did not start"; }
  for who in lin win; do
    $who "relay-$who" init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
    $who "relay-$who" campaign import "$work/relay.stc" >/dev/null
    $who "relay-$who" draft template --campaign "$campaign" --out "$work/relay-$who-template.md" >/dev/null
    answers "$work/relay-$who-answers.md" "$work/relay-$who-template.md"
    draft=$($who "relay-$who" draft new --campaign "$campaign" --answers "$work/relay-$who-answers.md" | head -1)
    $who "relay-$who" submit "$draft" >/dev/null
    out=$($who "relay-$who" sync) || { cat "$work/relay.log" >&2; fail "$who: sync to staccs-relay.exe failed: $out"; }
    echo "$who: $out" | head -2
    grep -q "sent 1 bundles, 0 already at the relay; 1 receipts verified, 0 unverified" <<<"$out" ||
      fail "$who: staccs-relay.exe's receipt did not verify: $out"
    $who "relay-$who" outbox | grep -q "at a relay\|received" || fail "$who: the outbox does not show the bundle at the relay"
  done
  lin relay-sec collect --relay "$url#$key"
  lin relay-sec compile --campaign "$campaign" --format md --out "$work/relay-publication.md" >/dev/null
  [ "$(grep -c "نحمي نقاط تبادل الإنترنت" "$work/relay-publication.md")" -ge 2 ] ||
    fail "the secretariat did not collect both participants' bundles from staccs-relay.exe"
  kill "$relay_pid"
  wait "$relay_pid" 2>/dev/null || true
  relay_pid=
  echo "relay: a Linux and a Windows participant receipted by staccs-relay.exe, both bundles collected"
}

walk win lin lin windows-to-linux
walk lin win win linux-to-windows
if [ -n "$relay_exe" ]; then through_relay; fi
echo "wine-walk: every path passed"
