#!/usr/bin/env bash
# Installs every Debian 12 package that Fangkong's build, tests and benchmarks
# need. Idempotent: packages already present are left alone. Uses sudo only
# when not run as root.
set -euo pipefail

# Each package is used by the build, the tests or a script in the repo
# (checked against every #include, find_package and command).
packages=(
  # toolchain and build (pkg-config finds libsodium: src/ops/CMakeLists.txt);
  # clang-format applies the repo's .clang-format
  build-essential cmake ninja-build pkg-config clang-format
  # libraries (OpenMP is GCC's own libgomp, part of build-essential)
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev rapidjson-dev libfmt-dev
  librandom123-dev
  libsqlite3-dev libpq-dev libsodium-dev
  libboost-dev libboost-system-dev libssl-dev
  # tests and benchmarks (libgmock-dev: Debian's GTest CMake package checks
  # that libgmock.a exists even though no test uses GMock)
  libgtest-dev libgmock-dev libbenchmark-dev
  # the throwaway PostgreSQL of the tests; sqlite3, curl, wrk, time and
  # python3 for bench/ (run-wrk.sh, sim-scaling.sh, README commands)
  postgresql sqlite3 curl wrk time python3
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
