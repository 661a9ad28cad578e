#!/usr/bin/env bash
# Sets up (with Lighthouse), builds the release console, and prints the benchmark table
# (medians of BENCH_RUNS runs, default 5): 10,000 devices, headless Chromium, simulator on
# loopback, and Lighthouse on the login screen.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/scripts/setup.sh" --bench
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"

python3 "$root/scripts/build_release.py"
# The simulator binary (memory after a burst) and the service (driving a campaign).
cargo build --profile native --locked --quiet -p cloud-sim -p console-server
cargo run --profile native --locked --quiet -p console-e2e --bin bench
