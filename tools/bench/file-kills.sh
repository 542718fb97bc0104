#!/usr/bin/env bash
# The issue's kill -9 acceptance runs for the file channel, TAILDIR and spooldir, with 10 kills each (the test suite's
# spooldir test kills 5 times to keep its wall time): netcat → file channel → file_roll, TAILDIR with rename and
# copy-truncate rotation → HDFS sink (file://), spooldir with 200 files → HDFS sink. Prints each test's result and its
# summary line (lines, kills, duplicates). Needs the test project built in Release:
#   dotnet build tests/Agent.Tests -c Release
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
export FLUMENET_SPOOL_KILLS="${KILLS:-10}"
cd "$root"
dotnet test tests/Agent.Tests -c Release --no-build \
  --filter "FullyQualifiedName~Integration.FileChannelKillTests|FullyQualifiedName~Integration.TaildirKillTests|FullyQualifiedName~Integration.SpoolDirKillTests" \
  --logger "console;verbosity=detailed" 2>&1 | grep -E "^\s+(Passed|Failed|Skipped) |duplicates|Total tests|Passed!|Failed!|Error Message" || true
