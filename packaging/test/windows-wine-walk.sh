#!/usr/bin/env bash
# A participant's and a secretariat's path across Windows and Linux kits, by sneakernet:
#   1. a Windows kit (staccs-cli.exe under Wine) drafts answers in Arabic from a Markdown
#      file, submits and exports to a stick folder; a Linux organiser's kit imports it and
#      carries it on another stick; a Linux secretariat collects the bundle and its
#      publication holds the Arabic text as written;
#   2. the reverse: a Linux participant's bundle collected by a Windows secretariat kit.
# Usage: packaging/windows/wine-walk.sh LINUX_CLI WINDOWS_CLI_EXE
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

echo "== 1. Windows participant, Linux secretariat"
lin sec-linux init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
campaign=$(lin sec-linux campaign create --title "Wine walk" --out "$work/call.stc" | head -1)
win part-windows init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
win part-windows campaign import "$work/call.stc" >/dev/null
win part-windows draft template --campaign "$campaign" --out "$work/template.md" >/dev/null
answers "$work/answers.md" "$work/template.md"
draft=$(win part-windows draft new --campaign "$campaign" --answers "$work/answers.md" | head -1)
bundle=$(win part-windows submit "$draft" | head -1)
mkdir -p "$work/stick"
win part-windows usb export "$work/stick" >/dev/null
# A Linux organiser's kit takes the Windows-written stick in and carries it on another.
lin org-linux init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
lin org-linux usb import "$work/stick"
mkdir -p "$work/stick-b"
lin org-linux usb export "$work/stick-b" >/dev/null
lin sec-linux collect --from "$work/stick-b"
lin sec-linux compile --campaign "$campaign" --format md --out "$work/publication.md" >/dev/null
grep -q "نحمي نقاط تبادل الإنترنت" "$work/publication.md" || fail "the Linux publication lacks the Windows kit's Arabic answer"
echo "bundle ${bundle:0:16}… sealed on Windows, collected on Linux, Arabic intact"

echo "== 2. Linux participant, Windows secretariat"
win sec-windows init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
campaign2=$(win sec-windows campaign create --title "Wine walk back" --out "$work/call2.stc" | head -1)
lin part-linux init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
lin part-linux campaign import "$work/call2.stc" >/dev/null
lin part-linux draft template --campaign "$campaign2" --out "$work/template2.md" >/dev/null
answers "$work/answers2.md" "$work/template2.md"
draft2=$(lin part-linux draft new --campaign "$campaign2" --answers "$work/answers2.md" | head -1)
bundle2=$(lin part-linux submit "$draft2" | head -1)
mkdir -p "$work/stick2"
lin part-linux usb export "$work/stick2" >/dev/null
win sec-windows collect --from "$work/stick2"
win sec-windows compile --campaign "$campaign2" --format md --out "$work/publication2.md" >/dev/null
grep -q "نحمي نقاط تبادل الإنترنت" "$work/publication2.md" || fail "the Windows publication lacks the Linux kit's Arabic answer"
echo "bundle ${bundle2:0:16}… sealed on Linux, collected on Windows, Arabic intact"
echo "wine-walk: both directions passed"
