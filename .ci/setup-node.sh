#!/usr/bin/env bash
# Node packages pinned in end2end/package-lock.json: Playwright (tests) and binaryen's
# wasm-opt (release builds; Debian's binaryen 108 writes broken wasm).
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

if ! command -v npm >/dev/null; then
  log "installing Node.js and npm"
  apt_install nodejs npm
fi
stamp="$ROOT/end2end/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$ROOT/end2end/package-lock.json" -nt "$stamp" ]; then
  log "installing end2end npm packages"
  (cd "$ROOT/end2end" && npm ci --no-audit --no-fund)
fi
