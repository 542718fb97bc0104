#!/usr/bin/env bash
# The agent's CPU at a fixed LogHub ingest rate: logs are put into the bundled emulator at RATE MB/s of LogGroups for
# WARMUP + SECONDS while the agent (the seed's config, consumerPosition = end, file:// output) reads them; prints the
# agent's CPU over the last SECONDS as a share of one core, per 10 MB/s (one shard's read quota), and the
# ConsumerGroupUpdateCheckPoint calls per shard per minute over the same SECONDS.
# Usage: tools/bench/loghub-rate.sh [RATE=10] [SECONDS=30]   (PERF_OUT=file: also record a perf profile of the agent;
# run with DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 to see .NET frames)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib/seed-topology.sh
. "$root/tools/bench/lib/seed-topology.sh"
rate="${1:-10}"
seconds="${2:-30}"
work="$(mktemp -d /tmp/flumenet-loghub-rate.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
dotnet build "$root/tools/LogHubLoadGen/LogHubLoadGen.csproj" -c Release --nologo -v quiet -tl:off >/dev/null
"$root/bin/flume-ng" version >/dev/null
start_loghub_emulator "$work" rate rate 2 rate-id rate-secret
seed_config "$url" rate rate rate-id rate-secret "$work/out" >"$work/a.properties"
"$root/bin/flume-ng" agent -n a1 -f "$work/a.properties" -Dflume.root.logger=WARN,console >"$work/agent.log" 2>&1 &
agent=$!
pids+=("$agent")
sleep 5 # joined the group, shards assigned
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
warm="${WARMUP:-20}"
logs=$(awk -v r="$rate" -v s="$(( seconds + warm ))" 'BEGIN { printf "%d", r * 1e6 * s / 236 }')
dotnet "$root/tools/LogHubLoadGen/bin/Release/net10.0/FlumeNet.LogHubLoadGen.dll" --endpoint "$url" --project rate --logstore rate \
  --id rate-id --secret rate-secret --count "$logs" --batch 200 --size 200 --spread-hours 1 --concurrency 1 --rate-mbps "$rate" >"$work/put.json" &
loadgen=$!
pids+=("$loadgen")
# The first WARMUP seconds (default 20) warm the JIT's tiers at the same rate and are not counted.
sleep "$warm"
curl -s -X DELETE "$url/_emulator/stats" >/dev/null
c0=$(ticks "$agent"); t0=$(date +%s.%N)
if [ -n "${PERF_OUT:-}" ]; then perf record -F 999 -g -p "$agent" -o "$PERF_OUT" -- sleep "$seconds" >/dev/null 2>&1 & fi
sleep "$seconds"
c1=$(ticks "$agent"); t1=$(date +%s.%N)
checkpoints=$(curl -s "$url/_emulator/stats" | grep -o '"operations":{[^}]*}' | grep -o '"UpdateCheckPoint":[0-9]*' | grep -o '[0-9]*$' || echo 0)
wait "$loadgen" || true
sleep 6 # the last pull of each shard follows within 3.5 s (PullInterval)
put="$(cat "$work/put.json")"
on_disk=$(cat "$work"/out/*/*/* | wc -l)
hz=$(getconf CLK_TCK)
echo "put: $put"
awk -v c="$(( c1 - c0 ))" -v hz="$hz" -v t0="$t0" -v t1="$t1" -v r="$rate" -v n="$on_disk" -v logs="$logs" -v cp="${checkpoints:-0}" 'BEGIN {
  t = t1 - t0; share = c / hz / t;
  printf "%d of %d logs on disk; agent CPU %.2f s over the last %.1f s = %.1f%% of one core at %s MB/s -> %.1f%% per 10 MB/s\n", n, logs, c / hz, t, 100 * share, r, 100 * share * 10 / r;
  printf "UpdateCheckPoint: %d calls in %.1f s over 2 shards = %.1f per shard per minute\n", cp, t, cp / 2 / (t / 60);
}'
