#!/usr/bin/env bash
# Installs, with apt-get, the Debian 12 packages needed to build and test the kit, and only
# those missing (so a machine that has them all does not even touch the network).
#   usage: packaging/dev/install-deps.sh [run|test|package]  (test adds clang, Xvfb and friends;
#   package adds lintian for packaging/build-linux.sh)
set -euo pipefail
what=${1:-test}
packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libsqlite3-dev libsodium-dev nlohmann-json3-dev
  libimgui-dev libstb-dev libglfw3-dev libgl-dev
  libcpp-httplib-dev libcurl4-openssl-dev libfribidi-dev fonts-noto-core doctest-dev libcmark-dev
  libzxcvbn-dev  # passphrase strength at init, key restore and passphrase change
)
if [ "$what" = test ]; then
  packages+=(clang llvm libclang-rt-14-dev sqlite3 xvfb xauth xdotool gettext  # gettext: msgfmt --check, xgettext
    python3-html5lib python3-markdown  # the publication checked by the parsers its readers use
    # The relay checked by the outside tools its peers and operators use: a tus client (and npm
    # for the reference one), systemd-analyze, nginx, Prometheus's promtool.
    python3-tuspy systemd nginx prometheus)
  # npm for tus-js-client, unless a Node.js with its own npm is on the machine already.
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi
if [ "$what" = test ] || [ "$what" = package ]; then
  packages+=(lintian debootstrap)  # packaging/build-linux.sh checks both .deb files; the fresh-root test
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
