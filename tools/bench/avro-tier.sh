#!/usr/bin/env bash
# Avro tier throughput: agent A (StressSource 256 B → memory → avro sink) ⇒ agent B (avro source → memory → null),
# two FlumeNet processes on loopback. Prints events/s measured at B's sink over `events` events in steady state, and
# CPU-seconds per million events of both processes. Steady state: the measurement starts after at least 10 % of the
# events, WARMUP_SECONDS=5 s of load, and half a second in which the runtime's tiered-compilation threads of both agents used under
# 2 % of their CPU (A sends up to WARMUP_MAX, default 20 × events, more events for that); the line says how many events
# the warm-up took. Measured after the first 10 % only, JIT and the instrumented (PGO) tier were a large part of the
# figure (as in netsources-rate.sh).
# VERIFY=1: the acceptance check instead of the rate load. A sends `seq` events (bodies "0".."N-1", two static
# headers, one non-ASCII), B writes them with file_roll + avro_event, and an Avro container reader written here in
# Python (no FlumeNet code) checks that every body arrived exactly once with exactly the headers sent.
# Usage: [VERIFY=1] tools/bench/avro-tier.sh [events=1000000] [batch=1000] [mode=plain|deflate|ssl|both]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
events="${1:-1000000}"; batch="${2:-1000}"; mode="${3:-plain}"
work="$(mktemp -d)"; trap 'kill $pa $pb 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(( 42000 + RANDOM % 2000 )); mport=$(( port + 1 ))
"$root/bin/flume-ng" version >/dev/null   # build once, outside the measurement
src_extra=""; snk_extra=""
verify="${VERIFY:-0}"
if [[ "$verify" == 1 ]]; then
  mkdir -p "$work/out"
  sink_b="b.sinks.k.type = file_roll
b.sinks.k.sink.directory = $work/out
b.sinks.k.sink.rollInterval = 0
b.sinks.k.sink.batchSize = $batch
b.sinks.k.sink.serializer = avro_event"
  source_a='a.sources.s.type = seq
a.sources.s.totalEvents = '"$events"'
a.sources.s.interceptors = o p
a.sources.s.interceptors.o.type = static
a.sources.s.interceptors.o.key = origin
a.sources.s.interceptors.o.value = edge-\u00e9\u2603
a.sources.s.interceptors.p.type = static
a.sources.s.interceptors.p.key = pad
a.sources.s.interceptors.p.value = '"$(printf 'p%.0s' $(seq 200))"
else
  sink_b="b.sinks.k.type = null
b.sinks.k.batchSize = $batch"
  source_a="a.sources.s.type = org.apache.flume.source.StressSource
a.sources.s.size = 256
a.sources.s.maxSuccessfulEvents = $(( 5 * events + ${WARMUP_MAX:-$(( events * 20 ))} ))"
fi
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
b.sinks.k.channel = c
$sink_b
$src_extra
EOF2
cat > "$work/a.properties" <<EOF2
a.sources = s
a.channels = c
a.sinks = k
a.sources.s.batchSize = $batch
a.sources.s.channels = c
$source_a
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
"$exe" agent -n a -f "$work/a.properties" --no-reload-conf -Dflume.root.logger=WARN,console > "$work/a.log" 2>&1 & pa=$!
# One poller: after the warm-up (above; VERIFY=1: the first 10 % only), `events` events: rate at B's sink and CPU of
# both processes (/proc/PID/stat utime+stime).
python3 - "$mport" "$events" "$pa" "$pb" "$batch" "$mode" <<'EOF2'
import json, os, sys, time, urllib.request
mport, events, pa, pb, batch, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
tick = os.sysconf("SC_CLK_TCK")
def drained():
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % mport, timeout=5) as r:
            return int(json.load(r).get("SINK.k", {}).get("EventDrainSuccessCount", "0"))
    except OSError:
        return 0
def cpu(pid):
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
def jit_cpu():
    # CPU of the tiered-compilation worker threads of both agents, per thread id (a worker exits when idle).
    out = {}
    for pid in (pa, pb):
        for tid in os.listdir("/proc/%s/task" % pid):
            try:
                if not open("/proc/%s/task/%s/comm" % (pid, tid)).read().startswith(".NET Tiered"): continue
                f = open("/proc/%s/task/%s/stat" % (pid, tid)).read().rsplit(")", 1)[1].split()
                out[tid] = (int(f[11]) + int(f[12])) / tick
            except OSError:
                pass
    return out
verify = os.environ.get("VERIFY") == "1"
first, deadline = events // 10, time.time() + 300
cap = events // 10 if verify else int(os.environ.get("WARMUP_MAX", str(events * 20)))
while (n0 := drained()) < first:
    if time.time() > deadline: sys.exit("timed out before %d events" % first)
    time.sleep(0.1)
quiet, warm_from = verify, time.time()
while not quiet and n0 < cap:
    j0, c0 = jit_cpu(), cpu(pa) + cpu(pb); time.sleep(0.5); j1, c1 = jit_cpu(), cpu(pa) + cpu(pb)
    # Tier-up waits on timers too (call counting, a delay after each burst of JIT): at least WARMUP_SECONDS of load.
    quiet = sum(v - j0.get(t, 0) for t, v in j1.items()) <= 0.02 * (c1 - c0) and time.time() - warm_from >= float(os.environ.get("WARMUP_SECONDS", "5"))
    n0 = drained()
t0, a0, b0 = time.time(), cpu(pa), cpu(pb)
end = events if verify else min(n0 + events, 5 * events + cap)
while (n1 := drained()) < end:
    if time.time() > deadline: sys.exit("timed out at %d events" % n1)
    time.sleep(0.1)
t1, a1, b1 = time.time(), cpu(pa), cpu(pb)
n = n1 - n0
if n < events // 2: sys.exit("avro tier: only %d events were left after a warm-up of %d; raise WARMUP_MAX" % (n, n0))
m = n / 1e6
state = "after the first 10 %" if verify else ("steady after %s warm-up events" if quiet else "JIT still busy after %s warm-up events") % format(n0, ",")
print("avro tier (%s, 256 B, batch %s): %s events/s over %s events; CPU-s per million events: %.2f both agents "
      "(sender %.2f: %s source + avro sink; receiver %.2f: avro source + %s sink); %s; load average %s"
      % (mode, batch, format(int(n / (t1 - t0)), ","), format(n, ","), (a1 - a0 + b1 - b0) / m, (a1 - a0) / m, "seq" if verify else "stress",
         (b1 - b0) / m, "file_roll" if verify else "null", state, open("/proc/loadavg").read().split()[0]))
EOF2
[[ "$verify" == 1 ]] || exit 0
kill -TERM $pa $pb; wait $pa $pb || true
python3 - "$work/out" "$events" <<'EOF2'
import glob, os, sys
out, events = sys.argv[1], int(sys.argv[2])
want = {"origin": "edge-\u00e9\u2603".encode(), "pad": b"p" * 200}
def varint(b, i):
    shift = n = 0
    while True:
        c = b[i]; i += 1; n |= (c & 0x7f) << shift; shift += 7
        if c < 0x80: return (n >> 1) ^ -(n & 1), i
def blob(b, i):
    n, i = varint(b, i); return b[i:i + n], i + n
seen = bytearray(events); total = dupes = bad = 0
for path in sorted(glob.glob(os.path.join(out, "*"))):
    b = open(path, "rb").read()
    if not b: continue
    assert b[:4] == b"Obj\x01", path
    i, meta = 4, {}
    while True:                       # file metadata: map<bytes>
        n, i = varint(b, i)
        if n == 0: break
        if n < 0: n = -n; _, i = varint(b, i)
        for _ in range(n):
            k, i = blob(b, i); v, i = blob(b, i); meta[k] = v
    assert meta.get(b"avro.codec", b"null") == b"null", meta.get(b"avro.codec")
    sync = b[i:i + 16]; i += 16
    while i < len(b):
        count, i = varint(b, i); size, i = varint(b, i); end = i + size
        for _ in range(count):
            headers = {}
            while True:
                n, i = varint(b, i)
                if n == 0: break
                if n < 0: n = -n; _, i = varint(b, i)
                for _ in range(n):
                    k, i = blob(b, i); v, i = blob(b, i); headers[k.decode()] = v
            body, i = blob(b, i)
            total += 1
            if headers != want: bad += 1; continue
            k = int(body)
            if str(k).encode() != body or not 0 <= k < events: bad += 1; continue
            if seen[k]: dupes += 1
            seen[k] = 1
        assert i == end and b[i:i + 16] == sync, "block framing broken in " + path
        i += 16
missing = events - sum(seen)
print("verify: %s records read, %d missing, %d duplicates, %d with wrong headers or body" % (format(total, ","), missing, dupes, bad))
sys.exit(0 if missing == dupes == bad == 0 and total == events else 1)
EOF2
