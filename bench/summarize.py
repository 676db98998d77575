#!/usr/bin/env python3
"""Prints the tables of a bench/run.sh run: python3 bench/summarize.py RUN_DIR.

Reads RUN_DIR/results.tsv (name run wall_s max_rss_kb html_pages
other_cores exit) and RUN_DIR/stages.tsv (name run stage ms), written by
bench/lib.sh's measure and stages.
"""

import collections
import os
import statistics
import sys

LABELS = {
    "gazette": "gazette build, search off",
    "baseline": "baseline binary, search off",
    "hugo": "hugo (equivalent site)",
    "gazette-search": "gazette build, search on",
    "cat-inputs": "baseline: cat every input",
    "cp-output": "baseline: cp -r a gazette output",
}
ORDER = ["gazette", "baseline", "hugo", "gazette-search", "cat-inputs", "cp-output"]


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def fmt_s(x):
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def label(name):
    """A row's label: off-10000 is "gazette 10,000, search off"."""
    kind, _, n = name.partition("-")
    if kind in ("off", "search") and n.isdigit():
        return f"gazette {int(n):,}, search {'off' if kind == 'off' else 'on'}"
    return LABELS.get(name, name)


def stage_order(name):
    """off-10000 before off-100000 before search-10000."""
    kind, _, n = name.partition("-")
    return (kind != "off", int(n) if n.isdigit() else 0)


def main():
    run = sys.argv[1]
    rows = collections.defaultdict(list)
    for name, r, wall, rss, pages, others, status in read_tsv(os.path.join(run, "results.tsv")):
        rows[name].append(
            dict(run=int(r), wall=float(wall), rss=int(rss or 0), pages=None if pages == "-" else int(pages),
                 others=float(others), ok=status == "0"))
    stages = collections.defaultdict(lambda: collections.defaultdict(list))
    for name, r, stage, ms in read_tsv(os.path.join(run, "stages.tsv")):
        stages[name][stage].append(float(ms))

    folder = os.path.basename(run.rstrip("/"))
    runs = max((len(v) for v in rows.values()), default=0)
    if folder.startswith("scale-"):
        sizes = [int(x) for x in folder.removeprefix("scale-").split("-")]
        print(f"\n== {sizes[0]:,} and {sizes[1]:,} articles, {runs} runs of each, interleaved; medians ==")
    else:
        sizes = None
        print(f"\n== {int(folder.removeprefix('run-')):,} articles, {runs} runs of each, interleaved; medians ==")
    for extra in ("versions.txt", "prepare.txt"):
        p = os.path.join(run, extra)
        if os.path.exists(p):
            print(open(p, encoding="utf-8").read().rstrip())
    print()
    head = f"{'':34} {'wall (median)':>13} {'min..max':>15} {'peak RSS':>10} {'pages':>8} {'pages/s':>9} {'others':>7}"
    print(head)
    print("-" * len(head))
    med = {}
    for name in ORDER + sorted(set(rows) - set(ORDER), key=stage_order):
        if name not in rows:
            continue
        rs = rows[name]
        ok = [x for x in rs if x["ok"]] or rs
        wall = statistics.median(x["wall"] for x in ok)
        rss = statistics.median(x["rss"] for x in ok)
        pages = ok[-1]["pages"]
        pps = pages / wall if pages else None
        others = max(x["others"] for x in rs)
        failed = len(rs) - len([x for x in rs if x["ok"]])
        med[name] = dict(wall=wall, rss=rss, pages=pages, pps=pps)
        span = f"{min(x['wall'] for x in ok):.2f}..{max(x['wall'] for x in ok):.2f}"
        print(f"{label(name):34} {fmt_s(wall):>13} {span:>15} {rss / 1024:>7.0f} MB "
              f"{(f'{pages:,}' if pages is not None else '-'):>8} {(f'{pps:,.0f}' if pps else '-'):>9} {others:>7.2f}"
              + (f"  ({failed} failed)" if failed else ""))
        if "search" in stages.get(name, {}):
            s = statistics.median(stages[name]["search"]) / 1000
            print(f"{'  of which the search stage (-v)':34} {fmt_s(s):>13}")
    print("(others = most cores used by other processes during any run of the row; near 0 means undisturbed)")

    if sizes:
        small, large = (med.get(f"off-{n}") for n in sizes)
        if small and large:
            ratio = (large["wall"] / sizes[1]) / (small["wall"] / sizes[0])
            print(f"\ntime per article, {sizes[1]:,} vs {sizes[0]:,} (search off; 1 is linear): {ratio:.2f}x"
                  f"   ({1000 * small['wall'] / sizes[0]:.3f} ms vs {1000 * large['wall'] / sizes[1]:.3f} ms)")
    if "gazette" in med and "baseline" in med:
        g, b = med["gazette"], med["baseline"]
        print("\ngazette / baseline binary (search off; above 1 means this build is slower or larger):")
        print(f"  wall time   {g['wall'] / b['wall']:.3f}   ({fmt_s(g['wall'])} vs {fmt_s(b['wall'])})")
        print(f"  peak RSS    {g['rss'] / b['rss']:.3f}   ({g['rss'] / 1024:.0f} MB vs {b['rss'] / 1024:.0f} MB)")
    if "gazette" in med and "hugo" in med:
        g, h = med["gazette"], med["hugo"]
        print("\ngazette / hugo (search off; below 1 means gazette is faster or smaller):")
        print(f"  wall time   {g['wall'] / h['wall']:.2f}   ({fmt_s(g['wall'])} vs {fmt_s(h['wall'])})")
        print(f"  peak RSS    {g['rss'] / h['rss']:.2f}   ({g['rss'] / 1024:.0f} MB vs {h['rss'] / 1024:.0f} MB)")
        if g["pps"] and h["pps"]:
            print(f"  pages/s     {g['pps'] / h['pps']:.2f}   ({g['pps']:,.0f} vs {h['pps']:,.0f}; above 1 means gazette writes pages faster)")
    if "gazette" in med and "cat-inputs" in med and "cp-output" in med:
        base = med["cat-inputs"]["wall"] + med["cp-output"]["wall"]
        print(f"\nbaseline cat + cp = {fmt_s(base)}; gazette build = {med['gazette']['wall'] / base:.1f}x that")

    if stages:
        names = [x for x in ("gazette", "baseline", "gazette-search") if x in stages] or sorted(stages, key=stage_order)
        order = list(dict.fromkeys(s for x in names for s in stages[x]))
        print("\ngazette stages from -v (median ms):")
        print(f"  {'stage':10}" + "".join(f"{x:>16}" for x in names))
        for stage in order:
            cells = []
            for x in names:
                v = stages[x].get(stage)
                cells.append(f"{statistics.median(v):>13.0f} ms" if v else f"{'-':>16}")
            print(f"  {stage:10}" + "".join(cells))
    notes = os.path.join(run, "notes.txt")
    if os.path.exists(notes):
        print("\n" + open(notes, encoding="utf-8").read().rstrip())
    check = os.path.join(run, "check.txt")
    if os.path.exists(check):
        print("\ncorpus check: " + open(check, encoding="utf-8").read().strip().replace("\n", "\n  "))


if __name__ == "__main__":
    main()
