#!/usr/bin/env bash
# Installs every Debian 12 package that Fangkong's build, tests and benchmarks
# need. Idempotent: packages already present are left alone. Uses sudo only
# when not run as root.
set -euo pipefail

packages=(
  # toolchain and build
  build-essential cmake ninja-build pkg-config git clang-format
  # libraries
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev rapidjson-dev libfmt-dev libspdlog-dev
  librandom123-dev libomp-dev
  libsqlite3-dev libpq-dev libsodium-dev
  libboost-dev libboost-system-dev librestinio-dev libasio-dev libhttp-parser-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql sqlite3 curl wrk hyperfine time python3
  # browser tests of the web front end (web/e2e): Debian's Chromium, driven by
  # playwright-core from npm, and CJK fonts so that screenshots show Chinese
  chromium fonts-noto-cjk
)

# The web front end (web/) is built with Node.js and npm, which are not taken
# from Debian: Debian 12's nodejs is 18, and Vite needs 20.19 or newer.
min_node=20.19.0
node_version=$(node --version 2>/dev/null | sed 's/^v//' || true)
if [ -z "$node_version" ] || ! command -v npm >/dev/null ||
   [ "$(printf '%s\n%s\n' "$min_node" "$node_version" | sort -V | head -n1)" != "$min_node" ]; then
  echo "install-deps: WARNING: the web front end needs Node.js $min_node or newer with npm;" \
       "found '${node_version:-no node}'$(command -v npm >/dev/null || echo ' and no npm')." >&2
  echo "install-deps: install Node.js 20 LTS or 22 LTS with npm (the Node.js project's Debian" \
       "packages or its Linux binaries; not Debian 12's nodejs, which is 18), then build again." >&2
  echo "install-deps: without it the server and tests build, but not the pages (cmake says so)." >&2
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
