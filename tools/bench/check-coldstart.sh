#!/usr/bin/env bash
# Cold start-to-exit of `flume-ng agent --check` on the seed config, through the launcher, N runs; prints min/median/max ms.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-20}"
"$root/bin/flume-ng" version >/dev/null   # build once, outside the measurement
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$root/bin/flume-ng" agent --check -f "$root/conf/loghub-hdfs.properties" -n a1 >/dev/null 2>&1 || true
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "check cold start over $runs runs: min ${sorted[0]} ms, median ${sorted[$((runs / 2))]} ms, max ${sorted[$((runs - 1))]} ms"
