#!/usr/bin/env bash
# make bench: release build, then the figures the Foundation, Catalog and Orders issues name:
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
# The build names its files cholang.<hash>.<kind> and lists the hashes beside the server.
hashed() { echo "target/site/pkg/cholang.$(awk -v k="$1:" '$1 == k { print $2 }' "$CARGO_TARGET_DIR/release/hash.txt").$1"; }
WASM=$(hashed wasm)
JS=$(hashed js)
CSS=$(hashed css)

WORK="$(mktemp -d)"
trap 'kill "$SERVER_PID" ${PG_SERVER_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc"

log "seeding the demo data, then 100,000 synthetic products"
"$SERVER" seed --demo >/dev/null
start=$(date +%s.%N)
"$SERVER" seed --scale 100000 >/dev/null
end=$(date +%s.%N)
SEED_SECONDS=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')

log "starting the server on 127.0.0.1:$PORT"
BIND="127.0.0.1:$PORT" LEPTOS_ENV=PROD CHOLANG_DEMO=1 RUST_LOG=warn "$SERVER" &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null

# load NAME PATH... : 10 s at 32 connections over the paths, in turn.
load() {
  local name="$1"; shift
  printf '%s\n' "$@" > "$WORK/$name.paths"
  log "load: $name (${DURATION}s, 32 connections)"
  BENCH_PATHS="$WORK/$name.paths" wrk -t2 -c32 -d"${DURATION}s" --timeout 30s -s .ci/bench-paths.lua "http://127.0.0.1:$PORT" \
    | awk '/^RESULT/ { $1 = ""; print substr($0, 2) }'
}
PRODUCT_PATH="$(curl -fs "http://127.0.0.1:$PORT/products?stars=5" | grep -o 'href="/products/[a-z0-9-]*"' | head -n1 | cut -d'"' -f2)"

# first_load PATH [COOKIE]: brotli bytes of the wasm and JS a page makes the browser fetch (the
# files it names in its <link rel=preload/modulepreload> tags), each file counted once.
first_load() {
  local total=0 f
  for f in $(curl -fs -H "Cookie: ${2:-}" "http://127.0.0.1:$PORT$1" | grep -o '/pkg/[^"]*\.\(wasm\|js\)' | sort -u); do
    if [ -f "target/site$f.br" ]; then f="$f.br"; fi
    total=$((total + $(size "target/site$f")))
  done
  echo "$total"
}
# first_link PATH PATTERN: the first link on PATH matching PATTERN (a page of that kind).
first_link() { curl -fs "http://127.0.0.1:$PORT$1" | grep -o "href=\"$2\"" | head -n1 | cut -d'"' -f2; }
# sign_in EMAIL: the session cookie of a demo account.
sign_in() {
  curl -fs -o /dev/null -D - -H "Origin: http://127.0.0.1:$PORT" --data-urlencode "email=$1" \
    --data-urlencode "password=cholang-demo" --data-urlencode "next=/" "http://127.0.0.1:$PORT/api/login" \
    | grep -io 'cholang_session=[0-9a-f]*' | head -n1
}
CATALOG_PATH="/products?stars=4&district=gia-lam"
STOREFRONT_PATH="$(first_link "$PRODUCT_PATH" '/producers/[a-z0-9-]*')"
FAIR_PATH="$(first_link /fairs '/fairs/[a-z0-9-]*')"
POS_PATH="$(first_link /points-of-sale '/points-of-sale/[a-z0-9-]*')"
# Every public page kind, then the signed-in work places (name|path|account).
PAGE_KINDS=(
  "home|/|" "catalog|$CATALOG_PATH|" "search results|/products?q=gom+bat+trang|" "product|$PRODUCT_PATH|"
  "village|/villages/bat-trang|" "storefront|$STOREFRONT_PATH|" "fairs|/fairs|" "fair|$FAIR_PATH|"
  "points of sale|/points-of-sale|" "point of sale|$POS_PATH|" "cart|/cart|"
  "producer dashboard|/dashboard|gom.battrang@cholang.test" "product editor|/dashboard/products/new|gom.battrang@cholang.test"
  "organizer|/organizer|hoicho@cholang.test" "buyer's trade desk|/trade|sieuthi@cholang.test"
  "office|/office|vanphong@cholang.test" "office figures|/office/stats|vanphong@cholang.test"
)
declare -A COOKIES
for kind in "${PAGE_KINDS[@]}"; do
  IFS='|' read -r _ _ account <<<"$kind"
  if [ -n "$account" ] && [ -z "${COOKIES[$account]:-}" ]; then COOKIES[$account]="$(sign_in "$account")"; fi
done
cookie_of() { [ -n "$1" ] && echo "${COOKIES[$1]}"; }
FIRST_HOME=$(first_load /)
FIRST_CATALOG=$(first_load "$CATALOG_PATH")
FIRST_PRODUCT=$(first_load "$PRODUCT_PATH")
mapfile -t SEARCHES < <(sed 's|^|/products?q=|; s| |+|g' .ci/bench-queries.txt)

read -r HOME_RPS HOME_P50 HOME_P95 HOME_P99 HOME_MAX HOME_BAD < <(load home /)
read -r STATIC_RPS STATIC_P50 STATIC_P95 STATIC_P99 STATIC_MAX STATIC_BAD < <(load static "/${CSS#target/site/}")

read -r CAT_RPS CAT_P50 CAT_P95 CAT_P99 CAT_MAX CAT_BAD < <(load catalog "/products?stars=4&district=gia-lam")
# Each search once, one at a time, before anything has cached it: what the first visitor to
# ask it waits. The load test after it measures the searches asked again and again.
cold_searches() {
  for path in "$@"; do
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT$path"
  done | sort -n | awk '
    function at(p,   i) { i = int(NR * p); if (i < NR * p) i++; return t[i] }
    { t[NR] = $1 * 1000 }
    END { printf "%.2fms %.2fms %.2fms\n", at(0.5), at(0.95), t[NR] }'
}
log "search: each of the ${#SEARCHES[@]} queries once, uncached"
read -r COLD_P50 COLD_P95 COLD_MAX < <(cold_searches "${SEARCHES[@]}")
read -r SEARCH_RPS SEARCH_P50 SEARCH_P95 SEARCH_P99 SEARCH_MAX SEARCH_BAD < <(load search "${SEARCHES[@]}")
read -r PROD_RPS PROD_P50 PROD_P95 PROD_P99 PROD_MAX PROD_BAD < <(load product "$PRODUCT_PATH")
# Lighthouse (mobile, its default simulated throttling) in Debian's chromium, one run a page.
LH_DIR=.ci/lighthouse
if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  log "installing lighthouse (npm)"
  (cd "$LH_DIR" && npm ci --no-audit --no-fund >/dev/null)
fi
# lighthouse_scores URL [COOKIE]: the four scores, then LCP, TBT and CLS.
lighthouse_scores() {
  local url="$1" out="$WORK/lh.json" headers=()
  if [ -n "${2:-}" ]; then headers=(--extra-headers "{\"Cookie\":\"$2\"}"); fi
  CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" "$url" --quiet --output=json --output-path="$out" \
    --only-categories=performance,accessibility,seo,best-practices "${headers[@]}" \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage" \
    >/dev/null 2>&1 || { echo "failed"; return; }
  node -e '
    const r = require(process.argv[1]); const s = k => Math.round(r.categories[k].score * 100);
    const a = k => r.audits[k].numericValue;
    console.log(`${s("performance")} / ${s("accessibility")} / ${s("best-practices")} / ${s("seo")}`.padEnd(20) +
      `LCP ${(a("largest-contentful-paint") / 1000).toFixed(2)} s  TBT ${Math.round(a("total-blocking-time"))} ms  CLS ${a("cumulative-layout-shift").toFixed(3)}`)' "$out"
}
log "first load and lighthouse: ${#PAGE_KINDS[@]} page kinds"
PAGE_ROWS=""
for kind in "${PAGE_KINDS[@]}"; do
  IFS='|' read -r name path account <<<"$kind"
  cookie="$(cookie_of "$account")"
  bytes="$(first_load "$path" "$cookie")"
  PAGE_ROWS+="$(printf '  %-20s %-10s %s' "$name" "$(kib "$bytes")" "$(lighthouse_scores "http://127.0.0.1:$PORT$path" "$cookie")")"$'\n'
done

# 200 concurrent checkouts (one popular product and one from the whole catalog per cart),
# first on this SQLite server, then on a PostgreSQL database seeded the same way. Last, so
# seeding PostgreSQL (and its checkpoints afterwards) shares the two cores with no page load
# or Lighthouse run being measured.
SHOPPERS="${CHOLANG_BENCH_SHOPPERS:-200}"
log "checkout: $SHOPPERS concurrent, SQLite"
read -r _ _ CO_SQ_RPS CO_SQ_P50 CO_SQ_P99 CO_SQ_MAX CO_SQ_ERR CO_SQ_OK < <("$SERVER" bench-checkout --url "http://127.0.0.1:$PORT" --shoppers "$SHOPPERS" | awk '/^RESULT/ { $1 = ""; print substr($0, 2) }')
PG_ADMIN="${CHOLANG_BENCH_POSTGRES:-postgres://cholang:cholang@127.0.0.1:5432/postgres}"
PG_DB="cholang_bench"
PG_PORT=$((PORT + 1))
if psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 && psql "$PG_ADMIN" -qc "CREATE DATABASE $PG_DB" >/dev/null 2>&1; then
  PG_URL="${PG_ADMIN%/*}/$PG_DB"
  log "checkout: seeding PostgreSQL with the demo data and 100,000 products"
  DATABASE_URL="$PG_URL" "$SERVER" seed --demo >/dev/null
  DATABASE_URL="$PG_URL" "$SERVER" seed --scale 100000 >/dev/null
  DATABASE_URL="$PG_URL" BIND="127.0.0.1:$PG_PORT" LEPTOS_ENV=PROD CHOLANG_DEMO=1 RUST_LOG=warn "$SERVER" &
  PG_SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PG_PORT/healthz" >/dev/null && break; sleep 0.2; done
  log "checkout: $SHOPPERS concurrent, PostgreSQL"
  read -r _ _ CO_PG_RPS CO_PG_P50 CO_PG_P99 CO_PG_MAX CO_PG_ERR CO_PG_OK < <(DATABASE_URL="$PG_URL" "$SERVER" bench-checkout --url "http://127.0.0.1:$PG_PORT" --shoppers "$SHOPPERS" | awk '/^RESULT/ { $1 = ""; print substr($0, 2) }')
  kill "$PG_SERVER_PID" 2>/dev/null || true
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
else
  log "PostgreSQL is not reachable at $PG_ADMIN: skipping its checkout figures (make services starts it)"
fi

row() { printf '  %-22s %8s req/s  p50 %-9s p95 %-9s p99 %-9s max %-9s non-2xx %s\n' "$@"; }

cat <<TXT

Chợ Làng benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)
-------------------------------------------------------------------
bundle           raw           brotli
  wasm           $(kib "$(size $WASM)")     $(kib "$(size $WASM.br)")
  js             $(kib "$(size $JS)")      $(kib "$(size $JS.br)")
  css            $(kib "$(size $CSS)")      $(kib "$(size $CSS.br)")
first load, wasm + JS, brotli: home $(kib "$FIRST_HOME"), catalog $(kib "$FIRST_CATALOG"), product page $(kib "$FIRST_PRODUCT")
seed             100,000 products in ${SEED_SECONDS} s (SQLite)
load (32 connections, ${DURATION}s each, catalog of 101,054 products; whole server-rendered pages,
      anonymous visitors, so pages come from the page cache after their first render)
$(row "home page" $HOME_RPS $HOME_P50 $HOME_P95 $HOME_P99 $HOME_MAX $HOME_BAD)
$(row "static file (css)" $STATIC_RPS $STATIC_P50 $STATIC_P95 $STATIC_P99 $STATIC_MAX $STATIC_BAD)
$(row "catalog, 2 facets" $CAT_RPS $CAT_P50 $CAT_P95 $CAT_P99 $CAT_MAX $CAT_BAD)
$(row "search, 50 queries" $SEARCH_RPS $SEARCH_P50 $SEARCH_P95 $SEARCH_P99 $SEARCH_MAX $SEARCH_BAD)
  search, each once uncached (one at a time)  p50 $COLD_P50  p95 $COLD_P95  worst $COLD_MAX
$(row "product page" $PROD_RPS $PROD_P50 $PROD_P95 $PROD_P99 $PROD_MAX $PROD_BAD)
checkout ($SHOPPERS at once, 101,054 products; completed/s, latency of each checkout)
  SQLite                 ${CO_SQ_RPS:-?} checkouts/s  p50 ${CO_SQ_P50:-?} ms  p99 ${CO_SQ_P99:-?} ms  max ${CO_SQ_MAX:-?} ms  errors ${CO_SQ_ERR:-?}  ${CO_SQ_OK:-}
  PostgreSQL             ${CO_PG_RPS:-?} checkouts/s  p50 ${CO_PG_P50:-?} ms  p99 ${CO_PG_P99:-?} ms  max ${CO_PG_MAX:-?} ms  errors ${CO_PG_ERR:-?}  ${CO_PG_OK:-}
page kinds: first load (wasm + JS, brotli) and lighthouse (mobile): performance / accessibility /
best practices / SEO; the signed-in work places last
${PAGE_ROWS%$'\n'}
TXT
