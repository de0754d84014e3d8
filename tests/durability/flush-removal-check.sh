#!/usr/bin/env bash
# Shows that the power-cut tests can fail: removes one of issue 14's folder flushes from the
# sources at a time, rebuilds the programs and the tests, runs tests/durability, and puts the
# source back. Each removal must make the power-cut tests fail, except those listed as
# "survives" (each with the reason the tests cannot see it).
#   usage: tests/durability/flush-removal-check.sh [NAME...]     (default: every removal)
# Run from the source folder after `cmake --preset release`; it edits one tracked source file at
# a time (which must have no local changes) and restores it with git on exit. One removal
# costs a rebuild of one file and the links, then at most a run of tests/durability (it stops
# at the first failed check). Not part of CI: it rebuilds the release tree once per removal.
set -euo pipefail

# name | file | the code with the flush | the same code without it | expected: fails or survives
removals=(
  "parents-none|core/src/platform_posix.cpp|for (const fs::path& made : missing) STACCS_TRY(SyncDirectory(FolderOf(made)));|(void)missing;|fails"
  "parents-leaf-only|core/src/platform_posix.cpp|for (const fs::path& made : missing) STACCS_TRY(SyncDirectory(FolderOf(made)));|if (!missing.empty()) STACCS_TRY(SyncDirectory(FolderOf(missing.front())));|fails"
  "kit-home|core/src/kit.cpp|STACCS_TRY(platform::CreateDirectoriesDurably(home, platform::FolderAccess::kPrivate));|{ std::error_code mk; fs::create_directories(home, mk); }|fails"
  "stick-folders|sync/src/stick_transfer.cpp|STACCS_TRY(platform::CreateDirectoriesDurably(path.parent_path(), platform::FolderAccess::kShared));|{ std::error_code mk; fs::create_directories(path.parent_path(), mk); }|fails"
  "stick-existing-folders|sync/src/stick_transfer.cpp|(void)platform::SyncDirectory(folder);|(void)folder;|fails"
  # Database::Open makes relay.db in the same folder right after, and its flush of that folder
  # carries segments/'s name too: this flush is kept in case that order ever changes.
  "relay-segments|sync/src/relay_store.cpp|STACCS_TRY(platform::CreateDirectoriesDurably(dir / \"segments\", platform::FolderAccess::kPrivate));|{ std::error_code mk; fs::create_directories(dir / \"segments\", mk); }|survives"
  "relay-data-folder|sync/src/relay_store.cpp|STACCS_TRY(platform::CreateDirectoriesDurably(dir, platform::FolderAccess::kPrivate));|{ std::error_code mk; fs::create_directories(dir, mk); }|fails"
  # Caught by the cut right after a tus PATCH was answered: HEAD finds no upload on the image.
  "relay-uploads|sync/src/relay_service.cpp|STACCS_TRY(platform::CreateDirectoriesDurably(dir / \"uploads\"));|{ std::error_code mk; fs::create_directories(dir / \"uploads\", mk); }|fails"
  "append-file-folder|core/src/platform_posix.cpp|if (auto st = SyncDirectory(FolderOf(path)); !st) {|if (auto st = Status{}; !st) {|fails"
  # SQLite flushes the folder itself when it makes the first journal or WAL file, in the same
  # Database::Open, and that flush makes kit.db's name durable too (docs/THREAT_MODEL.md).
  "sqlite-main-file|core/src/platform_posix.cpp|  ::close(fd);
  return SyncDirectory(FolderOf(path));|  ::close(fd);
  return {};|survives"
)

build=build/release
[ -f "$build/build.ninja" ] || { echo "flush-removal-check: configure the release preset first" >&2; exit 2; }
wanted=("$@")
restore=""
trap '[ -z "$restore" ] || git checkout -q -- "$restore"' EXIT
unexpected=0
for entry in "${removals[@]}"; do
  IFS='|' read -r name file with without expected <<<"$(printf '%s' "$entry" | tr '\n' '\001')"
  with=${with//$'\001'/$'\n'}
  without=${without//$'\001'/$'\n'}
  expected=${expected//$'\001'/}
  if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $name "* ]]; then continue; fi
  git diff --quiet -- "$file" || { echo "flush-removal-check: $file has local changes" >&2; exit 2; }
  restore=$file
  WITH=$with WITHOUT=$without python3 - "$file" <<'EOF'
import os, sys
path = sys.argv[1]
text = open(path).read()
if text.count(os.environ["WITH"]) != 1:
    sys.exit(f"flush-removal-check: the flush to remove is not found once in {path}")
open(path, "w").write(text.replace(os.environ["WITH"], os.environ["WITHOUT"]))
EOF
  cmake --build "$build" --target staccs-cli staccs-relay durability_tests >/dev/null
  if "$build/tests/durability_tests" --abort-after=1 >"/tmp/flush-removal-check.$$" 2>&1; then outcome=survives; else outcome=fails; fi
  # doctest heads every message with its test case: the one wanted is the last before an error.
  failed_case=$(awk '/^TEST CASE:/ { sub(/^TEST CASE: */, ""); tc = $0 } / ERROR: / { print tc; exit }' \
    "/tmp/flush-removal-check.$$")
  cp "/tmp/flush-removal-check.$$" "/tmp/flush-removal-check-$name.log"
  git checkout -q -- "$file"
  restore=""
  if [ "$outcome" = fails ]; then
    echo "$name: the power-cut tests fail (first: \"$failed_case\")"
  else
    echo "$name: the power-cut tests pass"
  fi
  [ "$outcome" = "$expected" ] || { echo "  expected: $expected" >&2; unexpected=1; }
done
rm -f "/tmp/flush-removal-check.$$"
cmake --build "$build" --target staccs-cli staccs-relay durability_tests >/dev/null  # the sources as they are
exit $unexpected
