#!/usr/bin/env bash
# End-to-end timings of the release binary on synthetic reviews of
# 1 000 / 10 000 / 100 000 studies: load + tally, and load + search.
# Usage: scripts/bench.sh [SIZES...]   (default: 1000 10000 100000)
# Needs hyperfine (apt-get install hyperfine); falls back to a plain loop.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

cargo build --release --quiet --bin litrev --example gen_review
bin=target/release/litrev
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for n in "${sizes[@]}"; do
  dir="$work/review-$n"
  target/release/examples/gen_review "$dir" "$n"
  echo "== $n studies"
  cmds=("$bin tally $dir" "$bin tally $dir --format json" "$bin list $dir --search 'allianc muller' --format csv")
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 2 --runs 10 --style basic "${cmds[@]}" 2>&1 | grep -E "Benchmark|Time"
  else
    for c in "${cmds[@]}"; do
      start=$(date +%s%N)
      for _ in 1 2 3 4 5; do eval "$c" >/dev/null; done
      echo "$c: $(( ($(date +%s%N) - start) / 5000000 )) ms mean of 5"
    done
  fi
done
