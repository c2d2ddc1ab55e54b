#!/usr/bin/env python3
"""The peer of `litrev import` in scripts/import-bench.sh: reads a RIS file
with rispy and writes one TOML file per record (title, authors, year,
journal, volume, issue, pages, DOI, URL, abstract, keywords) into a folder,
named after the first author and year as litrev names its study files.
Plain writes: no fsync (litrev syncs every file it writes).
Usage: rispy_peer.py FILE.ris OUTDIR"""
import json
import os
import re
import sys

import rispy


def q(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(src, encoding="utf-8") as f:
        entries = rispy.load(f)
    used = set()
    for e in entries:
        authors = e.get("authors") or e.get("first_authors") or []
        year = re.search(r"\d{4}", e.get("year") or e.get("publication_year") or "")
        year = year.group(0) if year else ""
        family = re.sub(r"[^a-z]", "", (authors[0].split(",")[0] if authors else "study").lower()) or "study"
        base = f"{family}-{year}" if year else family
        ident, n = base, 1
        while ident in used:
            n += 1
            ident = f"{base}{chr(ord('a') + n - 1) if n <= 26 else n}"
        used.add(ident)
        lines = [f"id = {q(ident)}", f"title = {q(' '.join((e.get('title') or e.get('primary_title') or '').split()))}"]
        lines.append("authors = [" + ", ".join(q(a) for a in authors) + "]")
        if year:
            lines.append(f"year = {year}")
        for key, field in [("journal", "secondary_title"), ("volume", "volume"), ("issue", "number"),
                           ("doi", "doi"), ("url", "url")]:
            v = e.get(field)
            if isinstance(v, list):
                v = v[0] if v else None
            if v:
                lines.append(f"{key} = {q(' '.join(str(v).split()))}")
        sp, ep = e.get("start_page"), e.get("end_page")
        if sp:
            lines.append(f"pages = {q(sp + ('-' + ep if ep else ''))}")
        if e.get("abstract"):
            lines.append(f"abstract = {q(' '.join(e['abstract'].split()))}")
        if e.get("keywords"):
            lines.append("keywords = [" + ", ".join(q(k) for k in e["keywords"]) + "]")
        with open(os.path.join(out, ident + ".toml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
