#!/usr/bin/env bash
# The whole test suite from a fresh Debian 12 machine: install what is missing, build, test
# (release build), the Windows build and its walk under Wine (docs/WINDOWS.md), the same
# suite under ASan + UBSan, then each fuzz harness for 60 s with a
# line-coverage check of its parser. This is what CI runs (.ci/run).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
packaging/dev/install-deps.sh test

echo "== release build and tests"
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release -j2

echo "== Linux artefacts: both .deb files (lintian), the portable archive from a noexec tmpfs"
packaging/test/check-artefacts.sh build/release
# The install into a fresh Debian 12 root is slower and needs the network to Debian's mirror:
# packaging/test/fresh-root-install.sh, run before a release (docs/INSTALL.md).

echo "== Windows: libraries from Debian sources (cached), MinGW-w64 build, a Windows kit under Wine with a Linux kit"
packaging/windows/build-and-walk.sh build/release

echo "== ASan + UBSan build and tests"
cmake --preset asan >/dev/null
cmake --build --preset asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j2

echo "== fuzzing (60 s per harness) and parser coverage"
tests/fuzz/run-fuzzers.sh "${STACCS_FUZZ_SECONDS:-60}"
