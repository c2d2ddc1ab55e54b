#!/usr/bin/env bash
# End-to-end import figures of the release build (docs/performance.md, "Import"):
#   1. `litrev import big.ris --into EMPTY` writing 10 000 new study files;
#   2. the dry run of the same file into a review of 10 000 other studies
#      where half the records are duplicates of them (duplicate detection,
#      loading the review included), then the real import (5 000 written);
#   3. real-shaped records (about 1.9 KB each: four to six authors, an
#      abstract of some 1 200 characters, five keywords, ISSN, publisher,
#      language, URL): the dry run and the import into an empty review, each
#      with its peak memory, beside the Python peer (scripts/rispy_peer.py:
#      rispy reads the file, one TOML file per record written, no fsync),
#      and the write floor (scripts/write_floor.c: the same number of files
#      of the same names and sizes as litrev wrote, each created by
#      open/write/close and nothing else, on one thread and on two), all in
#      one run.
# Part 3 removes no file until its last run: a filesystem may hold back
# the inodes of files removed in the last minute or more (ext4 without a
# journal skips "recently deleted" inodes, searching its bitmaps longer
# for every new file), which would make each run pay for the removals of
# the one before it. Run the script twice with at least a few minutes
# between (or after other removals) to see the spread.
# PARTS=shaped runs only part 3 (PARTS=small only parts 1 and 2).
# big.ris is generated like benches/interop.rs's file: two authors (one
# accented), a year written "2019//", journal, volume, pages, a DOI as a URL,
# an abstract and a keyword each, CRLF line ends.
# Usage: scripts/import-bench.sh [N]   (default 10000). Needs python3, and
# for part 3 rispy (pip install rispy) and /usr/bin/time.
# BIN=path/to/litrev times that binary instead of this tree's (to compare a
# build of another commit on the same machine, at the same load).
# Each figure is the wall clock, then (user + system CPU seconds): on a
# shared machine the wall clock is mostly the disk's and the load's.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
# NO_BUILD=1 builds nothing (part 3 needs no example; parts 1 and 2 need
# target/release/examples/gen_review built already).
if [ -n "${BIN:-}" ]; then
  [ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --example gen_review
  bin=$BIN
else
  [ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin litrev --example gen_review
  bin=$PWD/target/release/litrev
fi
work=$(mktemp -d -p "${TMPDIR:-/tmp}")
trap 'rm -rf "$work"' EXIT

# Records; every other one repeats the title and year of a study of the
# review given as $2 (when given), so that half are duplicates of it.
gen() {
  python3 - "$1" "${2:-}" <<'PY'
import pathlib, sys, tomllib
n, known = int(sys.argv[1]), []
if sys.argv[2]:
    for p in sorted(pathlib.Path(sys.argv[2], "studies").glob("*.toml")):
        with open(p, "rb") as f:
            s = tomllib.load(f)
        known.append((s.get("title", ""), s.get("year", 2000)))
out = []
for i in range(n):
    if i % 2 == 0 and i < len(known):
        title, year = known[i]
    else:
        title, year = f"Generated record {i} on rehabilitation after stroke", 1990 + i % 35
    out.append(
        f"TY  - JOUR\r\nTI  - {title}\r\nAU  - Sørensen{i % 97}, Åse\r\nAU  - Müller J.\r\n"
        f"PY  - {year}//\r\nT2  - Journal of Tests\r\nVL  - {i % 40}\r\nSP  - {i % 900}\r\n"
        f"EP  - {i % 900 + 9}\r\nDO  - https://doi.org/10.5555/gen.{i}\r\n"
        f"AB  - An abstract of record {i}, long enough to matter.\r\nKW  - stroke\r\nER  - \r\n\r\n")
sys.stdout.write("".join(out))
PY
}

secs() { # runs "$@", prints the wall-clock seconds it took and its CPU seconds
  local t0 t1 cpu
  t0=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    cpu=$( { /usr/bin/time -f "%U + %S" "$@" >/dev/null; } 2>&1 | tail -1)
  else
    "$@" >/dev/null
    cpu="?"
  fi
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.2f} s ($cpu s CPU)')"
}

# Real-shaped records: the sizes of a database export with abstracts.
gen_shaped() {
  python3 - "$1" <<'PY'
import random, sys
n = int(sys.argv[1])
rnd = random.Random(24)
words = ("patients intervention outcomes randomised controlled trial cohort stroke rehabilitation "
         "therapy quality life pain function mobility adults older children nursing care home "
         "hospital community primary exercise training balance gait anxiety depression trust "
         "alliance physiotherapy occupational cognitive behavioural follow months weeks baseline "
         "significant difference groups compared usual control sample participants recruited "
         "measured questionnaire scale score analysis regression adjusted confidence interval "
         "results suggest further research needed effect size moderate small large evidence").split()
fam = ["Sørensen", "Müller", "García", "Nguyen", "O'Brien", "Kowalski", "Smith", "Lindqvist",
       "Rossi", "Tanaka", "Dubois", "Okafor", "Åberg", "Novák", "Silva", "Chen"]
out = []
for i in range(n):
    title = " ".join(rnd.choice(words) for _ in range(rnd.randint(9, 16))).capitalize()
    au = "".join(f"AU  - {rnd.choice(fam)}{i % 991}, {chr(65 + rnd.randrange(26))}. {chr(65 + rnd.randrange(26))}.\r\n"
                 for _ in range(rnd.randint(4, 6)))
    ab = []
    while sum(len(w) + 1 for w in ab) < 1220:
        ab.append(rnd.choice(words))
    ab = " ".join(ab).capitalize() + "."
    kw = "".join(f"KW  - {rnd.choice(words)} {rnd.choice(words)}\r\n" for _ in range(5))
    y = 1990 + i % 35
    out.append(
        f"TY  - JOUR\r\nTI  - {title} (record {i})\r\n{au}PY  - {y}//\r\nDA  - {y}/0{1 + i % 9}/1{i % 10}\r\n"
        f"T2  - Journal of Rehabilitation Research {i % 50}\r\nJ2  - J Rehabil Res\r\nVL  - {i % 40}\r\n"
        f"IS  - {1 + i % 12}\r\nSP  - {i % 900}\r\nEP  - {i % 900 + 9}\r\nSN  - 1234-{i % 9000:04d}\r\n"
        f"PB  - Publisher of Tests\r\nLA  - English\r\nDO  - 10.5555/shaped.{i}\r\n"
        f"UR  - https://doi.org/10.5555/shaped.{i}\r\nAB  - {ab}\r\n{kw}DB  - Generated\r\nER  - \r\n\r\n")
sys.stdout.write("".join(out))
PY
}

peak() { # runs "$@" once: wall seconds, CPU seconds and peak memory (MiB)
  local t0 t1 out
  t0=$(date +%s.%N)
  /usr/bin/time -o "$work/time" -f "%U %S %M" "$@" >/dev/null 2>&1 || true
  out=$(tail -1 "$work/time")
  t1=$(date +%s.%N)
  python3 -c "u,s,m='$out'.split(); print(f'{$t1 - $t0:.2f} s ({float(u)+float(s):.2f} s CPU), peak {int(m)/1024:.0f} MiB')"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${PARTS:-all}" != small ]; then
  cc -O2 -pthread -o "$work/write_floor" scripts/write_floor.c
  gen_shaped "$n" >"$work/shaped.ris"
  echo "real-shaped records: $n, $(( $(stat -c %s "$work/shaped.ris") / n )) bytes each on average"
  "$bin" new "$work/shaped" >/dev/null
  sync
  echo "litrev dry run: $(peak "$bin" import "$work/shaped.ris" --into "$work/shaped" --dry-run)"
  echo "litrev import:  $(peak "$bin" import "$work/shaped.ris" --into "$work/shaped")"
  echo "  files written: $(find "$work/shaped/studies" -name '*.toml' | wc -l)"
  sync
  for t in 1 2; do
    echo "write floor:    $("$work/write_floor" "$work/shaped/studies" "$work/floor$t" "$t")"
    sync
  done
  echo "rispy peer:     $(peak python3 scripts/rispy_peer.py "$work/shaped.ris" "$work/peer")"
  echo "  files written: $(find "$work/peer" -name '*.toml' | wc -l)"
  rm -rf "$work/peer" "$work/shaped" "$work"/floor* "$work/shaped.ris"
  sync
  echo "load average after part 3: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "${PARTS:-all}" = shaped ]; then exit 0; fi
fi
gen "$n" >"$work/big.ris"
"$bin" new "$work/empty" >/dev/null
echo "import $n records into an empty review: $(secs "$bin" import "$work/big.ris" --into "$work/empty")"
echo "  files written: $(find "$work/empty/studies" -name '*.toml' | wc -l)"
echo "  temporary files left: $(find "$work/empty/studies" -name '.litrev-save-*' | wc -l)"

target/release/examples/gen_review "$work/full" "$n"
gen "$n" "$work/full" >"$work/half.ris"
echo "dry run, $n records against $n studies (duplicates found): $(secs "$bin" import "$work/half.ris" --into "$work/full" --dry-run)"
"$bin" import "$work/half.ris" --into "$work/full" --dry-run --format-out json |
  python3 -c "import json,sys; d=json.load(sys.stdin); print(f\"  new {len(d['new'])}, duplicates {len(d['duplicates'])}\")"
echo "import the same, writing the new ones: $(secs "$bin" import "$work/half.ris" --into "$work/full")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
