#!/usr/bin/env bash
# Installs the tests' outside tus client, tus-js-client, from npm at exactly the versions
# package-lock.json pins, into the build folder. CTest runs it as the fixture test
# tus_clients_npm_ci (FIXTURES_SETUP tus_js_client), never the build: a registry that cannot be
# reached fails that one test (and skips the one test needing it) with its reason, and the
# build and every other test go on.
#
#   usage: npm_ci.sh --check-lock SOURCE_DIR   the lock pins every package by sha512 integrity
#          npm_ci.sh SOURCE_DIR DEST_DIR       check the lock, then npm ci into DEST_DIR
set -euo pipefail

fail() { echo "npm_ci: $*" >&2; exit 1; }

# What makes the install safe whatever the transport: npm ci refuses any tarball whose sha512
# differs from the lock's `integrity` (EINTEGRITY). That holds only for packages that have one,
# so every package must (a git, file or link dependency has none and would be taken on trust).
check_lock() {
  local lock=$1/package-lock.json
  [ -f "$lock" ] || fail "$lock is missing"
  command -v node >/dev/null 2>&1 || fail "node not found (packaging/dev/install-deps.sh test installs nodejs and npm)"
  node - "$lock" <<'EOF'
const fs = require('fs')
const file = process.argv[2]
let lock
try { lock = JSON.parse(fs.readFileSync(file, 'utf8')) } catch (e) { console.error(`npm_ci: ${file}: ${e.message}`); process.exit(1) }
if (!(lock.lockfileVersion >= 2) || typeof lock.packages !== 'object')
  { console.error(`npm_ci: ${file}: lockfileVersion ${lock.lockfileVersion}: need 2 or 3 (a "packages" map)`); process.exit(1) }
const entries = Object.entries(lock.packages).filter(([path]) => path !== '')
const bad = entries.filter(([, p]) => typeof p.integrity !== 'string' || !/^sha512-[A-Za-z0-9+/]{86}==$/.test(p.integrity))
if (entries.length === 0 || bad.length > 0) {
  for (const [path] of bad) console.error(`npm_ci: ${file}: ${path} has no sha512 "integrity": npm ci could not check its tarball`)
  if (entries.length === 0) console.error(`npm_ci: ${file}: pins no package`)
  process.exit(1)
}
console.log(`npm_ci: ${entries.length} packages, each pinned by its sha512 integrity`)
EOF
}

if [ "${1:-}" = --check-lock ]; then
  [ $# -eq 2 ] || fail "usage: npm_ci.sh --check-lock SOURCE_DIR"
  check_lock "$2"
  exit 0
fi
[ $# -eq 2 ] || fail "usage: npm_ci.sh SOURCE_DIR DEST_DIR"
mkdir -p "$2"
src=$(cd "$1" && pwd)
dest=$(cd "$2" && pwd)
check_lock "$src"
command -v npm >/dev/null 2>&1 || fail "npm not found (packaging/dev/install-deps.sh test installs it)"

# The same lock installed before: nothing to fetch (the network is needed only when it changes).
stamp=$dest/node_modules/.staccs-package-lock.json
if cmp -s "$src/package-lock.json" "$stamp" && [ -f "$dest/node_modules/tus-js-client/package.json" ]; then
  echo "npm_ci: $dest already holds what package-lock.json pins"
  exit 0
fi
cp "$src/package.json" "$src/package-lock.json" "$dest/"
# --ignore-scripts: no package's install script runs; a cache of our own, so nothing of this
# user's ~/.npm is read or written; retries a few seconds apart rather than a minute.
args=(ci --prefix "$dest" --cache "$dest/npm-cache" --ignore-scripts --no-audit --no-fund --loglevel=error
  --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=10000)
log=$dest/npm-ci.log
if ! npm "${args[@]}" >"$log" 2>&1; then
  cat "$log" >&2
  # Behind an intercepting proxy (this is how CI's fresh roots reach the registry) the chain
  # ends in a CA the machine does not trust. TLS then adds nothing the lock does not give:
  # npm ci checks each tarball against the sha512 integrity in the committed lock file (checked
  # above to cover every package) and refuses any other bytes, whoever served them. So retry
  # once without TLS verification, and only for that failure.
  if grep -Eq 'SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_UNTRUSTED|self[- ]signed certificate' "$log"; then
    echo "npm_ci: the registry's TLS chain ends in a CA this machine does not trust (an intercepting proxy?);" \
      "retrying once with --strict-ssl=false: every tarball is still checked against the lock's sha512 integrity" >&2
    npm "${args[@]}" --strict-ssl=false >"$log" 2>&1 || { cat "$log" >&2; fail "npm ci failed again without TLS verification (see above)"; }
  else
    fail "npm ci failed (see above): tus-js-client cannot be installed; is the npm registry ($(npm config get registry)) reachable?"
  fi
fi
want=$(node -p "require('$src/package-lock.json').packages['node_modules/tus-js-client'].version")
got=$(node -p "require('$dest/node_modules/tus-js-client/package.json').version" 2>/dev/null) || got=none
[ "$want" = "$got" ] || fail "npm ci installed tus-js-client $got, the lock pins $want"
cp "$src/package-lock.json" "$stamp"
echo "npm_ci: tus-js-client $got installed in $dest as package-lock.json pins it"
