#!/usr/bin/env bash
# Stress test of the saver (see docs/reliability.md): two processes racing
# on one study, then SIGKILL during saves. Prints the counts; exits non-zero
# if an edit was lost or a file was left torn.
# Usage: scripts/stress.sh [RACE_ROUNDS] [KILL_ROUNDS]   (default: 100 200)
set -euo pipefail
cd "$(dirname "$0")/.."
race=${1:-100}
kills=${2:-200}
cargo build --release --quiet --example stress_save
bin=target/release/examples/stress_save
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
"$bin" race "$work/race" "$race" || status=1
"$bin" kill "$work/kill" "$kills" || status=1
exit $status
