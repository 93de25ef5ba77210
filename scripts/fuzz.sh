#!/usr/bin/env bash
# Runs one fuzz target of fuzz/ under libFuzzer for a while, then merges the
# inputs that reached new code into its committed corpus (fuzz/corpus/NAME).
#
#   scripts/fuzz.sh NAME [SECONDS]     NAME: csv_import, json_body, http_request, scenario_toml
#
# Builds build/fuzz with clang (Debian's clang-14: -fsanitize=fuzzer with
# AddressSanitizer and UBSan) and FANGKONG_LIBFUZZER=ON. Runs from a scratch
# copy of the corpus in build/fuzz/corpus/NAME for SECONDS (default 600),
# writes libFuzzer's log to build/fuzz/logs/NAME.log (its final stats: runs
# and runs per second) and a crashing input to build/fuzz/artifacts/NAME/.
# FUZZ_ARGS adds libFuzzer flags (e.g. FUZZ_ARGS="-max_len=65536 -jobs=2").
# Exit status: libFuzzer's (non-zero when it found a crash; nothing merged).
set -euo pipefail
cd "$(dirname "$0")/.."

name=${1:?usage: scripts/fuzz.sh NAME [SECONDS]}
seconds=${2:-600}
[ -d "fuzz/corpus/$name" ] || { echo "fuzz.sh: no fuzz/corpus/$name" >&2; exit 2; }
command -v clang++ >/dev/null || { echo "fuzz.sh: needs clang (apt-get install clang)" >&2; exit 2; }

build=build/fuzz
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
flags+=" -fno-omit-frame-pointer"
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFANGKONG_LIBFUZZER=ON -DFANGKONG_BUILD_TESTS=OFF -DFANGKONG_BUILD_BENCH=OFF \
    -DFANGKONG_BUILD_WEB=OFF -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
fi
cmake --build "$build" --target "fuzz_$name"

scratch=$build/corpus/$name
artifacts=$build/artifacts/$name
mkdir -p "$scratch" "$artifacts" "$build/logs"
cp -n "fuzz/corpus/$name"/* "$scratch"/ 2>/dev/null || true
log=$build/logs/$name.log
echo "fuzz.sh: fuzz_$name for ${seconds}s; log $log"
status=0
# shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags
"$build/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} "$scratch" \
  >"$log" 2>&1 || status=$?
grep -E '^(stat::|Done )' "$log" || true
if [ "$status" -ne 0 ]; then
  echo "fuzz.sh: fuzz_$name failed ($status); see $log and $artifacts/" >&2
  tail -n 30 "$log" >&2
  exit "$status"
fi
before=$(ls "fuzz/corpus/$name" | wc -l)
"$build/fuzz/fuzz_$name" -merge=1 "fuzz/corpus/$name" "$scratch" >"$build/logs/$name.merge.log" 2>&1
after=$(ls "fuzz/corpus/$name" | wc -l)
echo "fuzz.sh: corpus fuzz/corpus/$name: $before -> $after inputs, $(du -sh "fuzz/corpus/$name" | cut -f1)"
