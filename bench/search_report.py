#!/usr/bin/env python3
"""Holds what the browser found (bench/search_browser.mjs, a JSON line per
query) against the exhaustive BM25 of bench/search_queries.py, and prints a
row per query and the summary: requests, bytes and time to first results
(median and max), recall@10 (the share of BM25's top 10 that the page's top
10 holds, over the queries that match anything) and whether every word of
a single article finds it.

    python3 bench/search_report.py queries.json browser.jsonl [--require-recall R]

With --require-recall (the CI suite), it exits 1 when the mean recall@10 is
below R, a word of a single article does not find it, or the query set
has no such word to check.
"""

import json
import statistics
import sys


def main():
    args = sys.argv[1:]
    required = None
    if "--require-recall" in args:
        at = args.index("--require-recall")
        required = float(args[at + 1])
        del args[at : at + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    expected = json.load(open(args[0], encoding="utf-8"))
    seen = [json.loads(line) for line in open(args[1], encoding="utf-8") if line.strip()]
    by_query = {s["q"]: s for s in seen}
    rows, recalls, singles, single_found = [], [], 0, 0
    for q in expected["queries"]:
        s = by_query.get(q["q"])
        if s is None:
            sys.exit(f"the browser has no result for {q['q']!r}")
        truth = q["top10"]
        recall = len(set(truth) & set(s["top10"])) / len(truth) if truth else None
        if recall is not None:
            recalls.append(recall)
        if q["kind"] == "df=1" and truth:
            singles += 1
            single_found += truth[0] in s["top10"]
        rows.append((q["q"], q["kind"], q["matches"], s["requests"], s["bytes"], s["ms"], recall))

    print(f"{'query':<28} {'kind':<10} {'matches':>7} {'requests':>8} {'KB':>8} {'ms':>6} {'recall@10':>9}")
    for q, kind, matches, requests, size, ms, recall in rows:
        r = "-" if recall is None else f"{recall:.2f}"
        print(f"{q[:28]:<28} {kind:<10} {matches:>7} {requests:>8} {size / 1024:>8.1f} {ms:>6} {r:>9}")
    print()
    print(f"{expected['documents']:,} articles, {len(rows)} queries")
    pages = [s["page"] for s in seen if "page" in s]
    for name, values, unit in (
        ("requests per query", [r[3] for r in rows], ""),
        ("bytes per query", [r[4] / 1024 for r in rows], " KB"),
        ("first results", [r[5] for r in rows], " ms"),
        ("page loaded", pages, " ms"),
    ):
        if not values:
            continue
        print(f"  {name:<20} median {statistics.median(values):>8.1f}{unit}   max {max(values):>8.1f}{unit}")
    if recalls:
        print(f"  recall@10            mean {statistics.mean(recalls):.3f} over {len(recalls)} queries that match")
    if singles:
        print(f"  single-article words found: {single_found} of {singles}")
    else:
        print("  single-article words: none in this query set (no word of the archive is in one article only)")
    if required is not None:
        mean = statistics.mean(recalls) if recalls else 0.0
        failures = []
        if mean < required or not recalls:
            failures.append(f"recall@10 {mean:.3f} (at least {required} wanted)")
        if not singles:
            failures.append("no single-article word in the query set to check")
        elif single_found < singles:
            failures.append(f"{single_found} of {singles} single-article words found")
        if failures:
            sys.exit("FAILED: " + "; ".join(failures))


if __name__ == "__main__":
    main()
