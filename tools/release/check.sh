#!/usr/bin/env bash
# Proves a release: builds it (tools/release/build.sh, minutes) unless --no-build, then runs the release tests
# (tests/Agent.Tests/Release: tarball layout, --check and netcat → file_roll with no dotnet on PATH, READY=1 over
# NOTIFY_SOCKET, the .deb) and the process-level tests with FLUMENET_LAUNCHER pointing at the unpacked release, so
# every component those tests start (avro source/sink and avro_event, LogHub against its emulator, Kafka through
# librdkafka, spooldir, taildir, file channel, http, ...) runs in the native program.
# Usage: tools/release/check.sh [--no-build] [--filter "dotnet test filter"]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
build=1
filter="FullyQualifiedName~FlumeNet.Agent.Tests.Integration|FullyQualifiedName~ProcessTests|FullyQualifiedName~KillTests"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --filter) filter="$2"; shift ;;
    *) echo "usage: $0 [--no-build] [--filter F]" >&2; exit 2 ;;
  esac
  shift
done
[ "$build" = 0 ] || "$root/tools/release/build.sh"
tarball="$(ls -t "$root"/artifacts/release/flumenet-*-linux-x64.tar.gz | head -1)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
launcher="$(echo "$work"/flumenet-*/bin/flume-ng)"
"$launcher" version
# A failed build must stop here: the tests below run --no-build and would otherwise test stale binaries.
out=$(dotnet build "$root/tests/Agent.Tests" -c Release --nologo -v q 2>&1) || { echo "$out" >&2; exit 1; }
grep -E " error |warn" <<<"$out" || true
dotnet test "$root/tests/Agent.Tests" -c Release --no-build --filter "FullyQualifiedName~FlumeNet.Agent.Tests.Release"
FLUMENET_LAUNCHER="$launcher" dotnet test "$root/tests/Agent.Tests" -c Release --no-build --filter "$filter"
