#!/usr/bin/env bash
# make soak (not part of make test): the server on its own port over a freshly seeded SQLite
# database, SOAK_SECONDS (default 600) of mixed journeys at SOAK_RATE journeys a second
# (default 5) on 127.0.0.1 only: browsing, search, cart, checkout, producer edits, wrong
# passwords (server/examples/soak.rs). Prints errors, latency percentiles and the server's RSS
# at start (after a warm-up) and at the end. Uses the release server when one is built,
# otherwise the debug one (then latencies are a debug build's).
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
: "${CARGO_TARGET_DIR:=$HOME/.cache/cholang/target}"
export CARGO_TARGET_DIR
PORT="${SOAK_PORT:-3198}"
SECONDS_TOTAL="${SOAK_SECONDS:-600}"
RATE="${SOAK_RATE:-5}"
WARMUP="${SOAK_WARMUP:-20}"

if [ -x "$CARGO_TARGET_DIR/release/server" ]; then
  SERVER="$CARGO_TARGET_DIR/release/server"
else
  SERVER="$CARGO_TARGET_DIR/debug/server"
  [ -x "$SERVER" ] || { log "no server binary: building the debug one"; cargo leptos build; }
  log "no release build: soaking the debug server"
fi
log "building the soak client"
cargo build -q -p server --example soak
CLIENT="$CARGO_TARGET_DIR/debug/examples/soak"

WORK="$(mktemp -d)"
trap 'kill "${SERVER_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite://$WORK/soak.db?mode=rwc"
log "seeding a fresh database"
CHOLANG_DEMO=1 "$SERVER" seed --demo >/dev/null 2>&1 || CHOLANG_DEMO=1 "$SERVER" seed >/dev/null

log "starting the server on 127.0.0.1:$PORT"
BIND="127.0.0.1:$PORT" CHOLANG_DEMO=1 LEPTOS_ENV=PROD RUST_LOG=warn \
  LEPTOS_OUTPUT_NAME=cholang LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_HASH_FILES=true LEPTOS_SITE_ADDR="127.0.0.1:$PORT" \
  "$SERVER" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null

rss() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
RSS_IDLE=$(rss)
log "soak: ${SECONDS_TOTAL}s at ${RATE} journeys/s (RSS measured after ${WARMUP}s)"
"$CLIENT" --url "http://127.0.0.1:$PORT" --seconds "$SECONDS_TOTAL" --rate "$RATE" >"$WORK/client.log" 2>&1 &
CLIENT_PID=$!
sleep "$WARMUP"
RSS_START=$(rss)
set +e
wait "$CLIENT_PID"
STATUS=$?
set -e
RSS_END=$(rss)
cat "$WORK/client.log"
SERVER_ERRORS=$(grep -c -E ' (ERROR|WARN) |panicked' "$WORK/server.log" || true)
echo "RSS idle ${RSS_IDLE} MB, start ${RSS_START} MB, end ${RSS_END} MB ($(awk -v a="$RSS_START" -v b="$RSS_END" 'BEGIN { printf "%+.1f %%", (b - a) * 100 / a }'))"
echo "server log: ${SERVER_ERRORS} warning/error/panic lines"
grep -E ' (ERROR|WARN) |panicked' "$WORK/server.log" | head -n 5 || true
exit "$STATUS"
