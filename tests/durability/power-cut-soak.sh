#!/usr/bin/env bash
# The power-cut tests at soak strength: N times the random cut points and moments of the suite
# (which runs them once, in well under a minute), with a fresh random seed each round.
#   usage: tests/durability/power-cut-soak.sh [ROUNDS] [FACTOR]      (defaults: 5 rounds, x10)
# Run from the source folder after `cmake --build --preset release`. A failing round prints its
# seed: STACCS_POWER_CUT_SEED=<seed> STACCS_POWER_CUT_SOAK=<factor> build/release/tests/durability_tests
# runs it again.
set -euo pipefail
rounds=${1:-5}
factor=${2:-10}
tests=build/release/tests/durability_tests
[ -x "$tests" ] || { echo "power-cut-soak: build the release preset first ($tests is missing)" >&2; exit 2; }
for ((i = 1; i <= rounds; i++)); do
  seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
  echo "power-cut-soak: round $i of $rounds, seed $seed, factor $factor"
  if ! STACCS_POWER_CUT_SEED=$seed STACCS_POWER_CUT_SOAK=$factor "$tests" >/tmp/power-cut-soak.$$ 2>&1; then
    tail -50 /tmp/power-cut-soak.$$
    echo "power-cut-soak: FAILED with STACCS_POWER_CUT_SEED=$seed STACCS_POWER_CUT_SOAK=$factor" >&2
    rm -f /tmp/power-cut-soak.$$
    exit 1
  fi
  grep -E "test cases|assertions" /tmp/power-cut-soak.$$ || true
done
rm -f /tmp/power-cut-soak.$$
echo "power-cut-soak: $rounds rounds passed"
