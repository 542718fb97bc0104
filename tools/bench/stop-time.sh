#!/usr/bin/env bash
# Time from SIGTERM to exit of an idle agent (netcat -> memory with keep-alive 30 -> null), N runs; prints min/median/max ms.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-5}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
cat >"$dir/idle.properties" <<CONF
a1.sources = r1
a1.channels = c1
a1.sinks = k1
a1.sources.r1.type = netcat
a1.sources.r1.bind = 127.0.0.1
a1.sources.r1.port = $port
a1.sources.r1.channels = c1
a1.channels.c1.type = memory
a1.channels.c1.keep-alive = 30
a1.sinks.k1.type = null
a1.sinks.k1.channel = c1
CONF
"$root/bin/flume-ng" version >/dev/null   # build once, outside the measurement
times=()
for _ in $(seq "$runs"); do
  (cd "$dir" && exec "$root/bin/flume-ng" agent -n a1 -f "$dir/idle.properties" --no-reload-conf -Dflume.root.logger=INFO,console) >"$dir/out" 2>&1 &
  pid=$!
  for _ in $(seq 600); do grep -q "started:" "$dir/out" && break; sleep 0.1; done
  start=$(date +%s%N)
  kill -TERM "$pid"
  wait "$pid" || true
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "idle stop over $runs runs: min ${sorted[0]} ms, median ${sorted[$((runs / 2))]} ms, max ${sorted[$((runs - 1))]} ms"
