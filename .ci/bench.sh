#!/usr/bin/env bash
# make bench: release build, then the figures the Foundation issue names:
#   wasm and JS bundle size (raw and brotli), the time to seed 100,000 products, and the home
#   page's throughput and p50/p99 latency at 32 connections on loopback, beside a static file
#   served by the same server in the same run. Bounded: 10 s per load test, 127.0.0.1 only.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
: "${CARGO_TARGET_DIR:=$HOME/.cache/cholang/target}"
SERVER="$CARGO_TARGET_DIR/release/server"
PORT="${CHOLANG_BENCH_PORT:-3199}"
DURATION="${CHOLANG_BENCH_SECONDS:-10}"

command -v wrk >/dev/null || { log "installing wrk"; apt_install wrk; }

log "release build"
cargo leptos build --release
"$SERVER" compress target/site >/dev/null

size() { stat -c %s "$1"; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
WASM=target/site/pkg/cholang.wasm
JS=target/site/pkg/cholang.js
CSS=target/site/pkg/cholang.css

WORK="$(mktemp -d)"
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc"

log "seeding the demo data, then 100,000 synthetic products"
"$SERVER" seed >/dev/null
start=$(date +%s.%N)
"$SERVER" seed --scale 100000 >/dev/null
end=$(date +%s.%N)
SEED_SECONDS=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')

log "starting the server on 127.0.0.1:$PORT"
BIND="127.0.0.1:$PORT" LEPTOS_ENV=PROD RUST_LOG=warn "$SERVER" &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null

load() { # url -> "rps p50 p99"
  wrk -t2 -c32 -d"${DURATION}s" --latency "$1" | awk '
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %s %s %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }'
}
log "load: home page (${DURATION}s, 32 connections)"
read -r HOME_RPS HOME_P50 HOME_P99 HOME_BAD < <(load "http://127.0.0.1:$PORT/")
log "load: static file (${DURATION}s, 32 connections)"
read -r STATIC_RPS STATIC_P50 STATIC_P99 STATIC_BAD < <(load "http://127.0.0.1:$PORT/pkg/cholang.css")

cat <<TXT

Chợ Làng benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)
-------------------------------------------------------------------
bundle           raw           brotli
  wasm           $(kib "$(size $WASM)")     $(kib "$(size $WASM.br)")
  js             $(kib "$(size $JS)")      $(kib "$(size $JS.br)")
  css            $(kib "$(size $CSS)")      $(kib "$(size $CSS.br)")
seed             100,000 products in ${SEED_SECONDS} s (SQLite)
load (32 conns, ${DURATION}s, catalog of 101,054 products)
  home page      ${HOME_RPS} req/s   p50 ${HOME_P50}   p99 ${HOME_P99}   non-2xx ${HOME_BAD}
  static file    ${STATIC_RPS} req/s   p50 ${STATIC_P50}   p99 ${STATIC_P99}   non-2xx ${STATIC_BAD}
TXT
