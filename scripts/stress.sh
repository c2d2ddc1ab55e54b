#!/usr/bin/env bash
# Stress test of the saver (see docs/reliability.md): two processes racing
# on one study, then SIGKILL during saves; then a co-author's saves meeting
# the interface's (merge both / keep mine), and git merges under a running
# interface. Prints the counts; exits non-zero if an edit was lost, a file
# was left torn, or a merge was not shown within a second.
# Usage: scripts/stress.sh [RACE_ROUNDS] [KILL_ROUNDS] [CO_AUTHOR_ROUNDS] [FOLLOW_ROUNDS]
#        (default: 100 200 200 20)
set -euo pipefail
cd "$(dirname "$0")/.."
race=${1:-100}
kills=${2:-200}
coauthors=${3:-200}
follows=${4:-20}
cargo build --release --quiet --example stress_save --example stress_follow --bin litrev
bin=target/release/examples/stress_save
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
"$bin" race "$work/race" "$race" || status=1
"$bin" kill "$work/kill" "$kills" || status=1
follow=target/release/examples/stress_follow
"$follow" merge "$work/merge" "$coauthors" || status=1
mkdir -p "$work/follow"
"$follow" follow target/release/litrev "$work/follow" "$follows" || status=1
exit $status
