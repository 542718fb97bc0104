#!/usr/bin/env bash
# End to end, side by side on this machine: TCP lines → FlumeNet (netcat → memory → file_roll) and the same lines →
# syslog-ng (network(flags(no-parse)) → file()). Same load generator (tools/LoadGen), same line size, same event count.
# Prints events/s, MB/s, CPU seconds and peak RSS of each. Needs syslog-ng-core (apt-get install syslog-ng-core).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
events="${EVENTS:-2000000}"; size="${SIZE:-256}"; conns="${CONNECTIONS:-2}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
dotnet build "$root/tools/LoadGen" -c Release -v q --nologo >/dev/null
loadgen="$root/tools/LoadGen/bin/Release/net10.0/FlumeNet.LoadGen"
"$root/bin/flume-ng" version >/dev/null

stats() { # pid -> "cpu_s peak_rss_MB"
  local t; t=$(awk '{print $14+$15}' "/proc/$1/stat"); local hz; hz=$(getconf CLK_TCK)
  echo "$(awk -v t="$t" -v hz="$hz" 'BEGIN{printf "%.2f", t/hz}') $(awk '/VmHWM/{printf "%.0f", $2/1024}' "/proc/$1/status")"
}

# FlumeNet
cat > "$work/flumenet.properties" <<CONF
a1.sources = r1
a1.channels = c1
a1.sinks = k1
a1.sources.r1.type = netcat
a1.sources.r1.bind = 127.0.0.1
a1.sources.r1.port = 45555
a1.sources.r1.max-line-length = 4096
a1.sources.r1.ack-every-event = ${ACK:-false}
a1.sources.r1.batchSize = 1000
a1.sources.r1.channels = c1
a1.channels.c1.type = memory
a1.channels.c1.capacity = 100000
a1.channels.c1.transactionCapacity = 5000
a1.sinks.k1.type = file_roll
a1.sinks.k1.channel = c1
a1.sinks.k1.sink.directory = $work/flumenet-out
a1.sinks.k1.sink.rollInterval = 0
a1.sinks.k1.sink.batchSize = 5000
CONF
"$root/bin/flume-ng" agent -n a1 -f "$work/flumenet.properties" --no-reload-conf -Dflume.root.logger=WARN,console >"$work/flumenet.log" 2>&1 &
fpid=$!; sleep 2
idle=$(awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$fpid/status")
frun=$("$loadgen" --port 45555 --events "$events" --size "$size" --connections "$conns" --out "$work/flumenet-out")
fstat=$(stats "$fpid"); kill -TERM "$fpid"; wait "$fpid" || true

# syslog-ng
cat > "$work/syslog-ng.conf" <<CONF
@version: 3.38
options { log-msg-size(65536); keep-timestamp(no); };
source s_net { network(ip(127.0.0.1) port(45556) transport(tcp) flags(no-parse) log-iw-size(100000) log-fetch-limit(1000) max-connections(10)); };
destination d_file { file("$work/syslog-out/messages" template("\${MSG}\n") create-dirs(yes)); };
log { source(s_net); destination(d_file); };
CONF
syslog-ng -F -f "$work/syslog-ng.conf" -R "$work/persist" -p "$work/pid" -c "$work/ctl" --no-caps >"$work/syslog-ng.log" 2>&1 &
spid=$!; sleep 2
sidle=$(awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$spid/status")
srun=$("$loadgen" --port 45556 --events "$events" --size "$size" --connections "$conns" --out "$work/syslog-out")
sstat=$(stats "$spid"); kill -TERM "$spid"; wait "$spid" || true

echo "FlumeNet : $frun cpu_s=${fstat% *} peak_rss_MB=${fstat#* } idle_rss_MB=$idle"
echo "syslog-ng: $srun cpu_s=${sstat% *} peak_rss_MB=${sstat#* } idle_rss_MB=$sidle"
