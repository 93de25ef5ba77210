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
)

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
