#!/usr/bin/env bash
# Throughput of the syslog and http sources: syslogtcp → memory → null and http → memory → null, one agent, one load at a
# time, 256-byte events. The sender is Python (pre-built buffers: syslog lines over N TCP connections; JSON arrays of
# BATCH events per keep-alive POST over N connections). Prints events/s (first byte sent → null sink drained every event,
# read from /metrics), the agent's CPU seconds per million events and its peak RSS.
# With AVRO=1 (the default) the avro tier runs first in the same run (tools/bench/avro-tier.sh, batch 100 and 1000,
# EVENTS events each), so the four figures come side by side from one machine state.
# Java Flume 1.11 on this kind of machine (2 cores, 256 B): avro sink → avro source 380,000–440,000 events/s;
# netcat → memory → file_roll 1.8–2.0 CPU-s per million events. Goal: ≥ 3× the rate, ≤ 1/3 of the CPU per event.
# LOADS="syslog http" (the default) picks the loads after the avro tier. Steady state: before each measurement, rounds of
# WARMUP=N events (default EVENTS/10) are sent and drained until, after at least 2 rounds and WARMUP_SECONDS=5 s, a
# round passes in which the runtime's tiered-compilation thread used under 2 % of the agent's CPU (WARMUP_MAX_SECONDS=30),
# so JIT compilation and the instrumented (PGO) tier are not counted; the line says how many warm-up events it took.
# One warm-up round of 100,000 events was not enough: JIT and instrumented code were about half of http's CPU (3.6
# against 1.8 CPU-s per million events in steady state) and syslogtcp 1.2-2.0 against 0.5-0.8. WARMUP=0 measures from a
# cold start (the figure a short-lived agent sees); the avro tier warms up the same way (tools/bench/avro-tier.sh).
# Usage: EVENTS=1000000 CONNECTIONS=2 BATCH=100 [AVRO=0] [LOADS=syslog] tools/bench/netsources-rate.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
events="${EVENTS:-1000000}"; conns="${CONNECTIONS:-2}"; batch="${BATCH:-100}"
if [[ "${AVRO:-1}" == 1 ]]; then
  for avro_batch in 100 1000; do "$root/tools/bench/avro-tier.sh" "$events" "$avro_batch" plain | tail -1; done
fi
work="$(mktemp -d)"; trap 'kill "${apid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
"$root/bin/flume-ng" version >/dev/null  # builds the agent first when its sources changed
sport=$(free_port); hport=$(free_port); mport=$(free_port)
cat > "$work/a.properties" <<CONF
a1.sources = s h
a1.channels = cs ch
a1.sinks = ks kh
a1.sources.s.type = syslogtcp
a1.sources.s.host = 127.0.0.1
a1.sources.s.port = $sport
a1.sources.s.channels = cs
a1.sources.h.type = http
a1.sources.h.bind = 127.0.0.1
a1.sources.h.port = $hport
a1.sources.h.channels = ch
a1.channels.cs.type = memory
a1.channels.cs.capacity = 100000
a1.channels.cs.transactionCapacity = 1000
a1.channels.ch.type = memory
a1.channels.ch.capacity = 100000
a1.channels.ch.transactionCapacity = 1000
a1.sinks.ks.type = null
a1.sinks.ks.channel = cs
a1.sinks.ks.batchSize = 1000
a1.sinks.kh.type = null
a1.sinks.kh.channel = ch
a1.sinks.kh.batchSize = 1000
CONF
"$root/bin/flume-ng" agent -n a1 -f "$work/a.properties" --no-reload-conf -Dflume.root.logger=WARN,console \
  -Dflume.monitoring.type=http -Dflume.monitoring.port="$mport" -Dflume.monitoring.bind=127.0.0.1 >"$work/agent.log" 2>&1 &
apid=$!
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$mport/metrics" >/dev/null 2>&1 && break; sleep 0.2; done
python3 - "$sport" "$hport" "$mport" "$events" "$conns" "$batch" "$apid" "${LOADS:-syslog http}" "${WARMUP:-$((events / 10))}" <<'PY'
import json, os, socket, sys, threading, time, http.client
sport, hport, mport, events, conns, batch, apid = (int(x) for x in sys.argv[1:8])
loads, warmup = sys.argv[8].split(), int(sys.argv[9])
def cpu():
    f = open(f"/proc/{apid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
def jit_cpu():
    # CPU of the runtime's tiered-compilation worker(s), per thread id (a worker exits when idle; a new one counts whole).
    out = {}
    for tid in os.listdir(f"/proc/{apid}/task"):
        try:
            if not open(f"/proc/{apid}/task/{tid}/comm").read().startswith(".NET Tiered"): continue
            f = open(f"/proc/{apid}/task/{tid}/stat").read().rsplit(")", 1)[1].split()
            out[tid] = (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return out
def warm(target, per, sink, base, unit):
    # Rounds of `per` per connection until the tiered JIT stayed quiet during one; returns the events sent.
    if per <= 0: return base, 0
    least, most = float(os.environ.get("WARMUP_SECONDS", "5")), float(os.environ.get("WARMUP_MAX_SECONDS", "30"))
    since, r = time.perf_counter(), 0
    while time.perf_counter() - since < most:
        r += 1
        j0, c0 = jit_cpu(), cpu()
        run(target, per); base += per * conns * unit; wait(sink, base, time.perf_counter())
        j1, c1 = jit_cpu(), cpu()
        jit = sum(v - j0.get(t, 0) for t, v in j1.items())
        # Tier-up also waits on timers (call counting, a delay after each burst of JIT): at least `least` s of load.
        if r >= 2 and jit <= 0.02 * (c1 - c0) and time.perf_counter() - since >= least: return base, r
    return base, -r
def rss():
    for l in open(f"/proc/{apid}/status"):
        if l.startswith("VmHWM"): return int(l.split()[1]) // 1024
def drained(sink):
    m = json.loads(urlget(f"/metrics"))
    return int(m[f"SINK.{sink}"]["EventDrainSuccessCount"])
def urlget(path):
    c = http.client.HTTPConnection("127.0.0.1", mport, timeout=30); c.request("GET", path); r = c.getresponse().read(); c.close(); return r
def wait(sink, target, t0):
    while drained(sink) < target:
        time.sleep(0.1)
    return time.perf_counter() - t0
def report(name, n, seconds, cpu_s, warmed, rounds):
    state = "cold" if rounds == 0 else (f"steady after {warmed:,} warm-up events" if rounds > 0 else f"JIT still busy after {warmed:,} warm-up events")
    print(f"{name}: events={n} size=256 connections={conns} seconds={seconds:.3f} events_per_s={n/seconds:,.0f} "
          f"cpu_s_per_million={cpu_s/(n/1e6):.2f} peak_rss_MB={rss()} ({state})")

# syslogtcp: RFC 3164 lines whose whole text is 256 bytes.
head = b"<13>Oct 11 22:14:15 benchhost app: "
line = head + b"x" * (256 - len(head)) + b"\n"
per = events // conns
chunk = line * 1000
def send_syslog(per):
    s = socket.create_connection(("127.0.0.1", sport)); left = per
    while left > 0:
        k = min(1000, left); s.sendall(chunk if k == 1000 else line * k); left -= k
    s.close()
def run(target, per):
    ts = [threading.Thread(target=target, args=(per,)) for _ in range(conns)]; [t.start() for t in ts]; [t.join() for t in ts]
if "syslog" in loads:
    base, rounds = warm(send_syslog, warmup // conns, "ks", 0, 1)
    c0 = cpu(); t0 = time.perf_counter()
    run(send_syslog, per)
    report("syslogtcp->memory->null", per * conns, wait("ks", base + per * conns, t0), cpu() - c0, base, rounds)

# http: JSON arrays of `batch` events with 256-byte bodies.
body = json.dumps([{"headers": {"h": "v"}, "body": "y" * 256} for _ in range(batch)]).encode()
reqs = events // batch // conns
def send_http(reqs):
    c = http.client.HTTPConnection("127.0.0.1", hport, timeout=60)
    for _ in range(reqs):
        c.request("POST", "/", body, {"Content-Type": "application/json"}); r = c.getresponse(); r.read()
        if r.status != 200: raise SystemExit(f"status {r.status}")
    c.close()
if "http" in loads:
    base, rounds = warm(send_http, max(1, warmup // batch // conns) if warmup > 0 else 0, "kh", 0, batch)
    c0 = cpu(); t0 = time.perf_counter()
    run(send_http, reqs)
    n = reqs * batch * conns
    report(f"http->memory->null (batch {batch})", n, wait("kh", base + n, t0), cpu() - c0, base, rounds)
PY
