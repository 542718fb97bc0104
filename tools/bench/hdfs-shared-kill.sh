#!/usr/bin/env bash
# Issue 13's first acceptance run, too big for the test suite: two agents (a1, a2), each with two HDFS sinks on one
# file channel, write ONE directory with ONE prefix (FlumeData), EVENTS lines each (default 50,000) over netcat;
# a1 is kill -9'd in the middle and restarted. Modes: file (local disk) and webhdfs (the emulator, with late-closing
# cut uploads, asynchronous TRUNCATE and a few partial APPENDs). Checks and prints:
#   lost     acknowledged lines found in no published file (must be 0; the file channel keeps what the sinks had
#            not committed, so every acknowledged line is a committed one or is delivered after the restart)
#   a2 dups  a2 was never killed and nobody may touch its files: every a2 line exactly once
#   a1 dups  duplicates of a1 (only whole batches: reported as runs of consecutive lines, each <= 2 x batchSize)
#   torn     lines that are not whole; mixed: files holding lines of both agents (one writer rewrote another's file)
#   in use   .tmp files left after the final stop (must be 0); .partial files (published with an unknown tail)
#   foreign  leftovers one agent finished that carry the other's tag (must be 0)
# Usage: tools/bench/hdfs-shared-kill.sh [file|webhdfs|both]   env: EVENTS=50000 BATCH=100 RATE=2500 (lines/s per agent)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
mode="${1:-both}"
"$root/bin/flume-ng" version >/dev/null
[ "$mode" = file ] || "$root/bin/webhdfs-emulator" --help >/dev/null 2>&1 || true
run_one() {
ROOT="$root" MODE="$1" EVENTS="${EVENTS:-50000}" BATCH="${BATCH:-100}" RATE="${RATE:-2500}" python3 -u - <<'PY'
import hashlib, os, re, signal, socket, subprocess, sys, tempfile, threading, time, json, urllib.request, shutil, collections

root, mode = os.environ["ROOT"], os.environ["MODE"]
events, batch, rate = int(os.environ["EVENTS"]), int(os.environ["BATCH"]), int(os.environ["RATE"])
work = tempfile.mkdtemp(prefix="hdfs-shared-kill-")
data = os.path.join(work, "data"); os.makedirs(data)
procs = []

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def start(args, log):
    p = subprocess.Popen(args, stdout=open(log, "ab"), stderr=subprocess.STDOUT, cwd=work, start_new_session=True)
    procs.append(p); return p

def wait_for(log, text, timeout=300):
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(log) and text in open(log, errors="replace").read():
            return
        time.sleep(0.1)
    raise SystemExit(f"FAIL: '{text}' not seen in {log}:\n" + open(log, errors="replace").read()[-3000:])

def cleanup():
    for p in procs:
        try: os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError: pass

try:
    admin = None
    if mode == "webhdfs":
        elog = os.path.join(work, "emu.log")
        start([os.path.join(root, "bin/webhdfs-emulator"), "--root", data, "--cut-close-delay-ms", "300",
               "--truncate-recovery-ms", "300"], elog)
        wait_for(elog, "listening on")
        url = re.search(r"http://127\.0\.0\.1:\d+", open(elog).read()).group(0)
        target, admin = "webhdfs://" + url[len("http://"):] + "/shared", url
        req = urllib.request.Request(admin + "/_emulator/faults", data=json.dumps({"op": "APPEND", "kind": "partial", "count": 4}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        urllib.request.urlopen(req).read()
    else:
        target = "file://" + data + "/shared"

    def config(agent, port):
        path = os.path.join(work, agent + ".properties")
        sinks = ""
        for k in ("k1", "k2"):
            sinks += f"""
{agent}.sinks.{k}.type = hdfs
{agent}.sinks.{k}.channel = c1
{agent}.sinks.{k}.hdfs.path = {target}
{agent}.sinks.{k}.hdfs.fileType = DataStream
{agent}.sinks.{k}.hdfs.batchSize = {batch}
{agent}.sinks.{k}.hdfs.rollInterval = 0
{agent}.sinks.{k}.hdfs.rollSize = 0
{agent}.sinks.{k}.hdfs.rollCount = 5000
{agent}.sinks.{k}.hdfs.callTimeout = 2000
"""
        open(path, "w").write(f"""{agent}.sources = r1
{agent}.channels = c1
{agent}.sinks = k1 k2
{agent}.sources.r1.type = netcat
{agent}.sources.r1.bind = 127.0.0.1
{agent}.sources.r1.port = {port}
{agent}.sources.r1.channels = c1
{agent}.channels.c1.type = file
{agent}.channels.c1.checkpointDir = {work}/{agent}-fc/checkpoint
{agent}.channels.c1.dataDirs = {work}/{agent}-fc/data
{agent}.channels.c1.fsyncPerTransaction = false
{agent}.channels.c1.capacity = 200000
{agent}.channels.c1.transactionCapacity = {max(batch, 100)}
""" + sinks)
        return path

    ports = {"a1": free_port(), "a2": free_port()}
    host = socket.gethostname()
    tags = {a: {hashlib.sha256(f"{host}\n{a}\n{k}".encode()).hexdigest()[:8] for k in ("k1", "k2")} for a in ports}
    def start_agent(agent):
        log = os.path.join(work, agent + ".log")
        mark = os.path.getsize(log) if os.path.exists(log) else 0
        p = start([os.path.join(root, "bin/flume-ng"), "agent", "-n", agent, "-f", config(agent, ports[agent]),
                   "--no-reload-conf", "-Dflume.root.logger=INFO,console"], log)
        end = time.time() + 300
        while time.time() < end and f"Agent '{agent}' started:" not in open(log, errors="replace").read()[mark:]:
            time.sleep(0.1)
        return p

    def line(who, i): return f"{who}-{i:06d} " + "x" * (20 + i % 50)

    class Sender(threading.Thread):
        """Sends lines[next:] and counts OKs; the acknowledged lines are the first `acked`."""
        def __init__(self, agent, who, stop_at):
            super().__init__(daemon=True); self.agent, self.who, self.stop_at = agent, who, stop_at
            self.acked = 0; self.error = None
        def run(self):
            try:
                s = socket.create_connection(("127.0.0.1", ports[self.agent]))
                payload = "".join(line(self.who, i) + "\n" for i in range(self.acked, self.stop_at)).encode()
                threading.Thread(target=lambda: self._send(s, payload), daemon=True).start()
                f = s.makefile("rb")
                while self.acked < self.stop_at:
                    r = f.readline()
                    if not r: break
                    if r.strip() == b"OK": self.acked += 1
                s.close()
            except OSError as e:
                self.error = e
        def _send(self, s, payload):
            # paced (RATE lines/s) so that a1 is killed while its source still receives, not only while its sinks write
            try:
                chunk, started, sent = 250 * len(payload) // max(1, self.stop_at - self.acked), time.time(), 0
                for i in range(0, len(payload), chunk):
                    s.sendall(payload[i:i + chunk]); sent += 250
                    delay = started + sent / rate - time.time()
                    if delay > 0: time.sleep(delay)
            except OSError: pass

    def landed():
        out = collections.Counter(); torn = 0; mixed = 0; files = []
        for d, _, names in os.walk(data):
            for n in names:
                p = os.path.join(d, n); files.append(p)
                try: text = open(p, "rb").read().decode("utf-8", "replace")
                except OSError: continue
                whos = set()
                for l in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
                    if not l: continue
                    if re.fullmatch(r"[AB]-\d{6} x+", l) and len(l) == 9 + 20 + int(l[2:8]) % 50:
                        out[l[:8]] += 1; whos.add(l[0])
                    else:
                        torn += 1
                mixed += len(whos) > 1
        return out, torn, mixed, files

    started = time.time()
    a2 = start_agent("a2"); a1 = start_agent("a1")
    sa, sb = Sender("a1", "A", events), Sender("a2", "B", events)
    sa.start(); sb.start()
    print(f"{mode}: both agents started, sending {events} lines to each", flush=True)
    # kill -9 of a1 once about half of its lines are acknowledged and some are in files
    while sa.acked < events // 2 and sa.is_alive(): time.sleep(0.05)
    if not sa.is_alive() and sa.acked < events // 2:
        raise SystemExit(f"FAIL: sending to a1 ended after {sa.acked} lines: {sa.error}")
    end = time.time() + 300
    while sum(1 for k in landed()[0] if k[0] == "A") < events // 4:
        if time.time() > end: raise SystemExit("FAIL: a1 wrote too little in 300 s")
        time.sleep(0.2)
    os.killpg(a1.pid, signal.SIGKILL); a1.wait()
    killed_at = sa.acked
    sa.join(30)
    acked_before = sa.acked
    in_use_at_kill = sum(1 for f in landed()[3] if f.endswith(".tmp"))
    print(f"{mode}: a1 killed with {killed_at} lines acknowledged, {in_use_at_kill} in-use files; restarting it", flush=True)
    a1 = start_agent("a1")
    sa2 = Sender("a1", "A", events); sa2.acked = acked_before; sa2.start()
    sa2.join(); sb.join()
    if sa2.acked < events or sb.acked < events:
        raise SystemExit(f"FAIL: acknowledged a1 {sa2.acked}, a2 {sb.acked} of {events} ({sa2.error or sb.error})")
    # wait until everything acknowledged has landed, then stop both (leftovers are finished by a1's restart)
    end = time.time() + 600
    while time.time() < end:
        got = landed()[0]
        if sum(1 for k in got if k[0] == "A") >= events and sum(1 for k in got if k[0] == "B") >= events: break
        time.sleep(0.5)
    # the crash's leftovers are finished by the restarted a1 once stale (2 x callTimeout): wait for the tagged .tmp
    # files a1 does not have open any more (its live files carry the same tags, so wait for the count to drop)
    end = time.time() + 120
    while time.time() < end and sum(1 for f in landed()[3] if f.endswith(".tmp") and any(t in f for t in tags["a1"])) > 2:
        time.sleep(0.5)
    for p in (a1, a2):
        os.killpg(p.pid, signal.SIGTERM)
    for p in (a1, a2):
        p.wait(120)
    elapsed = time.time() - started
    got, torn, mixed, files = landed()
    logs = {a: open(os.path.join(work, a + ".log"), errors="replace").read() for a in ("a1", "a2")}
    tag_re = re.compile(r"finished '[^']*?FlumeData\.\d+\.([0-9a-f]{8})")
    foreign = sum(1 for a in logs for t in tag_re.findall(logs[a]) if t not in tags[a])
    finished = len(tag_re.findall(logs["a1"]))
    a_keys = [f"A-{i:06d}" for i in range(events)]; b_keys = [f"B-{i:06d}" for i in range(events)]
    lost = sum(1 for k in a_keys + b_keys if got[k] == 0)
    b_dups = sum(max(0, got[k] - 1) for k in b_keys)
    a_dups = sum(max(0, got[k] - 1) for k in a_keys)
    runs, cur = [], 0
    for k in a_keys:
        if got[k] > 1: cur += 1
        elif cur: runs.append(cur); cur = 0
    if cur: runs.append(cur)
    in_use = sum(1 for f in files if f.endswith(".tmp")); partial = sum(1 for f in files if f.endswith(".partial"))
    finished_files = sum(1 for f in files if re.search(r"/FlumeData\.\d+$", f))
    errors = len(re.findall(r"\| ERROR \||\bERROR\b", logs["a1"] + logs["a2"]))
    print(f"{mode}: {events} lines per agent, batch {batch}; a1 killed at {killed_at} acknowledged ({in_use_at_kill} in-use files), "
          f"restart finished {finished} leftovers; {finished_files} published files; {elapsed:.0f} s")
    print(f"{mode}: lost {lost}, a2 duplicates {b_dups}, a1 duplicates {a_dups} in {len(runs)} runs (longest {max(runs, default=0)}), "
          f"torn {torn}, mixed files {mixed}, in use {in_use}, partial {partial}, foreign finishes {foreign}, ERROR lines {errors}")
    ok = lost == 0 and b_dups == 0 and torn == 0 and mixed == 0 and in_use == 0 and foreign == 0 and max(runs, default=0) <= 2 * batch
    print(f"{mode}: " + ("PASS" if ok else "FAIL") + f" (logs kept in {work})" * (not ok))
    if ok: shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)
finally:
    cleanup()
PY
}
rc=0
case "$mode" in
  both) run_one file || rc=1; run_one webhdfs || rc=1 ;;
  *) run_one "$mode" || rc=1 ;;
esac
exit $rc
