#!/usr/bin/env bash
# The Windows installer under Wine, as a participant's machine would meet it:
#   silent install (/S) -> the installed staccs-cli.exe --version runs and makes a kit in
#   %LOCALAPPDATA%\STACCS -> silent uninstall removes the programs, the Start-menu entry and
#   the uninstall entry, and keeps the data folder; /REMOVEDATA removes it too.
#   The portable zip: its staccs-cli.exe keeps its kit in the staccs-data folder beside it.
# Usage: packaging/test/windows-installer-check.sh SETUP_EXE PORTABLE_ZIP
set -euo pipefail
setup=$(realpath "$1")
zip=$(realpath "$2")
export WINEDEBUG=${WINEDEBUG:--all}
export WINEPREFIX=$(mktemp -d /tmp/staccs-wine-install.XXXXXX)
work=$(mktemp -d /tmp/staccs-install-check.XXXXXX)
trap 'wineserver -k 2>/dev/null || true; rm -rf "$WINEPREFIX" "$work"' EXIT
export STACCS_PASSPHRASE="installer check across a whole kit"
fail() { echo "installer-check: $*" >&2; exit 1; }
unixpath() { winepath -u "$1" 2>/dev/null | tr -d '\r'; }
winenv() { wine cmd /c echo "%$1%" 2>/dev/null | tr -d '\r'; }

wineboot -i >/dev/null 2>&1
programs=$(unixpath "$(winenv ProgramW6432)")/STACCS
localdata=$(unixpath "$(winenv LOCALAPPDATA)")/STACCS
menu=$(unixpath "$(winenv ProgramData)")/Microsoft/Windows/Start\ Menu/Programs/STACCS

echo "== install silently"
wine "$setup" /S
wineserver -w
[ -f "$programs/staccs-cli.exe" ] || fail "no staccs-cli.exe in $programs"
[ -f "$programs/staccs-relay.exe" ] || fail "no staccs-relay.exe in $programs"
[ -f "$programs/staccs.exe" ] || fail "no staccs.exe in $programs"
[ -f "$menu/STACCS Field Kit.lnk" ] || fail "no Start-menu entry for the desktop client in $menu"
[ -f "$programs/uninstall.exe" ] || fail "no uninstaller in $programs"
[ -f "$menu/STACCS command line.lnk" ] || fail "no Start-menu entry in $menu"
version=$(wine "$programs/staccs-cli.exe" --version | tr -d '\r')
case $version in "staccs-cli "[0-9]*) echo "installed: $version" ;; *) fail "--version printed '$version'" ;; esac
relay_version=$(wine "$programs/staccs-relay.exe" --version | tr -d '\r')
[ "$relay_version" = "staccs-relay ${version#staccs-cli }" ] || fail "staccs-relay.exe --version printed '$relay_version'"
wine "$programs/staccs-cli.exe" init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
[ -n "$(ls -A "$localdata" 2>/dev/null)" ] || fail "the installed kit made no data in $localdata"

echo "== uninstall silently: programs go, data stays"
# The uninstaller runs on from a copy of itself in %TEMP%: wait for every Wine process.
wine "$programs/uninstall.exe" /S
wineserver -w
[ ! -e "$programs/uninstall.exe" ] || fail "the uninstaller left itself"
[ ! -e "$programs/staccs-cli.exe" ] || fail "the uninstaller left staccs-cli.exe"
[ ! -e "$programs/staccs-relay.exe" ] || fail "the uninstaller left staccs-relay.exe"
[ ! -e "$programs/staccs.exe" ] || fail "the uninstaller left staccs.exe"
[ ! -e "$menu" ] || fail "the uninstaller left the Start-menu folder"
[ -d "$localdata" ] && [ -n "$(ls -A "$localdata")" ] || fail "the uninstaller removed the data folder it must keep"
wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\STACCS' >/dev/null 2>&1 &&
  fail "the uninstall entry is still registered"

echo "== install again, uninstall with /REMOVEDATA: data goes too"
wine "$setup" /S
wineserver -w
wine "$programs/uninstall.exe" /S /REMOVEDATA
wineserver -w
[ ! -e "$localdata" ] || fail "/REMOVEDATA left the data folder"

echo "== portable zip: data beside the program"
(cd "$work" && unzip -q "$zip")
dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'staccs-*-windows-x86_64')
[ -d "$dir/staccs-data" ] || fail "the zip has no staccs-data folder"
wine "$dir/staccs-cli.exe" init --kdf-profile test-only-insecure --weak-passphrase >/dev/null
[ -n "$(ls -A "$dir/staccs-data")" ] || fail "the portable kit did not keep its data in staccs-data"
[ ! -e "$localdata" ] || fail "the portable kit wrote to $localdata"
echo "installer-check: passed"
