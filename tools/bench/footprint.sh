#!/usr/bin/env bash
# Startup and footprint, native vs JIT, side by side in one run (issue 18):
#   cold `agent --check` of the seed config (conf/loghub-hdfs.properties), time from exec to a listening netcat port,
#   idle RSS 3 s after the port listens, peak RSS (VmHWM) and events/s under netcat → memory → file_roll load
#   (tools/LoadGen, 256 B lines), and the size of what each build ships. Each figure is min–max over RUNS runs.
# Usage: tools/bench/footprint.sh [--native FILE] [--jit FILE] [--variants "name=ENV ENV;name2=ENV"]
#   --native  the NativeAOT program (default: lib/native/flume-ng of the newest artifacts/release tarball, unpacked)
#   --jit     the JIT program (default: src/Agent/bin/Release/net10.0/flume-ng, built by bin/flume-ng)
#   --variants GC settings to compare for the load run, e.g. "default=;gen0=DOTNET_GCgen0size=0x400000"
# Env: RUNS (5), EVENTS (1000000), SIZE (256), CONNECTIONS (2), ACK (true: Flume's default ack-every-event). Keep a run
#      short on the shared machine.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
native="" jit="" variants="default="
while [ $# -gt 0 ]; do
  case "$1" in
    --native) native="$2"; shift ;;
    --jit) jit="$2"; shift ;;
    --variants) variants="$2"; shift ;;
    *) sed -n '2,13p' "$0" >&2; exit 2 ;;
  esac
  shift
done
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
if [ -z "$native" ]; then
  tarball="$(ls -t "$root"/artifacts/release/flumenet-*-linux-x64.tar.gz 2>/dev/null | head -1 || true)"
  [ -n "$tarball" ] || { echo "no release tarball: run tools/release/build.sh or give --native" >&2; exit 1; }
  tar -xzf "$tarball" -C "$work"
  native="$(echo "$work"/flumenet-*/lib/native/flume-ng)"
fi
if [ -z "$jit" ]; then
  "$root/bin/flume-ng" version >/dev/null
  jit="$root/src/Agent/bin/Release/net10.0/flume-ng"
fi
dotnet build "$root/tools/LoadGen" -c Release -v q --nologo >/dev/null
loadgen="$root/tools/LoadGen/bin/Release/net10.0/FlumeNet.LoadGen"

python3 - "$native" "$jit" "$loadgen" "$root/conf/loghub-hdfs.properties" "$work" "$variants" "$root/bin/flume-ng" <<'PY'
import os, re, socket, subprocess, sys, time
native, jit, loadgen, seed, work, variants, launcher = sys.argv[1:8]
# The native program runs with the GC settings bin/flume-ng gives it (users start it through the launcher).
launcher_env = dict(re.findall(r'export (DOTNET_\w+)="\$\{\1:-([^}]*)\}"', open(launcher).read()))
runs = int(os.environ.get("RUNS", "5")); events = int(os.environ.get("EVENTS", "1000000"))
size = os.environ.get("SIZE", "256"); conns = os.environ.get("CONNECTIONS", "2"); ack = os.environ.get("ACK", "true")

def rng(xs, fmt="{:.0f}"):
    return (fmt.format(min(xs)) + "–" + fmt.format(max(xs))) if xs else "-"

def status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return 0.0

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def config(port, out):
    path = os.path.join(work, f"nc-{port}.properties")
    with open(path, "w") as f:
        f.write(f"""a1.sources = r1
a1.channels = c1
a1.sinks = k1
a1.sources.r1.type = netcat
a1.sources.r1.bind = 127.0.0.1
a1.sources.r1.port = {port}
a1.sources.r1.max-line-length = 4096
a1.sources.r1.ack-every-event = {ack}
a1.sources.r1.batchSize = 1000
a1.sources.r1.channels = c1
a1.channels.c1.type = memory
a1.channels.c1.capacity = 100000
a1.channels.c1.transactionCapacity = 5000
a1.sinks.k1.type = file_roll
a1.sinks.k1.channel = c1
a1.sinks.k1.sink.directory = {out}
a1.sinks.k1.sink.rollInterval = 0
a1.sinks.k1.sink.batchSize = 5000
""")
    return path

def check_ms(prog, env):
    t = time.perf_counter()
    subprocess.run([prog, "agent", "--check", "-f", seed, "-n", "a1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t) * 1000

def start(prog, env):
    port = free_port(); out = os.path.join(work, f"out-{port}"); os.makedirs(out)
    t = time.perf_counter()
    p = subprocess.Popen([prog, "agent", "-n", "a1", "-f", config(port, out), "--no-reload-conf", "-Dflume.root.logger=WARN,console"],
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work)
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close(); break
        except OSError:
            if p.poll() is not None or time.perf_counter() - t > 60:
                raise SystemExit(f"{prog} did not listen")
            time.sleep(0.0005)
    return p, port, out, (time.perf_counter() - t) * 1000

def stop(p):
    p.terminate()
    try: p.wait(60)
    except subprocess.TimeoutExpired: p.kill()

def size_mb(prog):
    d = os.path.dirname(prog)
    if os.path.basename(d) == "native":
        files = [os.path.join(d, f) for f in os.listdir(d)]
    else:
        # A framework build's folder: what a linux-x64 install needs (no symbols, no other platforms' native libraries).
        files = [os.path.join(dp, f) for dp, _, fs in os.walk(d) for f in fs
                 if not f.endswith(".pdb") and ("/runtimes/" not in dp + "/" or "/runtimes/linux-x64/" in dp + "/")]
    return os.path.getsize(prog) / 1048576, sum(os.path.getsize(f) for f in files) / 1048576

builds = [("native", native), ("JIT", jit)]
if launcher_env:
    print("native runs with " + " ".join(f"{k}={v}" for k, v in launcher_env.items()) + " (as bin/flume-ng sets it, unless in the environment)")
print(f"{runs} runs each; load: {events} events of {size} B over {conns} connections (netcat → memory → file_roll, ack-every-event={ack})")
print(f"{'build':8} {'variant':10} {'--check ms':>12} {'listen ms':>12} {'idle RSS MB':>12} {'peak RSS MB':>12} {'events/s (k)':>14} {'binary MB':>10} {'ships MB':>9}")
for name, prog in builds:
    exe_mb, ship_mb = size_mb(prog)
    for variant in variants.split(";"):
        vname, _, assigns = variant.partition("=")
        env = dict(os.environ)
        if name == "native":
            for k, v in launcher_env.items():
                env.setdefault(k, v)
        for a in assigns.split():
            k, _, v = a.partition("="); env[k] = v
        checks = [check_ms(prog, env) for _ in range(runs)]
        listens, idles, peaks, rates = [], [], [], []
        for i in range(runs):
            p, port, out, ms = start(prog, env)
            listens.append(ms)
            time.sleep(3); idles.append(status(p.pid, "VmRSS"))
            if events > 0:
                r = subprocess.run([loadgen, "--port", str(port), "--events", str(events), "--size", size, "--connections", conns, "--out", out],
                                   capture_output=True, text=True)
                rates += [float(t.split("=")[1]) / 1000 for t in r.stdout.split() if t.startswith("events_per_s=")]
                peaks.append(status(p.pid, "VmHWM"))
            stop(p)
        print(f"{name:8} {vname:10} {rng(checks):>12} {rng(listens):>12} {rng(idles, '{:.1f}'):>12} {rng(peaks, '{:.1f}'):>12} {rng(rates):>14} {exe_mb:>10.1f} {ship_mb:>9.1f}", flush=True)
PY
