#!/usr/bin/env bash
# bench/records.sh N [RUNS]: the same N generated articles built from .txt
# files and from one JSON Lines file (bench/to_jsonl.py), alternately in one
# run, RUNS times each (default 3), search off, each into a fresh output
# folder; prints the medians and the ratios (JSON Lines over .txt) of wall
# time and peak memory. See bench/README.md.
#
# Environment: as bench/run.sh (SEED, TOPICS, GAZETTE, QUIET_*, RETRIES).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

N=${1:?usage: bench/records.sh N [RUNS]}
RUNS=${2:-3}
start_run "$N" "$OUT/records-$N"

log "preparing the sites"
link_site "$CORPUS" "$RUN/txt" off
python3 "$REPO/bench/to_jsonl.py" "$RUN/txt" "$RUN/jsonl"

warm() {
    find "$1" -type f -print0 | xargs -0 cat > /dev/null
}

export RETRY=1
B=$RUN/builds
for r in $(seq 1 "$RUNS"); do
    log "round $r of $RUNS"
    for kind in txt jsonl; do
        warm "$RUN/$kind/content"
        measure "$RESULTS" "$kind" "$r" "$B/$kind-$r" -- \
            "$BIN/gazette" build --root "$RUN/$kind" --output "$B/$kind-$r" -v
        stages "$STAGES" "$kind" "$r"
    done
done

python3 - "$RESULTS" "$N" <<'PY' | tee "$RUN/summary.txt"
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, run, wall, rss, pages, others, status = line.rstrip("\n").split("\t")
    rows[name].append((float(wall), int(rss or 0), pages, float(others)))
n = int(sys.argv[2])
print(f"\n== {n:,} articles as .txt files and as one JSON Lines file, {len(rows['txt'])} runs each, interleaved; medians ==")
med = {}
for name in ("txt", "jsonl"):
    wall = statistics.median(r[0] for r in rows[name])
    rss = statistics.median(r[1] for r in rows[name])
    med[name] = (wall, rss)
    print(f"{name:6} wall {wall:8.2f} s   peak RSS {rss / 1024:7.0f} MB   pages {rows[name][-1][2]:>8}   others {max(r[3] for r in rows[name]):.2f}")
print(f"JSON Lines / .txt: wall {med['jsonl'][0] / med['txt'][0]:.2f}, peak RSS {med['jsonl'][1] / med['txt'][1]:.2f}")
PY
