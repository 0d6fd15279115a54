#!/usr/bin/env bash
# Durable shares/s and latency on a cluster of NODES `run` nodes on one PostgreSQL, one load generator per
# node (the rate and the connections split evenly), after a warm-up of WARMUP seconds at the same load from
# the same devices (their entities started).
#
#   ops/bench/cluster-bench.sh NODES RATE SECONDS [CONNECTIONS] [WARMUP]
#
# Needs ops/target/micromining-pool.jar and a PostgreSQL on 127.0.0.1:5432 where $PGUSER (postgres) with
# $PGPASSWORD may create databases; each run gets a fresh database, dropped at the end.
set -euo pipefail
NODES=${1:-3}; RATE=${2:-1000}; SECONDS_=${3:-30}; CONNS=${4:-1000}; WARMUP=${5:-30}
JAR=${JAR:-ops/target/micromining-pool.jar}
export PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-}
DB=bench_$(date +%s)
WORK=$(mktemp -d)
psql -h 127.0.0.1 -d postgres -qc "CREATE DATABASE $DB"
SEEDS=127.0.0.1:25520
[ "$NODES" -gt 1 ] && SEEDS=$SEEDS,127.0.0.1:25521
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -h 127.0.0.1 -d postgres -qc "DROP DATABASE IF EXISTS $DB" || true
}
trap cleanup EXIT

start_node() {
  local i=$1
  mkdir -p "$WORK/node-$i"
  env POOL_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" POOL_DB_USER="$PGUSER" POOL_DB_PASSWORD="$PGPASSWORD" \
    POOL_CLUSTER_SEEDS="$SEEDS" POOL_CLUSTER_PORT=$((25520 + i)) POOL_BIND_HOST=127.0.0.1 \
    POOL_STRATUM_PORT=$((3334 + 10 * i)) POOL_API_PORT=$((18080 + 10 * i)) POOL_MANAGEMENT_PORT=$((18480 + 10 * i)) \
    POOL_WEB_ENABLED=false POOL_DATA_DIR="$WORK/node-$i" \
    POOL_MIN_DIFFICULTY=1e-10 POOL_START_DIFFICULTY=1e-10 POOL_MAX_DIFFICULTY=1e-10 POOL_EMBEDDED_TEMPLATE_TXS=2000 \
    POOL_MAX_SUBMITS_PER_SECOND=10000 POOL_MAX_CONNECTIONS_PER_ADDRESS=20000 \
    java -jar "$JAR" run > "$WORK/node-$i.log" 2>&1 &
  PIDS+=($!)
}

ready() { curl -sf "http://127.0.0.1:$((18480 + 10 * $1))/health/ready" > /dev/null; }

start_node 0
until ready 0; do sleep 1; done
for ((i = 1; i < NODES; i++)); do
  cp "$WORK/node-0/ledger-ed25519.key" "$WORK/node-$i/" 2>/dev/null || { mkdir -p "$WORK/node-$i"; cp "$WORK/node-0/ledger-ed25519.key" "$WORK/node-$i/"; }
  start_node "$i"
done
for ((i = 0; i < NODES; i++)); do until ready "$i"; do sleep 1; done; done
until [ "$(curl -s http://127.0.0.1:18080/metrics | awk '/^micromining_cluster_members /{print int($2)}')" = "$NODES" ]; do sleep 1; done
echo "cluster of $NODES up; database $DB; logs in $WORK"

load() {
  local seconds=$1 tag=$2
  local lg=()
  for ((i = 0; i < NODES; i++)); do
    java -jar "$JAR" loadgen --host 127.0.0.1 --port $((3334 + 10 * i)) --connections $((CONNS / NODES)) \
      --rate $((RATE / NODES)) --seconds "$seconds" --user "dev$i" > "$WORK/$tag-$i.txt" 2>&1 &
    lg+=($!)
  done
  for p in "${lg[@]}"; do wait "$p"; done
}

[ "$WARMUP" -gt 0 ] && load "$WARMUP" warm
load "$SECONDS_" run
for ((i = 0; i < NODES; i++)); do echo "--- load generator on node $i"; cat "$WORK/run-$i.txt"; done
