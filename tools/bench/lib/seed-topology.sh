# Shared by bin/loghub-hdfs-demo and tools/bench/loghub-*.sh (source it; needs $root):
# the bundled LogHub emulator, and the seed's config pointed at it and at a local output folder.

# start_loghub_emulator WORK PROJECT LOGSTORE SHARDS KEY_ID KEY_SECRET
# Starts bin/loghub-emulator in the background, appends its pid to the array `pids`, sets `url` once it listens.
start_loghub_emulator() {
  local work=$1 project=$2 logstore=$3 shards=$4 id=$5 secret=$6 pid
  "$root/bin/loghub-emulator" --port 0 --project "$project" --logstore "$logstore" --shards "$shards" \
    --access-key-id "$id" --access-key "$secret" >"$work/emulator.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  url=""
  for _ in $(seq 1 600); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/emulator.log" | head -1 || true)"
    [ -n "$url" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "the LogHub emulator did not start:" >&2
  cat "$work/emulator.log" >&2
  return 1
}

# seed_config URL PROJECT LOGSTORE KEY_ID KEY_SECRET OUTDIR: conf/loghub-hdfs.properties on stdout, with the
# source's endpoint, project, logstore and keys replaced and hdfs.path moved under OUTDIR.
seed_config() {
  sed -e "s#^a1.sources.r1.endpoint = .*#a1.sources.r1.endpoint = $1#" \
      -e "s#^a1.sources.r1.project = .*#a1.sources.r1.project = $2#" \
      -e "s#^a1.sources.r1.logstore = .*#a1.sources.r1.logstore = $3#" \
      -e "s#^a1.sources.r1.accessKeyId = .*#a1.sources.r1.accessKeyId = $4#" \
      -e "s#^a1.sources.r1.accessKey = .*#a1.sources.r1.accessKey = $5#" \
      -e "s#^a1.sinks.k1.hdfs.path = /tmp/flume-data/loghub/#a1.sinks.k1.hdfs.path = $6/#" \
      "$root/conf/loghub-hdfs.properties"
}
