#!/usr/bin/env bash
# Scaling figures of the release build (docs/reliability.md, "Undo and
# outputs that scale"):
#   1. an import of N records through the terminal interface's import
#      screen as one batch, its undo (`u`) and redo, wall and CPU time;
#   2. `litrev map` in every format and `litrev report` on a review of
#      S studies, D design groups and T tags (S = D = T = 10 000 by default),
#      wall time and exit status of each.
# Usage: scripts/scale.sh [N] [S D T]   (default: 200000 10000 10000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
s=${2:-10000}
d=${3:-10000}
t=${4:-10000}
cargo build --release --quiet --bin litrev --example gen_review --example undo_figures
bin=$PWD/target/release/litrev
work=$(mktemp -d -p "${TMPDIR:-/tmp}")
trap 'rm -rf "$work"' EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
target/release/examples/undo_figures "$n"

target/release/examples/gen_review "$work/wide" "$s" "$d" "$t"
timed() { # runs "$@" with its output thrown away; prints seconds and status
  local t0 t1 st=0
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/err" || st=$?
  t1=$(date +%s.%N)
  printf '%.2f s, exit %s' "$(echo "$t1 - $t0" | bc)" "$st"
  if [ "$st" -ne 0 ]; then printf ' (%s)' "$(head -c 160 "$work/err")"; fi
}
echo "review: $s studies, $d design groups, $t tags"
for f in text markdown html svg csv json; do
  echo "  map --rows design --cols tag --format $f: $(timed "$bin" map "$work/wide" --format "$f")"
done
echo "  map --format csv, lines: $("$bin" map "$work/wide" --format csv | wc -l)"
echo "  report: $(timed "$bin" report "$work/wide" --out "$work/report")"
echo "  report files: $(ls "$work/report" | wc -l)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
