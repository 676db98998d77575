#!/usr/bin/env bash
# bench/incremental.sh N [RUNS]: how much a second gazette build saves.
#
# For search off and search on, RUNS times (default 5): a cold build into a
# fresh folder, a second build with nothing changed, then a third after one
# article's body text was edited (one paragraph, not the headline, lead,
# date or topics), each into the same folder. Then `gazette serve`: the time
# from saving one article to the reload event on /__gazette/events
# (bench/serve_latency.py), SERVE_TRIALS times (default 10), with search off
# and on.
#
# Environment: SEED, TOPICS, GAZETTE, QUIET_MAX_WAIT, QUIET_CORES,
# QUIET_RETRY, RETRIES as for bench/run.sh; SERVE_TRIALS; BASELINE (another
# gazette binary: a third variant, search on, built and served by it in the
# same rounds, side by side).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

N=${1:?usage: bench/incremental.sh N [RUNS]}
RUNS=${2:-5}
SERVE_TRIALS=${SERVE_TRIALS:-10}
start_run "$N" "$OUT/incremental-$N"
link_site "$CORPUS" "$RUN/site" off
link_site "$CORPUS" "$RUN/site-search" on
VARIANTS="off on"
if [ -n "${BASELINE:-}" ]; then
    cp "$BASELINE" "$BIN/gazette-baseline"
    echo "baseline binary $BASELINE" >> "$RUN/versions.txt"
    VARIANTS="off on base"
fi
# The site and binary of a variant: "base" is the baseline, search on.
site_of() { if [ "$1" = off ]; then echo "$RUN/site"; else echo "$RUN/site-search"; fi; }
bin_of() { if [ "$1" = base ]; then echo "$BIN/gazette-baseline"; else echo "$BIN/gazette"; fi; }

# The articles to edit: one per run, spread over the archive. Each is
# replaced by a copy of its own first, so that the in-place edits below
# never reach the corpus the sites share through hard links.
mapfile -t ARTICLES < <(cd "$RUN/site" && find content -name '*.txt' | sort | awk -v n="$N" -v k="$RUNS" 'NR % int(n / (k + 1) + 1) == 0' | head -n "$RUNS")
for site in site site-search; do
    for a in "${ARTICLES[@]}"; do
        cp "$RUN/$site/$a" "$RUN/$site/$a.tmp" && mv "$RUN/$site/$a.tmp" "$RUN/$site/$a"
    done
done

# Changes the fourth long paragraph of a file (never the headline or lead),
# as serve_latency.py does.
edit_article() {
    python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from serve_latency import edited
text = open(sys.argv[2], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(edited(text, sys.argv[3]))' "$REPO/bench" "$1" "$2"
}

B=$RUN/builds
for r in $(seq 1 "$RUNS"); do
    a=${ARTICLES[$((r - 1))]}
    for variant in $VARIANTS; do
        site=$(site_of "$variant")
        gazette=$(bin_of "$variant")
        out=$B/$variant-$r
        log "round $r, search $variant: editing $a"
        # Only the cold build can be repeated when disturbed (into a fresh
        # folder again); the two after it depend on the folder it left.
        RETRY=1 measure "$RESULTS" "cold-$variant" "$r" "$out" -- "$gazette" build --root "$site" --output "$out" -v
        stages "$STAGES" "cold-$variant" "$r"
        measure "$RESULTS" "unchanged-$variant" "$r" - -- "$gazette" build --root "$site" --output "$out" -v
        stages "$STAGES" "unchanged-$variant" "$r"
        edit_article "$site/$a" "round $r"
        measure "$RESULTS" "one-edit-$variant" "$r" - -- "$gazette" build --root "$site" --output "$out" -v
        stages "$STAGES" "one-edit-$variant" "$r"
        grep -h '^  rendered\|^  output' "$LOGS/one-edit-$variant-$r.err" | sed "s/^/  one-edit-$variant-$r:/" >> "$RUN/notes.txt" || true
    done
done

for variant in $VARIANTS; do
    [ "$SERVE_TRIALS" -gt 0 ] || break
    site=$(site_of "$variant")
    log "gazette serve, search $variant: $SERVE_TRIALS saves of ${ARTICLES[0]}"
    wait_quiet
    python3 "$REPO/bench/serve_latency.py" "$(bin_of "$variant")" "$site" "$site/${ARTICLES[0]}" "$SERVE_TRIALS" \
        | tee "$RUN/serve-$variant.txt" >&2 || log "the serve measurement failed; see $RUN/serve-$variant.txt"
done

python3 - "$RUN" $VARIANTS <<'EOF' | tee "$RUN/summary.txt"
import collections, os, statistics, sys
run, variants = sys.argv[1], sys.argv[2:]
rows = collections.defaultdict(list)
for line in open(os.path.join(run, "results.tsv"), encoding="utf-8"):
    name, r, wall, rss, pages, others, status = line.rstrip("\n").split("\t")
    rows[name].append((float(wall), int(rss), float(others), status))
stages = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(os.path.join(run, "stages.tsv"), encoding="utf-8"):
    name, r, stage, ms = line.rstrip("\n").split("\t")
    stages[name][stage].append(float(ms))
n = os.path.basename(run).removeprefix("incremental-")
print(f"\n== incremental builds, {int(n):,} articles, {len(rows['cold-off'])} runs; medians ==")
print(open(os.path.join(run, "versions.txt")).read().rstrip())
print(f"\n{'':28}{'wall':>10}{'min..max':>16}{'peak RSS':>11}{'vs cold':>9}{'others':>8}")
for variant in variants:
    cold = statistics.median(x[0] for x in rows[f"cold-{variant}"])
    for kind in ("cold", "unchanged", "one-edit"):
        xs = rows[f"{kind}-{variant}"]
        wall = statistics.median(x[0] for x in xs)
        rss = statistics.median(x[1] for x in xs) / 1024
        span = f"{min(x[0] for x in xs):.2f}..{max(x[0] for x in xs):.2f}"
        bad = sum(1 for x in xs if x[3] != "0")
        print(f"{kind + ', search ' + variant:28}{wall:>8.2f} s{span:>16}{rss:>8.0f} MB{wall / cold:>9.2f}{max(x[2] for x in xs):>8.2f}"
              + (f"  ({bad} failed)" if bad else ""))
    print(f"  ratio cold / one-edit (search {variant}): "
          f"{cold / statistics.median(x[0] for x in rows[f'one-edit-{variant}']):.1f}x")
print("\nstages of the one-edit build (median ms):")
for variant in variants:
    st = stages[f"one-edit-{variant}"]
    print(f"  search {variant}: " + ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in st.items()))
print("\nstages of the cold build (median ms):")
for variant in variants:
    st = stages[f"cold-{variant}"]
    print(f"  search {variant}: " + ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in st.items()))
notes = os.path.join(run, "notes.txt")
if os.path.exists(notes):
    print("\nwhat the one-edit builds did:\n" + open(notes).read().rstrip())
for variant in variants:
    serve = os.path.join(run, f"serve-{variant}.txt")
    last = open(serve).read().strip().splitlines() if os.path.exists(serve) else []
    if not last:
        continue
    figs = dict(kv.split("=") for kv in last[-1].split() if "=" in kv)
    if "median_ms" in figs:
        print(f"\ngazette serve (search {variant}): save -> reload event median {figs['median_ms']} ms "
              f"(min {figs['min_ms']}, max {figs['max_ms']}, {figs['trials']} saves); "
              f"server's own rebuild median {figs['rebuild_ms']} ms; first build (start -> URL) "
              f"{figs['startup_s']} s; peak RSS {figs['rss_mb']} MB")
    else:
        print(f"\ngazette serve (search {variant}): " + last[-1])
EOF
