#!/usr/bin/env bash
# Regenerates gen-nodejs/ from FlumeNet's IDL with the Apache Thrift compiler (Debian: thrift-compiler).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$here/gen-nodejs"
mkdir -p "$here/gen-nodejs"
thrift --gen js:node -out "$here/gen-nodejs" "$here/../../src/Agent/ThriftRpc/flume.thrift"
