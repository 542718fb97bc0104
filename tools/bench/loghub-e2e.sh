#!/usr/bin/env bash
# End-to-end LogHub benchmark: bundled LogHub emulator -> agent running the seed's config (conf/loghub-hdfs.properties:
# LogHub source -> memory channel -> HDFS sink, DataStream on file://) -> local disk.
# Puts LOGS sample logs (about 200 B of contents each) first, then starts the agent reading from the beginning and
# measures, from the agent's start to the last log written by the sink: logs/s, MB/s of LogGroup bytes (what LogHub's
# read quota counts), the agent's CPU seconds, and CPU per 10 MB/s (one shard's read quota) as a share of one core,
# over the whole run and in the steady state (from 25 % to 100 % of the logs, i.e. after start-up and JIT warm-up).
# Usage: tools/bench/loghub-e2e.sh [LOGS=3000000] [SHARDS=4]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib/seed-topology.sh
. "$root/tools/bench/lib/seed-topology.sh"
logs="${1:-3000000}"
shards="${2:-4}"
work="$(mktemp -d /tmp/flumenet-loghub-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

dotnet build "$root/tools/LogHubLoadGen/LogHubLoadGen.csproj" -c Release --nologo -v quiet -tl:off >/dev/null
"$root/bin/flume-ng" version >/dev/null
start_loghub_emulator "$work" bench bench "$shards" bench-id bench-secret

put="$(dotnet "$root/tools/LogHubLoadGen/bin/Release/net10.0/FlumeNet.LogHubLoadGen.dll" --endpoint "$url" --project bench --logstore bench \
  --id bench-id --secret bench-secret --count "$logs" --batch 1000 --size 200 --start $(( $(date +%s) - 3600 )) --spread-hours 1 --concurrency 4)"
raw=$(echo "$put" | grep -o '"rawBytes":[0-9]*' | cut -d: -f2)
echo "put: $put"

out="$work/out"
seed_config "$url" bench bench bench-id bench-secret "$out" >"$work/a.properties"
echo "a1.sources.r1.consumerPosition = begin" >>"$work/a.properties"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
port=$(( 42000 + RANDOM % 1000 ))
drained() { curl -s "localhost:$port/metrics" 2>/dev/null | grep -o '"EventDrainSuccessCount":"[0-9]*"' | grep -o '[0-9]*' || echo 0; }
start=$(date +%s.%N)
"$root/bin/flume-ng" agent -n a1 -f "$work/a.properties" -Dflume.root.logger=WARN,console \
  -Dflume.monitoring.type=http -Dflume.monitoring.port="$port" >"$work/agent.log" 2>&1 &
agent=$!
pids+=("$agent")
mark_t=""; mark_n=0; mark_c=0
while :; do
  n=$(drained); n=${n:-0}
  if [ -z "$mark_t" ] && [ "$n" -ge $(( logs / 4 )) ]; then mark_t=$(date +%s.%N); mark_n=$n; mark_c=$(ticks "$agent"); fi
  [ "$n" -ge "$logs" ] && break
  kill -0 "$agent" 2>/dev/null || { cat "$work/agent.log"; exit 1; }
  sleep 0.05
done
end=$(date +%s.%N)
cpu=$(ticks "$agent")
kill -TERM "$agent"; wait "$agent" || true
on_disk=$(cat "$out"/*/*/* | wc -l)
hz=$(getconf CLK_TCK)
awk -v n="$logs" -v raw="$raw" -v s="$start" -v e="$end" -v cpu="$cpu" -v hz="$hz" -v mt="$mark_t" -v mn="$mark_n" -v mc="$mark_c" -v disk="$on_disk" 'BEGIN {
  t = e - s; mbs = raw / 1e6 / t; c = cpu / hz;
  printf "agent start to last log written: %.2f s for %d logs (%.1f MB of LogGroups); %d lines on disk after stop\n", t, n, raw / 1e6, disk;
  printf "whole run:    %.0f logs/s, %.1f MB/s, agent CPU %.2f s -> CPU per 10 MB/s: %.1f%% of one core\n", n / t, mbs, c, 100 * (c / t) / (mbs / 10);
  st = e - mt; sn = n - mn; smb = raw / 1e6 * sn / n / st; sc = (cpu - mc) / hz;
  printf "steady state: %.0f logs/s, %.1f MB/s, agent CPU %.2f s over %.2f s -> CPU per 10 MB/s: %.1f%% of one core\n", sn / st, smb, sc, st, 100 * (sc / st) / (smb / 10);
}'
