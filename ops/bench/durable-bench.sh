#!/usr/bin/env bash
# Durable shares/s and latency on one `run` node on the embedded H2 database (every share accepted, each `true`
# after its event is committed), from a fresh data directory: MINUTES runs of 60 s at RATE from the same
# CONNECTIONS devices, 10 s apart, the first of them while the node warms up and its device entities start.
#
#   ops/bench/durable-bench.sh RATE [MINUTES] [CONNECTIONS]
#
# Needs ops/target/micromining-pool.jar. Extra node settings may be passed in the environment (POOL_...), JVM
# options for the node in NODE_JAVA_OPTS (a JFR recording, say).
set -euo pipefail
RATE=${1:-2000}; MINUTES=${2:-2}; CONNS=${3:-1000}
JAR=${JAR:-ops/target/micromining-pool.jar}
WORK=$(mktemp -d)
env POOL_BIND_HOST=127.0.0.1 POOL_STRATUM_PORT=3334 POOL_API_PORT=18080 POOL_MANAGEMENT_PORT=18480 \
  POOL_WEB_ENABLED=false POOL_DATA_DIR="$WORK/node" \
  POOL_MIN_DIFFICULTY=1e-10 POOL_START_DIFFICULTY=1e-10 POOL_MAX_DIFFICULTY=1e-10 POOL_EMBEDDED_TEMPLATE_TXS=2000 \
  POOL_MAX_SUBMITS_PER_SECOND=10000 POOL_MAX_CONNECTIONS_PER_ADDRESS=20000 POOL_LOG_LEVEL=WARN \
  java ${NODE_JAVA_OPTS:-} -jar "$JAR" run > "$WORK/node.log" 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null || true; wait 2>/dev/null || true' EXIT
until curl -sf http://127.0.0.1:18480/health/ready > /dev/null; do sleep 1; done
echo "node up; log and data in $WORK"
for ((m = 1; m <= MINUTES; m++)); do
  java -jar "$JAR" loadgen --host 127.0.0.1 --port 3334 --connections "$CONNS" --rate "$RATE" --seconds 60 > "$WORK/minute-$m.txt" 2>&1
  echo "--- minute $m"; cat "$WORK/minute-$m.txt"
  sleep 10
done
echo "--- node CPU: $(ps -o times= -p $NODE) s"
