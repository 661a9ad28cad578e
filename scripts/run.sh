#!/usr/bin/env bash
# Sets up (scripts/setup.sh), builds the console for release, and starts the simulated
# Magewell Cloud with the console service in front of it: the console, the Cloud's API and
# the team's record (SQLite in data/) on one origin, http://127.0.0.1:8080/.
# Arguments go to the simulator (see `cloud-sim --help`); Ctrl-C stops both.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"

listen=${CONSOLE_LISTEN:-127.0.0.1:8080}
cloud=${SIMULATOR_LISTEN:-127.0.0.1:8081}

printf '\n==> building the console (release)\n'
python3 "$root/scripts/build_release.py"
printf '\n==> building the simulator and the console service\n'
cargo build --profile native --locked --quiet -p cloud-sim -p console-server

printf '\n==> starting the simulated Magewell Cloud on %s\n' "$cloud"
"$root/target/native/cloud-sim" --addr "$cloud" "$@" &
simulator=$!
trap 'kill "$simulator" 2>/dev/null || true' EXIT INT TERM
# The service forwards to it: wait until it listens (10 s at most).
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/${cloud%:*}/${cloud##*:}") 2>/dev/null && break
  kill -0 "$simulator" 2>/dev/null || { echo "run: the simulator did not start" >&2; exit 1; }
  sleep 0.1
done

printf '\n==> starting the console service (Ctrl-C stops both)\n'
"$root/target/native/mwcloud-console" --listen "$listen" --cloud "http://$cloud" \
  --dist "$root/dist" --data "$root/data"
