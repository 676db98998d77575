#!/usr/bin/env python3
"""Compares what gen_corpus meant (DIR/expected.jsonl, from --manifest) with
what gazette reads (`gazette inspect --json --root DIR DIR/content`).

    python3 bench/check_corpus.py GAZETTE DIR [--sample N]

Checks every article: title (not derived), date, topics, byline authors and
role, figures (credit and caption, in order), and each related-headline run
(one related block per run, each headline linked when it names an article of
the archive, to an article with that very title, and plain text otherwise).
Prints a count of every kind of mismatch and up to --sample examples of each;
exits 1 when anything differs.
"""

import collections
import json
import subprocess
import os
import sys


def main():
    args = sys.argv[1:]
    sample = 3
    if "--sample" in args:
        at = args.index("--sample")
        sample = int(args[at + 1])
        del args[at : at + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    gazette, root = os.path.abspath(args[0]), args[1]
    expected = {}
    with open(f"{root}/expected.jsonl", encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            expected[e["path"]] = e

    proc = subprocess.run(
        [gazette, "inspect", "--json", "--root", root, "content"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    got = {}
    for line in proc.stdout.splitlines():
        a = json.loads(line)
        got[a["path"]] = a
    if proc.returncode != 0:
        print(f"inspect exited {proc.returncode}: {proc.stderr.strip()[:500]}")

    # Every URL an exact title leads to (duplicated titles have several).
    urls_of_title = collections.defaultdict(set)
    for a in got.values():
        urls_of_title[a["title"]].add(a["url"])

    problems = collections.defaultdict(list)

    def bad(kind, path, detail):
        problems[kind].append(f"{path}: {detail}")

    counts = collections.Counter()
    for path, e in expected.items():
        a = got.get(path)
        if a is None:
            bad("missing from inspect", path, "")
            continue
        if "error" in a:
            bad("not loaded", path, a["error"])
            continue
        counts["articles"] += 1
        if a["title"] != e["title"] or a["title_derived"]:
            bad("title", path, f"{a['title']!r} (derived={a['title_derived']}) != {e['title']!r}")
        date = (a["date"] or "")[:10] or None
        if date != e["date"]:
            bad("date", path, f"{a['date']!r} != {e['date']!r}")
        if a["topics"] != e["topics"]:
            bad("topics", path, f"{a['topics']} != {e['topics']}")
        if a["authors"] != e["authors"] or a["role"] != e["role"]:
            bad("byline", path, f"{a['authors']} / {a['role']!r} != {e['authors']} / {e['role']!r}")
        figures = [(b["credit"], b["caption"]) for b in a["blocks"] if b["kind"] == "figure"]
        counts["figures"] += len(figures)
        if figures != [(f["credit"], f["caption"]) for f in e["figures"]]:
            bad("figures", path, f"{figures} != {e['figures']}")
        if any(b["kind"] == "list" for b in a["blocks"]):
            bad("unexpected list block", path, "")
        related = [b for b in a["blocks"] if b["kind"] == "related"]
        if len(related) != len(e["related"]):
            bad("related run count", path, f"{len(related)} != {len(e['related'])}")
            continue
        for block, run in zip(related, e["related"]):
            if [i["text"] for i in block["items"]] != [r["text"] for r in run]:
                bad("related items", path, f"{block['items']} != {run}")
                continue
            for item, r in zip(block["items"], run):
                counts["related items"] += 1
                if r["exists"]:
                    counts["resolved"] += 1
                    if item["url"] not in urls_of_title[r["text"]]:
                        bad("related link", path, f"{item['text']!r} -> {item['url']!r}")
                elif item["url"] is not None:
                    bad("link for a missing headline", path, f"{item['text']!r} -> {item['url']!r}")
    extra = set(got) - set(expected)
    for path in sorted(extra)[:sample]:
        bad("not generated", path, "")

    print(
        f"checked {counts['articles']} articles: {counts['figures']} figures, "
        f"{counts['related items']} related headlines ({counts['resolved']} naming an article)"
    )
    if not problems:
        print("every article parsed as generated")
        return 0
    for kind, items in sorted(problems.items()):
        print(f"{kind}: {len(items)}")
        for item in items[:sample]:
            print(f"  {item}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
