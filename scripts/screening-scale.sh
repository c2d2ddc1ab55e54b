#!/usr/bin/env bash
# Screening at scale (docs/performance.md, "Screening"): 100 000 records in
# ten RIS exports (a fifth of each file repeats records of the others, by
# DOI, so duplicates are merged across files), plus one export of 50 000.
#   1. `litrev search add` of the 50 000-record export into an empty review;
#   2. the ten exports added one by one (the last one's time);
#   3. the screening screen opened on the 100 000 records, decisions one key
#      at a time with the next record drawn, peak memory
#      (examples/screening_figures.rs): first as after `search add` (which
#      leaves `.litrev/screening-cache`), then with no cache (the exports
#      read and merged, the cache written: a fresh clone), then again (the
#      records from the cache), then midway (40 000 records decided);
#   4. `litrev screen status` and `litrev prisma` on the whole.
# Abstracts are ~1 200 characters, as in a real MEDLINE export.
# Usage: scripts/screening-scale.sh [RECORDS_PER_FILE]   (default 10000). Needs python3.
# With SCREENING_SCALE_DIR=DIR the exports and reviews are made in DIR and
# kept; a later run with the same DIR and size skips straight to step 3.
set -euo pipefail
cd "$(dirname "$0")/.."
per=${1:-10000}
# SCREENING_SCALE_BIN=DIR: the litrev and screening_figures binaries of DIR
# (say, copies of an earlier build, to compare), nothing built.
if [ -n "${SCREENING_SCALE_BIN:-}" ]; then
  bin=$SCREENING_SCALE_BIN/litrev
  figures=$SCREENING_SCALE_BIN/screening_figures
else
  cargo build --release --quiet --bin litrev --example screening_figures
  bin=$PWD/target/release/litrev
  figures=$PWD/target/release/examples/screening_figures
fi
if [ -n "${SCREENING_SCALE_DIR:-}" ]; then
  work=$SCREENING_SCALE_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d -p "${TMPDIR:-/tmp}")
  trap 'rm -rf "$work"' EXIT
fi
echo "load average before: $(cat /proc/loadavg)"

secs() { # runs "$@"; prints wall-clock and CPU seconds and peak memory
  /usr/bin/time -f "%e s wall, %U + %S s CPU, peak %M KiB" "$@" 2>&1 >/dev/null | tail -1
}

if [ "$(cat "$work/.size" 2>/dev/null)" != "$per" ]; then
rm -rf "${work:?}"/*
python3 - "$work" "$per" <<'PY'
import random, sys
work, per = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
words = ("alliance therapeutic physiotherapy pain back low chronic patient trial randomised "
         "outcome rehabilitation exercise manual therapy education cohort qualitative interview "
         "disability function quality life stroke knee neck shoulder spine clinician trust "
         "communication adherence expectation placebo context survey review measurement").split()
def record(i):
    title = " ".join(rnd.choice(words) for _ in range(rnd.randint(8, 14))).capitalize() + f" {i}"
    ab = " ".join(rnd.choice(words) for _ in range(170)).capitalize() + "."
    au = "\r\n".join(f"AU  - Author{rnd.randint(1, 5000)}, {rnd.choice('ABCDEFGH')}." for _ in range(rnd.randint(1, 6)))
    return (f"TY  - JOUR\r\nTI  - {title}\r\n{au}\r\nPY  - {1990 + i % 35}\r\n"
            f"T2  - Journal {i % 300}\r\nAB  - {ab}\r\nKW  - {rnd.choice(words)}\r\nKW  - {rnd.choice(words)}\r\n"
            f"DO  - 10.5555/scale.{i}\r\nER  - \r\n\r\n")
# Ten files: each holds `per` records, the first fifth repeating records of
# the previous file (duplicates across databases).
for f in range(10):
    with open(f"{work}/db{f}.ris", "w", newline="") as out:
        base = f * per
        for k in range(per):
            i = base + k - per // 5 if (f > 0 and k < per // 5) else base + k
            out.write(record(i))
with open(f"{work}/big.ris", "w", newline="") as out:
    for i in range(5 * per):
        out.write(record(1_000_000 + i))
PY

"$bin" new "$work/one" >/dev/null 2>&1
echo "search add of $((5 * per)) records: $(secs "$bin" search add "$work/big.ris" --into "$work/one" --database Big --date 2026-11-02)"
"$bin" new "$work/rev" >/dev/null 2>&1
for f in 0 1 2 3 4 5 6 7 8; do
  "$bin" search add "$work/db$f.ris" --into "$work/rev" --database "DB$f" --date 2026-11-02 >/dev/null
done
echo "search add of the tenth file ($per records, 90 % of the review already in): $(secs "$bin" search add "$work/db9.ris" --into "$work/rev" --database DB9 --date 2026-11-02)"
echo "$per" > "$work/.size"
fi
# Each run starts from no decisions.
rm -rf "$work/rev/screening"
echo "screening screen (the first open after the searches were added: search add left the cache):"
/usr/bin/time -f "  the whole run: %e s wall, %U + %S s CPU, peak %M KiB" "$figures" "$work/rev" 500
rm -rf "$work/rev/screening" "$work/rev/.litrev"
echo "screening screen with no cache (a fresh clone, or exports changed outside litrev):"
/usr/bin/time -f "  the whole run: %e s wall, %U + %S s CPU, peak %M KiB" "$figures" "$work/rev" 500
rm -rf "$work/rev/screening"
echo "screening screen opened again (no decisions):"
/usr/bin/time -f "  the whole run: %e s wall, %U + %S s CPU, peak %M KiB" "$figures" "$work/rev" 500
rm -rf "$work/rev/screening"
echo "screening screen opened midway (40 000 records decided before):"
"$figures" "$work/rev" --decide 40000
/usr/bin/time -f "  the whole run: %e s wall, %U + %S s CPU, peak %M KiB" "$figures" "$work/rev" 500
rm -rf "$work/rev/screening"
echo "screen status: $(secs "$bin" screen status "$work/rev")"
echo "prisma: $(secs "$bin" prisma "$work/rev")"
echo "load average after: $(cat /proc/loadavg)"
