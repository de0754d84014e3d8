#!/usr/bin/env bash
# SPEC §6 "relay": durable relay receipts against nginx's (non-durable) WebDAV PUT, both on
# loopback at the same body size and connection count, measured by wrk in one run.
# The relay's smallest bundle is 16 KiB (bundles are padded), so the pair runs at 16 KiB; nginx
# at SPEC's 8 KiB is printed as well.
#
#   bench/relay_vs_nginx.sh [SECONDS] [CONNECTIONS] [ROUNDS]   (defaults: 5 s, 32, 3 rounds)
# Rounds alternate nginx and the relay (a fresh relay store each round) and the medians are
# compared, so a noisy neighbour on a shared machine weighs on both.
# Needs Debian's nginx and wrk (installed here if missing and run as root) and a release build.
set -euo pipefail
seconds=${1:-5}
conns=${2:-32}
rounds=${3:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build/release

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "relay_vs_nginx: needs nginx and wrk (apt-get install nginx wrk)"; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx wrk >/dev/null
fi
if [ ! -x "$build/bench/relay_bench" ] || [ ! -x "$build/sync/staccs-relay" ]; then
  cmake --preset release -S "$root" >/dev/null && cmake --build --preset release -j2 --target relay_bench staccs-relay
fi

work=$(mktemp -d /tmp/staccs-relay-vs-nginx.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$1/$2" && return 0; sleep 0.05; done; return 1; }

# Distinct bundles for a round (a repeated bundle would take the relay's cheap "already held"
# path): generously more than the relay can take in the time.
count=$((seconds * 14000))
echo "relay_vs_nginx: sealing $count bundles ..."
size=$("$build/bench/relay_bench" make-load "$work/load" "$count")

# wrk scripts: nginx gets PUTs of fresh file names; the relay tus creation-with-upload POSTs,
# each wrk thread taking every n-th bundle of the file.
cat >"$work/put.lua" <<LUA
local body = string.rep("x", tonumber(os.getenv("BODY_SIZE")))
local prefix = os.getenv("PREFIX")
local n, id = 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread); thread:set("id", #threads) end
function request()
  n = n + 1
  return wrk.format("PUT", prefix .. "/f" .. id .. "-" .. n, nil, body)
end
LUA
cat >"$work/relay.lua" <<LUA
-- Each wrk thread reads its own slice of the bundles file and walks through it.
local size, count = tonumber(os.getenv("BODY_SIZE")), tonumber(os.getenv("BUNDLE_COUNT"))
local per = math.floor(count / tonumber(os.getenv("WRK_THREADS")))
local threads, data, n = {}, nil, 0
function setup(thread) table.insert(threads, thread); thread:set("id", #threads) end
function init(args)
  local f = assert(io.open(os.getenv("BUNDLES"), "rb"))
  f:seek("set", (id - 1) * per * size)
  data = f:read(per * size)
  f:close()
end
function request()
  if n >= per then n = 0 end
  local body = string.sub(data, n * size + 1, (n + 1) * size)
  n = n + 1
  return wrk.format("POST", "/v1/uploads", {["Tus-Resumable"] = "1.0.0", ["Upload-Length"] = tostring(size),
                    ["Content-Type"] = "application/offset+octet-stream"}, body)
end
LUA

run_wrk() {  # port script body_size -> prints "requests/s non2xx p50 p99"
  local out
  # Start each measurement with no dirty pages left by the one before (or by sealing the
  # load): writeback throttling would otherwise land on whoever runs next. Nothing is deleted
  # until the end: on a filesystem mounted with discard, deleting tens of thousands of files
  # stalls the journal for whoever writes next.
  sync
  out=$(PREFIX=/r$round-$3 BODY_SIZE=$3 BUNDLES="$work/load/bundles.bin" BUNDLE_COUNT=$count WRK_THREADS=2 \
        wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$2" "http://127.0.0.1:$1" 2>&1)
  echo "$out" >>"$work/wrk.log"
  local rps bad p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  echo "$rps ${bad:-0} $p50 $p99"
}

# nginx with WebDAV PUT, writing files without fsync.
nginx_port=$(free_port)
mkdir -p "$work/dav" "$work/nginx-tmp"
cat >"$work/nginx.conf" <<CONF
user root;
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx-tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/dav;
    client_max_body_size 1m;
    location / { dav_methods PUT; create_full_put_path on; }
  }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_up "$nginx_port" "" || { echo "relay_vs_nginx: nginx did not start"; cat "$work/nginx-error.log"; exit 1; }

# The relay, durable (every receipt after its group commit), default settings; a fresh store
# for each round.
start_relay() {
  relay_port=$(free_port)
  "$build/sync/staccs-relay" --data "$work/relay-$round" --listen "127.0.0.1:$relay_port" \
      --campaign "$work/load/campaign.stc" 2>/dev/null &
  relay_pid=$!
  wait_up "$relay_port" v1/health || { echo "relay_vs_nginx: staccs-relay did not start"; exit 1; }
}
stop_relay() { kill "$relay_pid"; wait "$relay_pid" 2>/dev/null || true; }

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "relay_vs_nginx: $rounds rounds of ${seconds}s each, $conns connections, wrk -t2, loopback, $(nproc) cores"
: >"$work/n8"; : >"$work/ng"; : >"$work/rl"; bad=0
for round in $(seq "$rounds"); do
  read -r n8 b1 p50 p99 <<<"$(run_wrk "$nginx_port" "$work/put.lua" 8192)"
  echo "$n8" >>"$work/n8"
  read -r ng b2 p50 p99 <<<"$(run_wrk "$nginx_port" "$work/put.lua" "$size")"
  echo "$ng" >>"$work/ng"
  start_relay
  read -r rl b3 rp50 rp99 <<<"$(run_wrk "$relay_port" "$work/relay.lua" "$size")"
  stored=$(curl -s "http://127.0.0.1:$relay_port/metrics" | awk '/^staccs_relay_bundles_stored_total/ {print $2}')
  stop_relay
  echo "$rl" >>"$work/rl"
  bad=$((bad + b1 + b2 + b3))
  printf '  round %d: nginx 8 KiB %9s req/s, nginx %s B %9s req/s (p50 %s p99 %s), relay %9s req/s (p50 %s p99 %s, %s stored)\n' \
      "$round" "$n8" "$size" "$ng" "$p50" "$p99" "$rl" "$rp50" "$rp99" "$stored"
done
n8=$(median <"$work/n8"); ng=$(median <"$work/ng"); rl=$(median <"$work/rl")
printf '  median nginx WebDAV PUT, 8 KiB bodies (no fsync)       %9s req/s\n' "$n8"
printf '  median nginx WebDAV PUT, %5s-byte bodies (no fsync)  %9s req/s\n' "$size" "$ng"
printf '  median staccs-relay tus POST, %5s-byte bundles       %9s req/s (durable receipts)\n' "$size" "$rl"
printf '  non-2xx answers in all rounds: %s\n' "$bad"
awk -v r="$rl" -v n="$ng" 'BEGIN { printf "  ratio relay / nginx at the same body size: %.2f (target >= 0.50)\n", r / n }'
