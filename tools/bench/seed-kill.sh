#!/usr/bin/env bash
# Issue 15's acceptance run on the seed topology: the bundled LogHub emulator (SHARDS shards) -> the seed's config
# (conf/loghub-hdfs.properties, consumerPosition = begin) -> HDFS sink on local files (MODE=file, default) or on the
# WebHDFS emulator (MODE=webhdfs). LOGS logs (about 236 B of LogGroup each, 200 per LogGroup, record times spread
# over 3 hours so older hour partitions stop being written) are put at RATE MB/s while the agent is kill -9'd KILLS
# times (default 5) and restarted at once; then it is stopped with SIGTERM. Prints: lost logs, duplicated lines (and
# per shard per kill, next to the size of one pull), in-use (.tmp) files left anywhere, UpdateCheckPoint calls per
# shard per minute and the agent log's ERROR lines.
# Usage: tools/bench/seed-kill.sh [LOGS=200000] [RATE=1]   (env: KILLS=5 SHARDS=2 MODE=file|webhdfs LINGER=30 KEEP=1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib/seed-topology.sh
. "$root/tools/bench/lib/seed-topology.sh"
logs="${1:-200000}"
rate="${2:-1}"
kills="${KILLS:-5}"
shards="${SHARDS:-2}"
mode="${MODE:-file}"
work="$(mktemp -d /tmp/flumenet-seed-kill.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"; }
trap cleanup EXIT
dotnet build "$root/tools/LogHubLoadGen/LogHubLoadGen.csproj" -c Release --nologo -v quiet -tl:off >/dev/null
loadgen_dll="$root/tools/LogHubLoadGen/bin/Release/net10.0/FlumeNet.LogHubLoadGen.dll"
"$root/bin/flume-ng" version >/dev/null
start_loghub_emulator "$work" seed seed "$shards" seed-id seed-secret

out="$work/out"
seed_config "$url" seed seed seed-id seed-secret "$out" >"$work/a.properties"
if [ "$mode" = webhdfs ]; then
  "$root/bin/webhdfs-emulator" --port 0 --root "$work/webhdfs" >"$work/webhdfs.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 600); do whurl="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/webhdfs.log" | head -1 || true)"; [ -n "$whurl" ] && break; sleep 0.2; done
  [ -n "$whurl" ] || { cat "$work/webhdfs.log"; exit 1; }
  sed -i -e "s#^a1.sinks.k1.hdfs.path = .*#a1.sinks.k1.hdfs.path = webhdfs://${whurl#http://}/seed/datetime=%y%m%d/hour=%H#" "$work/a.properties"
  out="$work/webhdfs"
fi
cat >>"$work/a.properties" <<CONF
a1.sources.r1.consumerPosition = begin
# Group timeout 10 s: a killed agent's shards are handed to its successor after that.
a1.sources.r1.heartbeatInterval = 2000
CONF

n=0
start_agent() {
  n=$((n + 1))
  "$root/bin/flume-ng" agent -n a1 -f "$work/a.properties" --no-reload-conf -Dflume.root.logger=INFO,console >"$work/agent-$n.log" 2>&1 &
  agent=$!
  pids+=("$agent")
}
lines() { find "$out" -type f -exec cat {} + 2>/dev/null | grep -c '"seq"' || true; }
distinct() { find "$out" -type f -exec cat {} + 2>/dev/null | grep -o '"seq":"[0-9]*"' | sort -u | wc -l; }

t0=$(date +%s.%N)
start_agent
for _ in $(seq 1 600); do grep -q "started" "$work/agent-$n.log" && break; sleep 0.2; done
start=$(( $(date +%s) - 3 * 3600 ))
dotnet "$loadgen_dll" --endpoint "$url" --project seed --logstore seed --id seed-id --secret seed-secret --count "$logs" \
  --batch 200 --size 200 --start "$start" --spread-hours 3 --concurrency 1 --rate-mbps "$rate" >"$work/put.json" &
loadgen=$!
pids+=("$loadgen")
for k in $(seq 1 "$kills"); do
  # Kill while logs flow: a few seconds after this agent wrote something (bounded, in case all is read already).
  before=$(lines)
  for _ in $(seq 1 60); do [ "$(lines)" -gt "$before" ] && break; sleep 0.5; done
  sleep $(( 2 + RANDOM % 4 ))
  kill -9 "$agent"
  wait "$agent" 2>/dev/null || true
  echo "kill $k: $(lines) lines landed ($(distinct) distinct)"
  start_agent
done
wait "$loadgen" || { echo "the load generator failed: $(cat "$work/put.json")"; exit 1; }
for _ in $(seq 1 300); do [ "$(distinct)" -ge "$logs" ] && break; sleep 1; done
# The last agent runs a while (LINGER s after its start, default 30) before the final stop, as a real one would: its
# start-up walk finishes the leftovers of the last kill in the background (a stop right after start may not).
for _ in $(seq 1 600); do grep -q "started" "$work/agent-$n.log" && break; sleep 0.2; done
sleep "${LINGER:-30}"
kill -TERM "$agent"
wait "$agent" || true
t1=$(date +%s.%N)
stats="$(curl -s "$url/_emulator/stats")"
checkpoints=$(echo "$stats" | grep -o '"operations":{[^}]*}' | grep -o '"UpdateCheckPoint":[0-9]*' | grep -o '[0-9]*$' || echo 0)
pulls=$(echo "$stats" | grep -o '"operations":{[^}]*}' | grep -o '"PullLogs":[0-9]*' | grep -o '[0-9]*$' || echo 0)
total=$(lines); uniq=$(distinct)
inuse=$(find "$work" -name '*.tmp' -type f | wc -l)
errors=$(cat "$work"/agent-*.log | grep -c ' ERROR ' || true)
echo "put: $(cat "$work/put.json")"
awk -v logs="$logs" -v total="$total" -v uniq="$uniq" -v kills="$kills" -v shards="$shards" -v inuse="$inuse" -v cp="$checkpoints" \
    -v pulls="$pulls" -v t0="$t0" -v t1="$t1" -v rate="$rate" -v errors="$errors" -v mode="$mode" 'BEGIN {
  t = t1 - t0; dups = total - uniq;
  printf "mode %s, %d logs at %s MB/s, %d kill -9s, %d shards, %.0f s\n", mode, logs, rate, kills, shards, t;
  printf "lost: %d   duplicated lines: %d (%.0f per shard per kill = %.1f LogGroups of 200; one pull is up to 1000 LogGroups)\n",
    logs - uniq, dups, dups / kills / shards, dups / kills / shards / 200;
  printf "in-use (.tmp) files left: %d   agent ERROR lines: %d\n", inuse, errors;
  printf "UpdateCheckPoint: %d calls = %.1f per shard per minute; PullLogs: %d calls\n", cp, cp / shards / (t / 60), pulls;
}'
