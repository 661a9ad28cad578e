#!/usr/bin/env bash
# Sets up, builds the release console, and prints the benchmark table (medians of
# BENCH_RUNS runs, default 5): 10,000 devices, headless Chromium, simulator on loopback.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"

trunk build --release
cargo run --release --locked --quiet -p console-e2e --bin bench
