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
