#!/usr/bin/env bash
# Killed imports (docs/reliability.md, "Saves are atomic"): an import of N
# records (release build) into one review is killed with SIGKILL at a
# random moment, ROUNDS times; the temporary files left in studies/ are
# counted after each kill, then after the next import (of one record) and
# the next open (`litrev check` does not clean: it only lists them).
# Prints the counts; exits non-zero if anything was left after the next
# import, or if a study file was torn.
# Usage: scripts/killed-imports.sh [ROUNDS] [N]   (default 20 20000). Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
n=${2:-20000}
cargo build --release --quiet --bin litrev
bin=$PWD/target/release/litrev
work=$(mktemp -d -p "${TMPDIR:-/tmp}")
trap 'rm -rf "$work"' EXIT

python3 - "$n" >"$work/big.ris" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    sys.stdout.write(f"TY  - JOUR\nTI  - Killed import record {i}\nAU  - Author{i % 97}, A.\n"
                     f"PY  - {1990 + i % 35}\nDO  - 10.5555/kill.{i}\nER  - \n\n")
PY
printf 'TY  - JOUR\nTI  - One more record\nAU  - Last, A.\nPY  - 2021\nER  - \n\n' >"$work/one.ris"
"$bin" new "$work/rev" >/dev/null
temps() { find "$work/rev/studies" -maxdepth 1 -name '.litrev-save-*' | wc -l; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
left=0 most=0
for r in $(seq 1 "$rounds"); do
  "$bin" import "$work/big.ris" --into "$work/rev" >/dev/null 2>&1 &
  pid=$!
  sleep "$(python3 -c 'import random; print(round(random.uniform(0.2, 4.0), 2))')"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  t=$(temps)
  left=$((left + t))
  [ "$t" -gt "$most" ] && most=$t
  # Undo what a finished import added, so that the next round imports again.
  find "$work/rev/studies" -maxdepth 1 -name 'author*.toml' -delete
done
echo "kills: $rounds, temporary files found right after the kills: $left in all (at most $most after one kill)"
before=$(temps)
"$bin" import "$work/one.ris" --into "$work/rev" >/dev/null 2>&1 || true
after=$(temps)
echo "temporary files before the next import: $before, after it: $after"
torn=0
for f in "$work"/rev/studies/*.toml; do
  [ -e "$f" ] || continue
  grep -q '^id = ' "$f" || torn=$((torn + 1))
done
echo "study files torn: $torn"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$after" -eq 0 ] && [ "$torn" -eq 0 ]
