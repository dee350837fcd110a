#!/usr/bin/env bash
# Installs the build tools, each only when missing: the wasm target, cargo-leptos (pinned),
# and the wasm-bindgen CLI at exactly the version in Cargo.lock. Everything comes from
# crates.io or rustup; nothing is downloaded from GitHub.
source "$(dirname "$0")/lib.sh"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

CARGO_LEPTOS_VERSION=0.3.11

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores, once per machine)"
  if ! cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked; then
    # Its lock file pins cargo-util-schemas 0.14.2, which needs a newer rustc than 1.95.
    # The failed install has unpacked the source: build it with that one crate moved back.
    src="$(ls -d "$HOME"/.cargo/registry/src/*/cargo-leptos-"$CARGO_LEPTOS_VERSION" | head -n1)"
    work="$(mktemp -d)"
    cp -r "$src" "$work/cargo-leptos"
    (cd "$work/cargo-leptos" &&
      cargo update -p cargo-util-schemas --precise 0.14.1 &&
      cargo install --path . --locked)
    rm -rf "$work"
  fi
fi

WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
if [ -z "$WASM_BINDGEN_VERSION" ]; then echo "wasm-bindgen not found in Cargo.lock" >&2; exit 1; fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (the version in Cargo.lock)"
  # Not --locked: one of its locked dependencies is not on the registry mirror here.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
