#!/usr/bin/env bash
# Ranking quality and speed of `litrev screen simulate` on a folder of
# labelled CSVs such as the Cohen et al. 2006 drug class reviews (columns
# title, abstract, keywords and a label column, default label_included):
# every file, three seeds, the default model and naive Bayes. Writes the
# table into docs/performance.md (between the screening-bench markers) and
# prints it.
# Usage: scripts/screening-bench.sh DIR [LABEL_COLUMN]. Needs python3 and
# /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/screening-bench.sh DIR [LABEL_COLUMN]}
labels=${2:-label_included}
cargo build --release --quiet --bin litrev
bin=$PWD/target/release/litrev
work=$(mktemp -d -p "${TMPDIR:-/tmp}")
trap 'rm -rf "$work"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
shopt -s nullglob
files=("$dir"/*.csv)
[ ${#files[@]} -gt 0 ] || { echo "no .csv files in $dir" >&2; exit 2; }
for f in "${files[@]}"; do
  name=$(basename "$f" .csv)
  for model in default nb; do
    for seed in 1 2 3; do
      /usr/bin/time -f '%M %U %S %e' -o "$work/$name.$model.$seed.time" \
        "$bin" screen simulate "$f" --labels "$labels" --seed "$seed" --model "$model" \
        --format json >"$work/$name.$model.$seed.json"
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$work" "$load_before" "$load_after" "$dir" "$labels" <<'PY'
import json, pathlib, re, statistics, sys, datetime
work, before, after, data_dir, labels = sys.argv[1:6]
runs = {}
for p in sorted(pathlib.Path(work).glob("*.json")):
    name, model, seed = p.stem.rsplit(".", 2)
    j = json.loads(p.read_text())
    peak_kb, user, system, wall = pathlib.Path(work, p.stem + ".time").read_text().split()[-4:]
    j["peak_mib"] = int(peak_kb) / 1024
    j["wall"] = float(wall)
    j["cpu"] = float(user) + float(system)
    runs.setdefault(name, {}).setdefault(model, []).append(j)
mean = statistics.mean
rows = []
for name, models in runs.items():
    d, nb = models["default"], models["nb"]
    rec10 = lambda j: j["recall"][1]["recall"]
    step_ms = lambda j: 1000 * j["steps_seconds"] / max(j["steps"], 1)
    rows.append((name, d[0]["records"], d[0]["includes"],
                 mean(j["wss_95"] for j in d), " ".join(f'{j["wss_95"]:.3f}' for j in d),
                 mean(j["wss_100"] for j in d), mean(rec10(j) for j in d),
                 mean(j["wss_95"] for j in nb),
                 mean(step_ms(j) for j in d), mean(j["wall"] for j in d),
                 mean(j["cpu"] for j in d), max(j["peak_mib"] for j in d)))
out = []
out.append(f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, load average {before} before and {after} after, labels `{labels}`, seeds 1, 2, 3, one random prior include and one random prior exclude (the defaults).")
out.append("")
out.append("| dataset | records | includes | WSS@95 (mean) | WSS@95 per seed | WSS@100 | recall@10 % | naive Bayes WSS@95 | ms per step | wall s | CPU s | peak MiB |")
out.append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    out.append(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.3f} | {r[4]} | {r[5]:.3f} | {r[6]:.3f} | {r[7]:.3f} | {r[8]:.2f} | {r[9]:.2f} | {r[10]:.2f} | {r[11]:.0f} |")
if rows:
    out.append(f"| mean | | | {mean(r[3] for r in rows):.3f} | | {mean(r[5] for r in rows):.3f} | {mean(r[6] for r in rows):.3f} | {mean(r[7] for r in rows):.3f} | | | | |")
table = "\n".join(out)
print(table)
doc = pathlib.Path("docs/performance.md")
text = doc.read_text()
start, end = "<!-- screening-bench:start -->", "<!-- screening-bench:end -->"
block = f"{start}\n{table}\n{end}"
if start in text and end in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
doc.write_text(text)
PY
