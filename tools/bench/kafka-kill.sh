#!/usr/bin/env bash
# The issue's acceptance run, too big for the test suite: RECORDS (default 1,000,000) records over 6 partitions,
# Kafka → memory → HDFS sink (file://), two FlumeNet agents in one consumer group, agent a kill -9'd and restarted
# KILLS times (default 2) while records flow. Checks every record landed at least once and reports duplicates
# (bounded by what was in flight per kill). Needs kcat (apt-get install kafkacat).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
records="${RECORDS:-1000000}"; kills="${KILLS:-2}"; batch="${BATCH:-1000}"
work="$(mktemp -d)"; pids=()
# KEEP=1 keeps the work directory (agent logs, HDFS output) for a look at where duplicates came from.
cleanup() { for p in "${pids[@]}"; do pkill -9 -P "$p" 2>/dev/null || true; kill -9 "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
"$root/bin/flume-ng" version >/dev/null

kport=$(free_port); cport=$(free_port)
"$root/bin/kafka-emulator" --port "$kport" --control-port "$cport" --topics events:6 >"$work/emu.log" 2>&1 & pids+=($!)
for _ in $(seq 600); do grep -q listening "$work/emu.log" && break; sleep 0.1; done
broker="127.0.0.1:$kport"

agent_conf() {
cat >"$work/$1.properties" <<CONF
a1.sources = r1
a1.channels = c1
a1.sinks = k1
a1.sources.r1.type = org.apache.flume.source.kafka.KafkaSource
a1.sources.r1.kafka.bootstrap.servers = $broker
a1.sources.r1.kafka.topics = events
a1.sources.r1.kafka.consumer.group.id = to-hdfs
a1.sources.r1.kafka.consumer.auto.offset.reset = earliest
a1.sources.r1.batchSize = $batch
a1.sources.r1.batchDurationMillis = 200
a1.sources.r1.channels = c1
a1.channels.c1.type = memory
a1.channels.c1.capacity = 20000
a1.channels.c1.transactionCapacity = $batch
a1.sinks.k1.type = hdfs
a1.sinks.k1.channel = c1
a1.sinks.k1.hdfs.path = file://$work/hdfs/$1
a1.sinks.k1.hdfs.filePrefix = part
a1.sinks.k1.hdfs.fileType = DataStream
a1.sinks.k1.hdfs.batchSize = $batch
a1.sinks.k1.hdfs.rollInterval = 0
a1.sinks.k1.hdfs.rollSize = 0
a1.sinks.k1.hdfs.rollCount = 0
CONF
}
start_agent() { agent_conf "$1"; "$root/bin/flume-ng" agent -n a1 -f "$work/$1.properties" --no-reload-conf \
  -Dflume.root.logger="${LOG_LEVEL:-WARN}",console >>"$work/$1.log" 2>&1 & echo $!; }
landed() { find "$work/hdfs" -type f -exec cat {} + 2>/dev/null | grep -c '^rec-' || true; }
landed_by() { find "$work/hdfs/$1" -type f -exec cat {} + 2>/dev/null | grep -c '^rec-' || true; }
distinct() { find "$work/hdfs" -type f -exec cat {} + 2>/dev/null | grep '^rec-' | sort -u | wc -l; }

half=$((records / 2))
seq -f "rec-%09g" 0 $((half - 1)) | kcat -b "$broker" -P -t events -z lz4
a=$(start_agent a); pids+=("$a"); b=$(start_agent b); pids+=("$b")
start=$(date +%s); a_start_base=0
a_base=0
for k in $(seq "$kills"); do
  target=$((records * k / (kills + 2)))
  while [ "$(landed)" -lt "$target" ]; do sleep 0.5; done
  # A kill of an agent that holds no partitions yet (a restarted agent joins once the killed member's session has
  # expired) tests nothing: wait (up to 60 s) until this agent a has stored a batch of its own.
  waited=0
  while [ $(( $(landed_by a) - a_base )) -lt "$batch" ] && [ "$waited" -lt 300 ]; do sleep 0.2; waited=$((waited + 1)); done
  pkill -9 -P "$a" 2>/dev/null || true; kill -9 "$a" 2>/dev/null || true
  sleep 0.2
  a_base=$(landed_by a)
  echo "kill $k: agent a killed with $(landed) records landed, $((a_base - a_start_base)) of them by this agent a"
  [ "$k" = 1 ] && seq -f "rec-%09g" "$half" $((records - 1)) | kcat -b "$broker" -P -t events -z lz4
  a=$(start_agent a); pids+=("$a"); a_start_base=$a_base
done
until [ "$(distinct)" -ge "$records" ]; do
  sleep 1
  [ $(( $(date +%s) - start )) -lt 1800 ] || { echo "FAIL: only $(distinct) of $records distinct records after 30 min"; exit 1; }
done
# Late duplicates (a re-read batch still on its way) count too: wait until nothing more lands for 3 s.
total=$(landed); settled=0
while [ "$settled" -lt 3 ]; do sleep 1; now=$(landed); if [ "$now" = "$total" ]; then settled=$((settled + 1)); else total=$now; settled=0; fi; done
uniq=$(distinct); elapsed=$(( $(date +%s) - start ))
dups=$((total - uniq))
echo "elapsed: ${elapsed}s from the agents' start until nothing more landed for 3 s"
echo "records: $records, landed: $total, distinct: $uniq, duplicates: $dups over $kills kills (batch $batch): $(awk -v d="$dups" -v k="$kills" -v b="$batch" 'BEGIN{printf "%.2f", d/k/b}') batches per kill"
[ "$uniq" -eq "$records" ] && echo "PASS: every record landed at least once"
