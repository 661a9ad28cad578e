#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and runs every test: formatting and lints, native tests,
# browser tests in headless Chromium and Firefox, the release build, and end-to-end tests
# of that build against the simulator. CI runs exactly this (.ci/run).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"

# A test run builds everything once: incremental caches would only add gigabytes.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

step() { printf '\n==> %s\n' "$*"; }

step "formatting"
cargo fmt --all --check

step "lints (native and wasm)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p mwcloud-console --all-targets --target wasm32-unknown-unknown --locked -- -D warnings

step "native tests"
cargo test --workspace --exclude console-e2e --locked

step "browser tests in headless Chromium"
env -u GECKODRIVER cargo test -p mwcloud-console --target wasm32-unknown-unknown --locked

step "browser tests in headless Firefox"
env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" \
  cargo test -p mwcloud-console --target wasm32-unknown-unknown --locked

step "release build of the console"
python3 "$root/scripts/build_release.py"

step "end-to-end tests (release console + simulator + Chromium)"
cargo test -p console-e2e --locked
