#!/usr/bin/env python3
"""Turns a gen_corpus archive into a Hugo site, for bench/run.sh.

    python3 bench/to_hugo.py SITE_DIR HUGO_DIR

Writes HUGO_DIR/hugo.toml and HUGO_DIR/layouts/ (copied from bench/hugo/)
and, for every SITE_DIR/content/**/X.txt, HUGO_DIR/content/**/X.md with TOML
front matter (title, date, topics as the `topics` taxonomy) and the scraped
body as the content.

It reads the shapes gen_corpus writes, not every shape gazette reads: front
matter (title, date, topics), the headline line, a `Published <day> <Month>
<year>` line, the `Related Topics` bullet block, and the chrome lines
`Skip to content` and `Share`. Those become front matter and leave the body;
every other line (bylines, image labels, related-headline bullets) stays in
the body as text, so Hugo renders roughly the same amount of text gazette
does. Topics from front matter and from the block are merged, ignoring case.
"""

import datetime
import json
import os
import re
import shutil
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
CHROME = {"skip to content", "share"}
PUBLISHED = re.compile(r"^Published (\d{1,2}) ([A-Z][a-z]+) (\d{4})$")
MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November December".split())}
BULLET = re.compile(r"^\s*[•▪–-] (.*)$")


def toml_value(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        s = v.isoformat()
        return s.replace("+00:00", "Z")
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    # A JSON string is a valid TOML basic string.
    return json.dumps(v, ensure_ascii=False)


def convert(text):
    fm = {}
    lines = text.split("\n")
    if lines and lines[0] == "+++":
        end = lines.index("+++", 1)
        fm = tomllib.loads("\n".join(lines[1:end]))
        lines = lines[end + 1:]
    title = fm.get("title")
    date = fm.get("date")
    topics = list(fm.get("topics", []))
    body = []
    i = 0
    seen_title = False
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.lower() in CHROME:
            i += 1
            continue
        if not seen_title and stripped:
            seen_title = True
            if title is None:
                title = stripped
            if stripped == title:
                i += 1
                continue
        m = PUBLISHED.match(stripped)
        if m:
            if date is None:
                date = datetime.date(int(m[3]), MONTHS[m[2]], int(m[1]))
            i += 1
            continue
        if stripped.lower() == "related topics":
            i += 1
            while i < len(lines) and (not lines[i].strip() or BULLET.match(lines[i])):
                b = BULLET.match(lines[i])
                if b:
                    topics.append(b[1].strip())
                i += 1
            continue
        body.append(line)
        i += 1
    merged, seen = [], set()
    for t in topics:
        if t.lower() not in seen:
            seen.add(t.lower())
            merged.append(t)
    out = ["+++", f"title = {toml_value(title or '')}"]
    if date is not None:
        out.append(f"date = {toml_value(date)}")
    if merged:
        out.append(f"topics = {toml_value(merged)}")
    out.append("+++")
    while body and not body[0].strip():
        body.pop(0)
    return "\n".join(out) + "\n" + "\n".join(body).rstrip("\n") + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    site, dest = sys.argv[1], sys.argv[2]
    if os.path.exists(os.path.join(dest, "content")):
        sys.exit(f"{dest}/content exists; give a fresh folder")
    os.makedirs(dest, exist_ok=True)
    shutil.copy(os.path.join(HERE, "hugo", "hugo.toml"), os.path.join(dest, "hugo.toml"))
    shutil.copytree(os.path.join(HERE, "hugo", "layouts"), os.path.join(dest, "layouts"))
    src_root = os.path.join(site, "content")
    count = 0
    for folder, dirs, files in os.walk(src_root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(folder, src_root)
        out_folder = os.path.join(dest, "content", rel)
        os.makedirs(out_folder, exist_ok=True)
        for name in sorted(files):
            if not name.endswith(".txt") or name.startswith("."):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            with open(os.path.join(out_folder, name[:-4] + ".md"), "w", encoding="utf-8") as f:
                f.write(convert(text))
            count += 1
    print(f"converted {count} articles into {dest}/content", file=sys.stderr)


if __name__ == "__main__":
    main()
