#!/usr/bin/env bash
# The agent's CPU at a fixed LogHub ingest rate: logs are put into the bundled emulator at RATE MB/s of LogGroups for
# WARMUP + SECONDS while the agent (the seed's config, consumerPosition = end, file:// output) reads them; prints the
# agent's CPU over the last SECONDS as a share of one core, per 10 MB/s (one shard's read quota), the
# ConsumerGroupUpdateCheckPoint and PullLogs calls per shard per minute over the same SECONDS, the agent's minor page
# faults per second and its peak RSS.
# Before/after in one run: BEFORE=<another checkout> (e.g. `git worktree add --detach /tmp/loghub-before main`) runs
# that checkout's agent and this one's alternately, ROUNDS times each (default 3), against this checkout's emulator and
# load generator, then prints each side's range and the ratio of the medians (a crowded machine: read the ratio).
# PARALLEL=1 (with BEFORE) runs each round's two agents at the same time instead, each with its own emulator and load
# generator, so both see the same background load (on a shared machine the alternating runs differ by more than the
# change); the ratio is then the median of the per-round ratios.
# Usage: [BEFORE=dir] [ROUNDS=3] [WARMUP=20] tools/bench/loghub-rate.sh [RATE=10] [SECONDS=30]
#   (PERF_OUT=file: also record a perf profile of the agent; run with DOTNET_PerfMapEnabled=1
#   DOTNET_EnableWriteXorExecute=0 to see .NET frames)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib/seed-topology.sh
. "$root/tools/bench/lib/seed-topology.sh"
rate="${1:-10}"
seconds="${2:-30}"
warm="${WARMUP:-20}"
before="${BEFORE:-}"
rounds="${ROUNDS:-3}"
work="$(mktemp -d /tmp/flumenet-loghub-rate.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
dotnet build "$root/tools/LogHubLoadGen/LogHubLoadGen.csproj" -c Release --nologo -v quiet -tl:off >/dev/null
"$root/bin/flume-ng" version >/dev/null
if [ -n "$before" ]; then
  before="$(cd "$before" && pwd)"
  "$before/bin/flume-ng" version >/dev/null
fi
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
minflt() { awk '{print $10}' "/proc/$1/stat"; }
op() { echo "$1" | grep -o '"operations":{[^}]*}' | grep -o "\"$2\":[0-9]*" | grep -o '[0-9]*$' || echo 0; }

# run_once AGENT_CHECKOUT LABEL: one measurement with a fresh emulator; prints one "result" line.
run_once() {
  local tree=$1 label=$2 run="$work/$2-$RANDOM"
  mkdir -p "$run"
  pids=()
  start_loghub_emulator "$run" rate rate 2 rate-id rate-secret
  seed_config "$url" rate rate rate-id rate-secret "$run/out" >"$run/a.properties"
  "$tree/bin/flume-ng" agent -n a1 -f "$run/a.properties" -Dflume.root.logger=WARN,console >"$run/agent.log" 2>&1 &
  local agent=$!
  pids+=("$agent")
  sleep 5 # joined the group, shards assigned
  local logs
  logs=$(awk -v r="$rate" -v s="$(( seconds + warm ))" 'BEGIN { printf "%d", r * 1e6 * s / 236 }')
  dotnet "$root/tools/LogHubLoadGen/bin/Release/net10.0/FlumeNet.LogHubLoadGen.dll" --endpoint "$url" --project rate --logstore rate \
    --id rate-id --secret rate-secret --count "$logs" --batch 200 --size 200 --spread-hours 1 --concurrency 1 --rate-mbps "$rate" >"$run/put.json" &
  local loadgen=$!
  pids+=("$loadgen")
  # The first WARMUP seconds (default 20) warm the JIT's tiers at the same rate and are not counted.
  sleep "$warm"
  curl -s -X DELETE "$url/_emulator/stats" >/dev/null
  local c0 f0 t0 c1 f1 t1 stats
  c0=$(ticks "$agent"); f0=$(minflt "$agent"); t0=$(date +%s.%N)
  if [ -n "${PERF_OUT:-}" ]; then perf record -F 999 -g -p "$agent" -o "$PERF_OUT.$label" -- sleep "$seconds" >/dev/null 2>&1 & fi
  sleep "$seconds"
  c1=$(ticks "$agent"); f1=$(minflt "$agent"); t1=$(date +%s.%N)
  local hwm
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$agent/status")
  stats="$(curl -s "$url/_emulator/stats")"
  wait "$loadgen" || true
  sleep 6 # the last pull of each shard follows within 3.5 s (PullInterval)
  local on_disk
  on_disk=$(cat "$run"/out/*/*/* 2>/dev/null | wc -l)
  echo "put ($label): $(cat "$run/put.json")"
  awk -v label="$label" -v c="$(( c1 - c0 ))" -v f="$(( f1 - f0 ))" -v hz="$(getconf CLK_TCK)" -v t0="$t0" -v t1="$t1" -v r="$rate" -v n="$on_disk" \
      -v logs="$logs" -v cp="$(op "$stats" UpdateCheckPoint)" -v pl="$(op "$stats" PullLogs)" -v hwm="$hwm" 'BEGIN {
    t = t1 - t0; share = c / hz / t;
    printf "%s: %d of %d logs on disk; agent CPU %.2f s over the last %.1f s = %.1f%% of one core at %s MB/s -> %.1f%% per 10 MB/s\n", label, n, logs, c / hz, t, 100 * share, r, 100 * share * 10 / r;
    printf "%s: UpdateCheckPoint %.1f and PullLogs %.1f per shard per minute; %.0f minor page faults/s; peak RSS %.0f MB\n", label, cp / 2 / (t / 60), pl / 2 / (t / 60), f / t, hwm / 1024;
    printf "result %s %.2f %.1f %.0f %.0f %d %d\n", label, 100 * share * 10 / r, cp / 2 / (t / 60), f / t, hwm / 1024, n, logs;
  }' | tee -a "$work/results"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}

if [ -z "$before" ]; then
  run_once "$root" this | grep -v '^result'
  exit 0
fi
for i in $(seq 1 "$rounds"); do
  if [ -n "${PARALLEL:-}" ]; then
    ( trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT; run_once "$before" before >"$work/round-$i-before.txt" ) &
    b=$!
    ( trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT; run_once "$root" after >"$work/round-$i-after.txt" ) &
    a=$!
    wait "$b" "$a" || true
    cat "$work/round-$i-before.txt" "$work/round-$i-after.txt"
  elif [ $(( i % 2 )) -eq 1 ]; then run_once "$before" before; run_once "$root" after; else run_once "$root" after; run_once "$before" before; fi
done | grep -v '^result'
echo "== $rounds rounds each, $([ -n "${PARALLEL:-}" ] && echo "both at once" || echo alternating); before = $before, after = $root"
grep '^result' "$work/results" | awk -v paired="${PARALLEL:-}" '
  { cpu[$2] = cpu[$2] " " $3; cp[$2] = cp[$2] " " $4; flt[$2] = flt[$2] " " $5; rss[$2] = rss[$2] " " $6; if ($7 < $8) short[$2]++ }
  function stat(list, what,   a, n, i, j, t, lo, hi, med) {
    n = split(list, a, " ");
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2;
    if (what == "med") return med;
    return sprintf("%s-%s (median %s)", a[1], a[n], med);
  }
  END {
    for (s = 0; s < 2; s++) {
      side = s ? "after" : "before";
      printf "%-6s CPU %% of a core per 10 MB/s: %s; UpdateCheckPoint/shard/min: %s; minor faults/s: %s; peak RSS MB: %s%s\n",
        side, stat(cpu[side]), stat(cp[side]), stat(flt[side]), stat(rss[side]), short[side] ? "; runs with logs missing: " short[side] : "";
    }
    if (paired) {
      split(cpu["before"], b, " "); split(cpu["after"], a, " "); ratios = "";
      for (i = 1; i in b && i in a; i++) ratios = ratios " " sprintf("%.2f", a[i] / b[i]);
      printf "after/before per round (same moment): %s (median %s)\n", ratios, stat(ratios, "med");
    }
    printf "after/before, medians: CPU %.2f, minor faults %.2f, peak RSS %.2f\n",
      stat(cpu["after"], "med") / stat(cpu["before"], "med"), stat(flt["after"], "med") / (stat(flt["before"], "med") + 0.001), stat(rss["after"], "med") / stat(rss["before"], "med");
  }'
