#!/usr/bin/env bash
# Kafka throughput side by side, one run, one Kafka emulator on loopback, 256-byte records by default:
#   kcat -P (reference producer)      vs  netcat → memory → KafkaSink (FlumeNet producer)
#   kcat -C (reference consumer)      vs  KafkaSource → memory → null (FlumeNet consumer, one group member)
# Prints events/s of each and FlumeNet's figure as a ratio of kcat's. Needs kcat (apt-get install kafkacat).
# EVENTS (default 200000), SIZE (256), PARTITIONS (6); SINK_EXTRA: more sink lines (e.g. "kafka.producer.linger.ms = 0"),
# ONLY=produce or ONLY=consume runs one half.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
events="${EVENTS:-200000}"; size="${SIZE:-256}"; parts="${PARTITIONS:-6}"
work="$(mktemp -d)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
command -v kcat >/dev/null || { echo "kcat is not installed (apt-get install kafkacat)" >&2; exit 1; }
"$root/bin/flume-ng" version >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN{printf "%.0f", n/(b-a)}'; }

kport=$(free_port); cport=$(free_port)
"$root/bin/kafka-emulator" --port "$kport" --control-port "$cport" --partitions "$parts" \
  --topics "ref-p:$parts,flume-in:$parts,flume-out:$parts" >"$work/emu.log" 2>&1 & pids+=($!)
for _ in $(seq 600); do grep -q listening "$work/emu.log" && break; sleep 0.1; done
broker="127.0.0.1:$kport"
records() { curl -s "http://127.0.0.1:$cport/stats" | python3 -c "import json,sys; d=json.load(sys.stdin); print(sum(p['highWatermark'] for t in d['topics'] if t['name']==sys.argv[1] for p in t['partitions']))" "$1"; }

python3 -c "import sys; line=b'x'*($size-8); sys.stdout.buffer.write(b''.join(b'%08d'%i+line+b'\n' for i in range($events)))" >"$work/lines"

# Reference producer: kcat -P.
t0=$(now); kcat -b "$broker" -P -t ref-p -l "$work/lines"; t1=$(now)
kcat_p=$(rate "$events" "$t0" "$t1")

# Reference consumer: kcat -C of the same records to the end.
t0=$(now); kcat -b "$broker" -C -t ref-p -e -q -o beginning >/dev/null; t1=$(now)
kcat_c=$(rate "$events" "$t0" "$t1")

flume_p=0; flume_c=0
if [ "${ONLY:-}" != consume ]; then
# FlumeNet producer: netcat → memory → KafkaSink.
nport=$(free_port)
cat >"$work/sink.properties" <<CONF
a1.sources = r1
a1.channels = c1
a1.sinks = k1
a1.sources.r1.type = netcat
a1.sources.r1.bind = 127.0.0.1
a1.sources.r1.port = $nport
a1.sources.r1.ack-every-event = false
a1.sources.r1.batchSize = 1000
a1.sources.r1.max-line-length = 4096
a1.sources.r1.channels = c1
a1.channels.c1.type = memory
a1.channels.c1.capacity = 100000
a1.channels.c1.transactionCapacity = 1000
a1.sinks.k1.type = org.apache.flume.sink.kafka.KafkaSink
a1.sinks.k1.channel = c1
a1.sinks.k1.kafka.bootstrap.servers = $broker
a1.sinks.k1.kafka.topic = flume-out
a1.sinks.k1.flumeBatchSize = 1000
$(printf '%s\n' "${SINK_EXTRA:-}" | sed '/^$/d; s/^/a1.sinks.k1./')
CONF
"$root/bin/flume-ng" agent -n a1 -f "$work/sink.properties" --no-reload-conf -Dflume.root.logger=WARN,console >"$work/sink.log" 2>&1 & pids+=($!)
for _ in $(seq 600); do (exec 3<>"/dev/tcp/127.0.0.1/$nport") 2>/dev/null && break; sleep 0.1; done
t0=$(now); cat "$work/lines" >"/dev/tcp/127.0.0.1/$nport"
while [ "$(records flume-out)" -lt "$events" ]; do sleep 0.05; done; t1=$(now)
flume_p=$(rate "$events" "$t0" "$t1")
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

fi

if [ "${ONLY:-}" != produce ]; then
# FlumeNet consumer: KafkaSource → memory → null, counted in /metrics.
kcat -b "$broker" -P -t flume-in -l "$work/lines"
mport=$(free_port)
cat >"$work/source.properties" <<CONF
a1.sources = r1
a1.channels = c1
a1.sinks = k1
a1.sources.r1.type = org.apache.flume.source.kafka.KafkaSource
a1.sources.r1.kafka.bootstrap.servers = $broker
a1.sources.r1.kafka.topics = flume-in
a1.sources.r1.kafka.consumer.auto.offset.reset = earliest
a1.sources.r1.batchSize = 1000
a1.sources.r1.channels = c1
a1.channels.c1.type = memory
a1.channels.c1.capacity = 100000
a1.channels.c1.transactionCapacity = 1000
a1.sinks.k1.type = null
a1.sinks.k1.channel = c1
a1.sinks.k1.batchSize = 1000
CONF
t0=$(now)
"$root/bin/flume-ng" agent -n a1 -f "$work/source.properties" --no-reload-conf -Dflume.root.logger=WARN,console \
  -Dflume.monitoring.type=http -Dflume.monitoring.port="$mport" >"$work/source.log" 2>&1 & pids+=($!)
drained() { curl -s "http://127.0.0.1:$mport/metrics" 2>/dev/null | python3 -c "import json,sys
try: print(json.load(sys.stdin)['SINK.k1']['EventDrainSuccessCount'])
except Exception: print(0)"; }
while [ "$(drained)" -lt 1 ]; do sleep 0.02; done; t0=$(now)
while [ "$(drained)" -lt "$events" ]; do sleep 0.05; done; t1=$(now)
flume_c=$(rate "$events" "$t0" "$t1")

fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
echo "records: $events x ${size} B, $parts partitions, Kafka emulator on loopback"
echo "produce: kcat $kcat_p ev/s | FlumeNet netcat→KafkaSink $flume_p ev/s | ratio $(ratio "$flume_p" "$kcat_p")"
echo "consume: kcat $kcat_c ev/s | FlumeNet KafkaSource→null $flume_c ev/s (from the first event drained) | ratio $(ratio "$flume_c" "$kcat_c")"
