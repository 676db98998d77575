#!/usr/bin/env python3
"""Turns a gen_corpus archive into the same articles as one JSON Lines file,
for bench/records.sh.

    python3 bench/to_jsonl.py SITE_DIR OUT_SITE_DIR

Writes OUT_SITE_DIR/site.toml (SITE_DIR's) and OUT_SITE_DIR/content/articles.jsonl:
one record per SITE_DIR/content/**/X.txt, in path order, with "id" (the file's
stem, so permalinks by {stem} stay the same), the TOML front matter's title,
date (ISO 8601) and topics when it has them, and "text": the scraped text after
the front matter, exactly as the file holds it. The file is streamed out, one
record at a time.
"""

import json
import os
import sys
import tomllib


def records(content):
    for folder, dirs, files in os.walk(content):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            record = {"id": name[:-4]}
            if text.startswith("+++\n"):
                head, _, text = text[4:].partition("\n+++\n")
                meta = tomllib.loads(head)
                for key in ("title", "topics"):
                    if key in meta:
                        record[key] = meta[key]
                if "date" in meta:
                    record["date"] = meta["date"].isoformat()
            record["text"] = text
            yield record


def main():
    site, out = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "content"), exist_ok=True)
    with open(os.path.join(site, "site.toml"), encoding="utf-8") as f, \
            open(os.path.join(out, "site.toml"), "w", encoding="utf-8") as g:
        g.write(f.read())
    n = 0
    with open(os.path.join(out, "content", "articles.jsonl"), "w", encoding="utf-8") as f:
        for record in records(os.path.join(site, "content")):
            f.write(json.dumps(record, ensure_ascii=False))
            f.write("\n")
            n += 1
    print(f"wrote {n} records", file=sys.stderr)


if __name__ == "__main__":
    main()
