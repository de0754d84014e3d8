#!/usr/bin/env bash
# Builds the fuzz harnesses (clang, ASan + UBSan, coverage), runs each for SECONDS on a copy
# of its seed corpus, then reports the line coverage of its parser and fails under 70%.
#   usage: tests/fuzz/run-fuzzers.sh [SECONDS [HARNESS...]]   (CI: 60, all; a long soak: 3600)
set -euo pipefail
seconds=${1:-60}
only=" ${*:2} "  # harnesses to run; all when none are named
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build/fuzz
cmake --preset fuzz -S "$root" >/dev/null
cmake --build "$build" -j2 --target campaign_file_fuzz bundle_fuzz received_log_fuzz received_log_extension_fuzz \
    attachment_metadata_fuzz relay_request_fuzz request_framing_fuzz collection_content_fuzz stick_tree_fuzz

# harness : corpus folder : longest input : parser sources whose lines must be covered
fuzzers=(
  "campaign_file_fuzz:campaign_file:65536:core/src/campaign_file.cpp core/src/tlv.cpp"
  "bundle_fuzz:bundle:140000:core/src/bundle_file.cpp"
  "received_log_fuzz:received_log:65536:core/src/received_log.cpp"
  "received_log_extension_fuzz:received_log_extension:65536:core/src/received_log_chain.cpp"
  "attachment_metadata_fuzz:attachment_metadata:65536:core/src/attachment_metadata.cpp"
  "relay_request_fuzz:relay_request:140000:sync/relay/relay_http_server.cpp sync/src/relay_service.cpp sync/src/relay_receipt.cpp"
  "request_framing_fuzz:request_framing:20000:sync/relay/request_framing.cpp"
  "collection_content_fuzz:collection_content:65536:core/src/collection.cpp"
  "stick_tree_fuzz:stick_tree:200000:sync/src/stick_import.cpp"
)
status=0
for entry in "${fuzzers[@]}"; do
  IFS=: read -r name corpus max_len sources <<<"$entry"
  if [ "$only" != "  " ] && [[ "$only" != *" $name "* ]]; then continue; fi
  work=$build/fuzz-run/$name
  rm -rf "$work" && mkdir -p "$work/corpus"
  cp "$root/tests/fuzz/corpus/$corpus"/* "$work/corpus/"
  echo "fuzz: $name for ${seconds}s"
  # -timeout: an input that takes 30 s is a hang (a FIFO opened blocking, a loop), and fails.
  LLVM_PROFILE_FILE="$work/run.profraw" "$build/tests/fuzz/$name" -max_total_time="$seconds" -timeout=30 \
      -max_len="$max_len" -print_final_stats=1 "$work/corpus" >"$work/log" 2>&1 || {
    echo "fuzz: $name FAILED"; tail -40 "$work/log"; status=1; continue; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/log" || true
  llvm-profdata merge -sparse "$work/run.profraw" -o "$work/run.profdata"
  for src in $sources; do
    # The file's own row: a source path given to llvm-cov must match the one recorded at
    # compile time (ccache makes those relative), else it reports every file and its TOTAL.
    line=$(llvm-cov report "$build/tests/fuzz/$name" -instr-profile="$work/run.profdata" \
           | awk -v f="$src" '$1 == f || substr($1, length($1) - length(f)) == "/" f {print $(NF-3)}')
    if [ -z "$line" ]; then echo "fuzz: no coverage recorded for $src"; status=1; continue; fi
    pct=${line%\%}
    echo "fuzz: $name covers ${line} of the lines of $src"
    if awk -v p="$pct" 'BEGIN {exit !(p < 70)}'; then echo "fuzz: coverage of $src is under 70%"; status=1; fi
  done
done
exit $status
