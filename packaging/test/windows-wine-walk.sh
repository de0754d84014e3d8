#!/usr/bin/env bash
# A participant's and a secretariat's path across Windows and Linux kits, by sneakernet:
#   1. a Windows kit (staccs-cli.exe under Wine) drafts answers in Arabic from a Markdown
#      file, submits and exports to a stick folder; a Linux organiser's kit imports it and
#      carries it on another stick; a Linux secretariat collects the bundle and its
#      publication holds the Arabic text as written;
#   2. the reverse: a Linux participant's bundle carried by a Windows organiser's kit and
#      collected by a Windows secretariat kit.
# Usage: packaging/test/windows-wine-walk.sh LINUX_CLI WINDOWS_CLI_EXE
set -euo pipefail
linux=$(realpath "$1")
windows=$(realpath "$2")
export WINEDEBUG=${WINEDEBUG:--all}
export WINEPREFIX=${WINEPREFIX:-$(mktemp -d /tmp/staccs-wine.XXXXXX)}
export STACCS_PASSPHRASE="a walk across two systems"
work=$(mktemp -d /tmp/staccs-wine-walk.XXXXXX)
trap 'rm -rf "$work"' EXIT
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
  echo "$name: bundle ${bundle:0:16}… carried and collected, Arabic intact"
}

walk win lin lin windows-to-linux
walk lin win win linux-to-windows
echo "wine-walk: both directions passed"
