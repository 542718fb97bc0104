#!/usr/bin/env bash
# CPU per event of the core pipelines, 256-byte events, side by side in one run:
#   stress → memory → null     events/s and CPU-seconds per million over a steady window (read from /metrics and /proc)
#   netcat → memory → file_roll  events/s (first byte sent → last byte on disk, tools/LoadGen) and CPU-seconds per million,
#                                after WARMUP events sent first and not counted (JIT tiering, buffers and heap grown), so the
#                                figure is the steady state, as the stress window after its 1 s warm-up. ack-every-event is
#                                Flume's default (true: an "OK" line per event) unless ACK=false.
# CPU is the agent's utime+stime from /proc/PID/stat. On a shared machine load moves every figure: compare builds in one
# run. HOMES lists FlumeNet checkouts (each with bin/flume-ng); rounds interleave them (A B A B …) so load hits both.
# Usage: [HOMES="/tmp/base /work/wt"] [ROUNDS=3] [WINDOW=5] [EVENTS=1000000] [WARMUP=200000] [ACK=true] [ONLY="stress netcat"]
#        tools/bench/pipeline.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
homes="${HOMES:-$root}"; rounds="${ROUNDS:-3}"; window="${WINDOW:-5}"; events="${EVENTS:-1000000}"
size="${SIZE:-256}"; ack="${ACK:-true}"; only="${ONLY:-stress netcat}"; warmup="${WARMUP:-200000}"
work="$(mktemp -d)"; apid=0
trap '[ "$apid" != 0 ] && kill "$apid" 2>/dev/null; rm -rf "$work"' EXIT
dotnet build "$root/tools/LoadGen" -c Release -v q --nologo >/dev/null
loadgen="$root/tools/LoadGen/bin/Release/net10.0/FlumeNet.LoadGen"
for h in $homes; do "$h/bin/flume-ng" version >/dev/null; done  # builds each agent first when its sources changed
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); split($0, f, " "); printf "%.2f", (f[12] + f[13]) / hz }' "/proc/$1/stat"; }

start_agent() { # home conf mport -> sets apid, waits for /metrics
  "$1/bin/flume-ng" agent -n a1 -f "$2" --no-reload-conf -Dflume.root.logger=WARN,console \
    -Dflume.monitoring.type=http -Dflume.monitoring.port="$3" -Dflume.monitoring.bind=127.0.0.1 >"$work/agent.log" 2>&1 &
  apid=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$3/metrics" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "agent did not start:" >&2; cat "$work/agent.log" >&2; return 1
}
stop_agent() { kill -TERM "$apid" 2>/dev/null || true; wait "$apid" 2>/dev/null || true; apid=0; }
drained() { curl -sf "http://127.0.0.1:$1/metrics" | python3 -c 'import json,sys; print(json.load(sys.stdin)["SINK.k1"]["EventDrainSuccessCount"])'; }

run_stress() { # home label
  local mport; mport=$(free_port)
  cat > "$work/stress.properties" <<CONF
a1.sources = r1
a1.channels = c1
a1.sinks = k1
a1.sources.r1.type = org.apache.flume.source.StressSource
a1.sources.r1.size = $size
a1.sources.r1.batchSize = 1000
a1.sources.r1.channels = c1
a1.channels.c1.type = memory
a1.channels.c1.capacity = 100000
a1.channels.c1.transactionCapacity = 1000
a1.sinks.k1.type = null
a1.sinks.k1.batchSize = 1000
a1.sinks.k1.logEveryNEvents = 1000000000
a1.sinks.k1.channel = c1
CONF
  start_agent "$1" "$work/stress.properties" "$mport"
  sleep 1  # JIT warm-up
  local c0 d0 t0 c1 d1 t1
  c0=$(cpu_s "$apid"); d0=$(drained "$mport"); t0=$(date +%s.%N)
  sleep "$window"
  c1=$(cpu_s "$apid"); d1=$(drained "$mport"); t1=$(date +%s.%N)
  stop_agent
  awk -v l="$2" -v c="$(echo "$c1 - $c0" | bc -l)" -v d="$((d1 - d0))" -v t="$(echo "$t1 - $t0" | bc -l)" \
    'BEGIN { printf "stress->memory->null      %-12s events_per_s=%.0f cpu_s_per_million=%.3f\n", l, d / t, c / (d / 1e6) }'
}

run_netcat() { # home label
  local mport port out; mport=$(free_port); port=$(free_port); out="$work/out-$RANDOM"
  cat > "$work/netcat.properties" <<CONF
a1.sources = r1
a1.channels = c1
a1.sinks = k1
a1.sources.r1.type = netcat
a1.sources.r1.bind = 127.0.0.1
a1.sources.r1.port = $port
a1.sources.r1.max-line-length = 4096
a1.sources.r1.ack-every-event = $ack
a1.sources.r1.batchSize = 1000
a1.sources.r1.channels = c1
a1.channels.c1.type = memory
a1.channels.c1.capacity = 100000
a1.channels.c1.transactionCapacity = 5000
a1.sinks.k1.type = file_roll
a1.sinks.k1.channel = c1
a1.sinks.k1.sink.directory = $out
a1.sinks.k1.sink.rollInterval = 0
a1.sinks.k1.sink.batchSize = 5000
CONF
  start_agent "$1" "$work/netcat.properties" "$mport"
  local c0 c1 line
  if [ "$warmup" -gt 0 ]; then
    "$loadgen" --port "$port" --events "$warmup" --size "$size" --connections 2 --out "$out" >/dev/null
  fi
  c0=$(cpu_s "$apid")
  line=$("$loadgen" --port "$port" --events "$events" --size "$size" --connections 2 --out "$out")
  c1=$(cpu_s "$apid")
  stop_agent; rm -rf "$out"
  local eps; eps=$(sed -n 's/.*events_per_s=\([0-9]*\).*/\1/p' <<<"$line")
  awk -v l="$2" -v c="$(echo "$c1 - $c0" | bc -l)" -v n="$events" -v e="$eps" -v ok="$(grep -o 'complete=[a-zA-Z]*' <<<"$line")" \
    'BEGIN { printf "netcat->memory->file_roll %-12s events_per_s=%.0f cpu_s_per_million=%.3f %s\n", l, e, c / (n / 1e6), ok }'
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); size=$size window=${window}s events=$events warmup=$warmup ack-every-event=$ack"
for r in $(seq 1 "$rounds"); do
  i=0
  for h in $homes; do
    i=$((i + 1)); label="#$i:$(basename "$h")"
    for p in $only; do "run_$p" "$h" "$label"; done
  done
done | tee "$work/results"
echo "# ranges (min–max over $rounds rounds)"
awk '{ k = $1 " " $2; split($3, a, "="); split($4, b, "=");
       if (!(k in n)) { order[++m] = k; lo1[k] = hi1[k] = a[2]; lo2[k] = hi2[k] = b[2] }
       n[k]++; if (a[2] < lo1[k]) lo1[k] = a[2]; if (a[2] > hi1[k]) hi1[k] = a[2]; if (b[2] < lo2[k]) lo2[k] = b[2]; if (b[2] > hi2[k]) hi2[k] = b[2] }
     END { for (i = 1; i <= m; i++) { k = order[i]; printf "%-40s events_per_s %.1f–%.1f M  cpu_s_per_million %.3f–%.3f\n", k, lo1[k] / 1e6, hi1[k] / 1e6, lo2[k], hi2[k] } }' "$work/results"
