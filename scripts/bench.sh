#!/usr/bin/env bash
# End-to-end figures of the release build on synthetic reviews of
# 1 000 / 10 000 / 100 000 studies, with the peers measured in the same run:
#   - tally (text and JSON) against a Python + tomllib tally of the same files;
#   - list --search against `fzf --filter` over a title/author dump;
#   - the TUI (examples/tui_figures): open + first frame, each search
#     keystroke + frame (first key, typed, backspace), peak memory.
#   - peak memory and CPU time (user + system) of tally and list --search
#     with /usr/bin/time, which are fairer than wall time on a loaded machine;
#   - study-file parsing in process (examples/parse_figures): the loader's
#     fast path against the full toml_edit reader, on one thread.
# Then the same sizes with two RoB 2 appraisals per study (gen_review
# --appraised, as a finished review holds them): tally, appraisal,
# agreement and tally --by appraisal against the Python peer and the read
# floor (scripts/read_floor.c, every study file read on two threads and
# nothing done with it), peak memory,
# and the TUI's first frame; the first screen shown while the review loads,
# warm and with the review's files dropped from the page cache.
# Usage: scripts/bench.sh [SIZES...]   (default: 1000 10000 100000)
# PARTS=appraised runs only the appraised reviews; NO_BUILD=1 times the
# binaries already in target/release without building them first.
# LITREV_BENCH_REVIEWS=DIR keeps the synthetic reviews in DIR/review-N and
# reuses them on the next run (writing 100 000 files takes a while).
# Needs hyperfine, fzf and python3 >= 3.11 (apt-get install hyperfine fzf);
# without hyperfine it falls back to a plain loop, without fzf it skips that peer.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin litrev --example gen_review --example tui_figures --example parse_figures --example first_screen
bin=target/release/litrev
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -pthread -o "$work/read_floor" scripts/read_floor.c
reviews=${LITREV_BENCH_REVIEWS:-$work}
mkdir -p "$reviews"

# The Python peer: read every study with tomllib and count by design.
cat >"$work/tally.py" <<'PY'
import collections, json, pathlib, sys, tomllib
counts = collections.Counter()
for p in sorted(pathlib.Path(sys.argv[1], "studies").glob("*.toml")):
    with open(p, "rb") as f:
        counts[tomllib.load(f).get("design", "").split("/")[0]] += 1
print(json.dumps(counts.most_common()))
PY

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do
  [ "${PARTS:-all}" = appraised ] && continue
  dir="$reviews/review-$n"
  [ -f "$dir/review.toml" ] || target/release/examples/gen_review "$dir" "$n"
  # What fzf searches: one line per study, title and authors.
  python3 - "$dir" >"$work/dump-$n.txt" <<'PY'
import pathlib, sys, tomllib
for p in sorted(pathlib.Path(sys.argv[1], "studies").glob("*.toml")):
    with open(p, "rb") as f:
        s = tomllib.load(f)
    print(s.get("title", ""), "|", "; ".join(s.get("authors", [])))
PY
  echo "== $n studies"
  cmds=("$bin tally $dir" "$bin tally $dir --format json" "python3 $work/tally.py $dir"
        "$bin list $dir --search allianc --format csv"
        "$bin list $dir --search 'allianc muller' --format csv")
  command -v fzf >/dev/null 2>&1 && cmds+=("fzf --filter allianc --no-sort < $work/dump-$n.txt")
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 1 --runs 7 --style basic "${cmds[@]}" 2>&1 | grep -E "Benchmark|Time"
  else
    for c in "${cmds[@]}"; do
      start=$(date +%s%N)
      for _ in 1 2 3 4 5; do eval "$c" >/dev/null; done
      echo "$c: $(( ($(date +%s%N) - start) / 5000000 )) ms mean of 5"
    done
  fi
  if [ -x /usr/bin/time ]; then
    echo "-- CPU time and peak memory, $n studies (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    for c in "$bin tally $dir" "python3 $work/tally.py $dir" "$bin list $dir --search allianc --format csv"; do
      /usr/bin/time -f "$c: %e s wall, %U s user + %S s sys, peak %M KB" sh -c "$c >/dev/null"
    done
  fi
  echo "-- parsing the study files, $n studies"
  target/release/examples/parse_figures "$dir"
  echo "-- TUI, $n studies (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  target/release/examples/tui_figures "$dir" allianc 5
done
for n in "${sizes[@]}"; do
  dir="$reviews/appraised-$n"
  [ -f "$dir/review.toml" ] || target/release/examples/gen_review "$dir" "$n" --appraised
  echo "== $n studies, two RoB 2 appraisals each"
  cmds=("$bin tally $dir" "python3 $work/tally.py $dir" "$work/read_floor $dir"
        "$bin appraisal $dir" "$bin agreement $dir" "$bin tally --by appraisal $dir")
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 1 --runs 7 --style basic "${cmds[@]}" 2>&1 | grep -E "Benchmark|Time"
  fi
  if [ -x /usr/bin/time ]; then
    echo "-- CPU time and peak memory (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    for c in "${cmds[@]}"; do
      /usr/bin/time -f "$c: %e s wall, %U s user + %S s sys, peak %M KB" sh -c "$c >/dev/null"
    done
  fi
  echo "-- parsing the study files, $n appraised studies"
  target/release/examples/parse_figures "$dir"
  echo "-- TUI, $n appraised studies (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  target/release/examples/tui_figures "$dir" allianc 3
  echo "-- first screen while loading (examples/first_screen), warm, then with the review's files dropped from the page cache (scripts/evict_cache.py)"
  target/release/examples/first_screen "$dir"
  python3 scripts/evict_cache.py "$dir"
  target/release/examples/first_screen "$dir"
done
# The worst case for what an instrument remembers of each set of answers:
# appraisals that hardly ever repeat (two AMSTAR 2 appraisals of sixteen
# random answers per study), at the largest size only.
n=${sizes[-1]}
dir="$reviews/varied-$n"
[ -f "$dir/review.toml" ] || target/release/examples/gen_review "$dir" "$n" --varied
echo "== $n studies, two AMSTAR 2 appraisals each that hardly ever repeat"
cmds=("$bin tally $dir" "$work/read_floor $dir" "$bin appraisal $dir" "$bin agreement $dir"
      "$bin tally --by appraisal $dir")
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 1 --runs 5 --style basic "${cmds[@]}" 2>&1 | grep -E "Benchmark|Time"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
