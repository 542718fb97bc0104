#!/usr/bin/env bash
# File channel put+take throughput at 256 B events, fsyncPerTransaction = true, beside the disk's fdatasync limit
# (the same batches' bytes, one fdatasync each) in one run, batch 100 and 1000, 3 runs each; then TAILDIR and spooldir
# -> memory -> null (MB/s wall and MB per CPU-second), 3 runs. Goals (issue 16): channel >= 80 % of the limit at both
# batch sizes and >= 340,000 ev/s at batch 1000; sources >= 300 MB/s. Run on a quiet machine; DIR picks the disk
# (default /tmp, must be the disk the channel would use, not tmpfs: fdatasync there is free).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build tools/Benchmarks -c Release 2>&1 | grep -E " error |rror\(s\)" || true
bench=tools/Benchmarks/bin/Release/net10.0/FlumeNet.Benchmarks.dll
dotnet "$bench" file-channel --seconds "${SECONDS_EACH:-3}" --slice 0.25 --runs 3 --batches 100,1000 --dir "${DIR:-/tmp}/flumenet-fc-bench"
dotnet "$bench" file-sources --lines 2000000 --runs 3
