#!/usr/bin/env bash
# Installs what building and testing the console needs, and only what is missing.
# Safe to run again and again; both README commands run it first. Stops at the first
# piece that fails to install, naming it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"

TRUNK_VERSION=0.21.14
# The splitter of the release build (scripts/build_release.py): the one cargo-leptos uses.
WASM_SPLIT_VERSION=0.2.4
BINARYEN_VERSION=132
# The release build's minifier for the wasm-bindgen glue and the stylesheet.
ESBUILD_VERSION=0.28.2
GECKODRIVER_VERSION=0.37.1
# The benchmark's Lighthouse (13 wants Node 22; 12.2.3 runs on Node 20). Installed with
# `--bench` only: the tests do not need it.
LIGHTHOUSE_VERSION=12.2.3

say() { printf 'setup: %s\n' "$*"; }
fail() {
  printf 'setup: FAILED to install %s\n' "$1" >&2
  [ $# -gt 1 ] && printf 'setup: %s\n' "$2" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

for tool in cargo rustup npm python3; do
  command -v "$tool" >/dev/null || fail "$tool" "it is a prerequisite; install it first"
done

# Rust target for the browser.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || fail "the wasm32-unknown-unknown target"
fi

# The release wasm's nightly, pinned in scripts/build_release.py, with the standard library's
# source it rebuilds for size (a minimal profile: ~15 s to fetch).
nightly=$(python3 scripts/build_release.py --toolchain)
if ! rustup run "$nightly" rustc --version >/dev/null 2>&1 \
  || ! rustup component list --installed --toolchain "$nightly" | grep -q '^rust-src'; then
  say "installing Rust $nightly with rust-src (the release build's)"
  rustup toolchain install "$nightly" --profile minimal --component rust-src \
    || fail "Rust $nightly with rust-src"
fi

# Crates, so that offline trunk builds and tests find everything.
say "fetching crates"
cargo fetch --locked --quiet || fail "the project's crates (cargo fetch)"

# trunk, exactly the version that builds on this toolchain.
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes several minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked || fail "trunk $TRUNK_VERSION"
fi

# wasm-split-cli, the release build's splitter (it has no --version: cargo's list says).
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (takes a few minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary \
    || fail "wasm-split-cli $WASM_SPLIT_VERSION (crate wasm_split_cli_support)"
fi

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$wbg_version" ] || fail "wasm-bindgen-cli" "no wasm-bindgen version found in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version (takes a few minutes)"
  # Not --locked: one of its locked dependencies is missing from the registry.
  cargo install wasm-bindgen-cli --version "$wbg_version" --force || fail "wasm-bindgen-cli $wbg_version"
fi

# wasm-opt from npm's binaryen: Debian's older one silently breaks release builds.
if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "installing binaryen $BINARYEN_VERSION (wasm-opt) into .tools/"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION" \
    || fail "binaryen $BINARYEN_VERSION (wasm-opt) from npm"
  wasm-opt --version | grep -q "version $BINARYEN_VERSION" || fail "wasm-opt" "installed but not on PATH"
fi

if [ "$(esbuild --version 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
  say "installing esbuild $ESBUILD_VERSION into .tools/"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --silent -E "esbuild@$ESBUILD_VERSION" \
    || fail "esbuild $ESBUILD_VERSION from npm"
  [ "$(esbuild --version 2>/dev/null)" = "$ESBUILD_VERSION" ] || fail "esbuild" "installed but not on PATH"
fi

# Browsers and their drivers, and brotli (the release build compresses its assets), from Debian.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v firefox-esr >/dev/null || command -v firefox >/dev/null || missing+=(firefox-esr)
command -v brotli >/dev/null || missing+=(brotli)
# The console service's record on PostgreSQL is tested against a throwaway cluster.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  as_root apt-get update -qq || fail "${missing[*]}" "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null \
    || fail "${missing[*]}"
fi

if [ "$(geckodriver --version 2>/dev/null | head -n1 | awk '{print $2}')" != "$GECKODRIVER_VERSION" ]; then
  say "installing geckodriver $GECKODRIVER_VERSION"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" || fail "geckodriver $GECKODRIVER_VERSION"
fi

if [ "${1:-}" = "--bench" ] && [ "$(lighthouse --version 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
  say "installing lighthouse $LIGHTHOUSE_VERSION into .tools/"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --silent -E "lighthouse@$LIGHTHOUSE_VERSION" \
    || fail "lighthouse $LIGHTHOUSE_VERSION from npm"
fi

pg_version=$(ls -d /usr/lib/postgresql/*/ | sort -V | tail -n1 | xargs basename)
say "ready: $(trunk --version), wasm-split-cli $WASM_SPLIT_VERSION, wasm-bindgen $wbg_version, wasm-opt $BINARYEN_VERSION, esbuild $ESBUILD_VERSION, $nightly, $(chromium --version 2>/dev/null | head -n1), geckodriver $GECKODRIVER_VERSION, PostgreSQL $pg_version"
