#!/usr/bin/env bash
# Avro tier throughput: agent A (StressSource 256 B → memory → avro sink) ⇒ agent B (avro source → memory → null),
# two FlumeNet processes on loopback. Prints events/s measured at B's sink over the steady part of the run, and
# CPU-seconds per million events of both processes.
# Usage: tools/bench/avro-tier.sh [events=1000000] [batch=1000] [mode=plain|deflate|ssl|both]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
events="${1:-1000000}"; batch="${2:-1000}"; mode="${3:-plain}"
work="$(mktemp -d)"; trap 'kill $pa $pb 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(( 42000 + RANDOM % 2000 )); mport=$(( port + 1 ))
"$root/bin/flume-ng" version >/dev/null   # build once, outside the measurement
src_extra=""; snk_extra=""
if [[ "$mode" == deflate || "$mode" == both ]]; then
  src_extra+=$'b.sources.r.compression-type = deflate\n'; snk_extra+=$'a.sinks.k.compression-type = deflate\n'
fi
if [[ "$mode" == ssl || "$mode" == both ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=bench -days 2 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  cat "$work/cert.pem" "$work/key.pem" > "$work/server.pem"
  src_extra+="b.sources.r.ssl = true"$'\n'"b.sources.r.keystore = $work/server.pem"$'\n'
  snk_extra+="a.sinks.k.ssl = true"$'\n'"a.sinks.k.truststore = $work/cert.pem"$'\n'
fi
cat > "$work/b.properties" <<EOF2
b.sources = r
b.channels = c
b.sinks = k
b.sources.r.type = avro
b.sources.r.bind = 127.0.0.1
b.sources.r.port = $port
b.sources.r.channels = c
b.channels.c.type = memory
b.channels.c.capacity = 100000
b.channels.c.transactionCapacity = $batch
b.sinks.k.type = null
b.sinks.k.batchSize = $batch
b.sinks.k.channel = c
$src_extra
EOF2
cat > "$work/a.properties" <<EOF2
a.sources = s
a.channels = c
a.sinks = k
a.sources.s.type = org.apache.flume.source.StressSource
a.sources.s.size = 256
a.sources.s.maxSuccessfulEvents = $events
a.sources.s.batchSize = $batch
a.sources.s.channels = c
a.channels.c.type = memory
a.channels.c.capacity = 100000
a.channels.c.transactionCapacity = $batch
a.sinks.k.type = avro
a.sinks.k.hostname = 127.0.0.1
a.sinks.k.port = $port
a.sinks.k.batch-size = $batch
a.sinks.k.channel = c
$snk_extra
EOF2
exe="$root/src/Agent/bin/Release/net10.0/flume-ng"
"$exe" agent -n b -f "$work/b.properties" --no-reload-conf -Dflume.monitoring.type=http -Dflume.monitoring.port=$mport \
  -Dflume.monitoring.bind=127.0.0.1 -Dflume.root.logger=WARN,console > "$work/b.log" 2>&1 & pb=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$mport/metrics" >/dev/null && break; sleep 0.1; done
drained() { curl -sf "http://127.0.0.1:$mport/metrics" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("SINK.k",{}).get("EventDrainSuccessCount","0"))'; }
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
"$exe" agent -n a -f "$work/a.properties" --no-reload-conf -Dflume.root.logger=WARN,console > "$work/a.log" 2>&1 & pa=$!
# Measure from the first 10 % to the end, so start-up and JIT warm-up are left out.
first=$(( events / 10 ))
while [ "$(drained)" -lt "$first" ]; do sleep 0.05; done
t0=$(date +%s%N); n0=$(drained); ca0=$(cpu $pa); cb0=$(cpu $pb)
deadline=$(( $(date +%s) + 120 ))
while [ "$(drained)" -lt "$events" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out at $(drained) events" >&2; cat "$work/a.log" "$work/b.log" >&2; exit 1; }
  sleep 0.02
done
t1=$(date +%s%N); n1=$(drained); ca1=$(cpu $pa); cb1=$(cpu $pb)
tick=$(getconf CLK_TCK)
python3 - "$n0" "$n1" "$t0" "$t1" "$ca0" "$ca1" "$cb0" "$cb1" "$tick" "$batch" "$mode" <<'EOF2'
import sys
n0,n1,t0,t1,ca0,ca1,cb0,cb1,tick=map(float,sys.argv[1:10]); batch=sys.argv[10]; mode=sys.argv[11]
n=n1-n0; s=(t1-t0)/1e9
cpu=((ca1-ca0)+(cb1-cb0))/tick
print(f"avro tier ({mode}, 256 B, batch {batch}): {n/s:,.0f} events/s over {int(n):,} events; {cpu/(n/1e6):.2f} CPU-s per million events (both agents)")
EOF2
