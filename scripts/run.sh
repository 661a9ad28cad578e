#!/usr/bin/env bash
# Sets up (scripts/setup.sh), builds the console for release, and serves it with the
# simulated Magewell Cloud on one origin. Arguments go to the simulator (see --help).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"

printf '\n==> building the console (release)\n'
trunk build --release
printf '\n==> starting the simulator (Ctrl-C stops it)\n'
cargo build --release --locked --quiet -p cloud-sim
exec "$root/target/release/cloud-sim" --dist "$root/dist" "$@"
