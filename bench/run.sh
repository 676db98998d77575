#!/usr/bin/env bash
# bench/run.sh N [RUNS]: builds a generated archive of N articles with
# gazette (search off), Hugo (when installed) and gazette (search on), RUNS
# times each (default 5), interleaved, each into a fresh output folder, plus
# the baselines `cat` of every input and `cp -r` of an output; then prints a
# table. See bench/README.md.
#
# Environment: SEED (1), TOPICS (200), GAZETTE (a gazette binary to measure
# instead of building one), BASELINE (another gazette binary, measured the
# same way as the search-off row, interleaved with it: the ratio of the two
# is the change's cost), CHECK (1: compare the corpus with
# `gazette inspect --json` before timing; 0 skips it), HUGO (0 skips Hugo),
# ONLY (a space-separated subset of the rows: cat-inputs gazette hugo
# gazette-search cp-output), QUIET_MAX_WAIT / QUIET_CORES / QUIET_RETRY /
# RETRIES (see lib.sh: a run disturbed by other processes is repeated into a
# fresh folder).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

N=${1:?usage: bench/run.sh N [RUNS]}
RUNS=${2:-5}
start_run "$N" "$OUT/run-$N"

if [ "${CHECK:-1}" = 1 ]; then
    log "checking that gazette reads the corpus as generated"
    python3 "$REPO/bench/check_corpus.py" "$BIN/gazette" "$CORPUS" | tee "$RUN/check.txt" >&2 || log "the corpus check found differences: see $RUN/check.txt"
fi

log "preparing the sites"
link_site "$CORPUS" "$RUN/site" off
link_site "$CORPUS" "$RUN/site-search" on
HAVE_HUGO=0
if [ "${HUGO:-1}" = 1 ] && command -v hugo >/dev/null; then
    HAVE_HUGO=1
    t0=$EPOCHREALTIME
    python3 "$REPO/bench/to_hugo.py" "$RUN/site" "$RUN/hugo-site"
    echo "hugo conversion: $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}') s" > "$RUN/prepare.txt"
else
    log "hugo is not installed (apt-get install hugo): skipping it"
fi
# Reads every input of a row (untimed) before it runs, so that every build
# finds its inputs in the page cache: at 100,000 articles Hugo's 16 GB push
# the corpus out of the cache, and the row after it would read from disk.
warm() {
    find "$1" -type f -print0 | xargs -0 cat > /dev/null
}

ONLY=${ONLY:-cat-inputs gazette baseline hugo gazette-search cp-output}
if [ -n "${BASELINE:-}" ]; then
    cp "$BASELINE" "$BIN/gazette-baseline"
    echo "baseline binary $BASELINE" >> "$RUN/versions.txt"
fi
want() { [[ " $ONLY " == *" $1 "* ]]; }
# Every row writes into a fresh folder, so a disturbed run can be repeated.
export RETRY=1
B=$RUN/builds
for r in $(seq 1 "$RUNS"); do
    log "round $r of $RUNS"
    if want cat-inputs; then
        warm "$RUN/site/content"
        measure "$RESULTS" cat-inputs "$r" - -- \
            sh -c 'find "$1" -type f -print0 | xargs -0 cat > /dev/null' sh "$RUN/site/content"
    fi
    if want gazette || want cp-output; then
        warm "$RUN/site/content"
        measure "$RESULTS" gazette "$r" "$B/gazette-$r" -- \
            "$BIN/gazette" build --root "$RUN/site" --output "$B/gazette-$r" -v
        stages "$STAGES" gazette "$r"
    fi
    if want baseline && [ -n "${BASELINE:-}" ]; then
        warm "$RUN/site/content"
        measure "$RESULTS" baseline "$r" "$B/baseline-$r" -- \
            "$BIN/gazette-baseline" build --root "$RUN/site" --output "$B/baseline-$r" -v
        stages "$STAGES" baseline "$r"
    fi
    if want hugo && [ "$HAVE_HUGO" = 1 ]; then
        warm "$RUN/hugo-site/content"
        measure "$RESULTS" hugo "$r" "$B/hugo-$r" -- \
            hugo --source "$RUN/hugo-site" --destination "$B/hugo-$r" --quiet
    fi
    if want gazette-search; then
        warm "$RUN/site-search/content"
        measure "$RESULTS" gazette-search "$r" "$B/search-$r" -- \
            "$BIN/gazette" build --root "$RUN/site-search" --output "$B/search-$r" -v
        stages "$STAGES" gazette-search "$r"
    fi
    if want cp-output; then
        measure "$RESULTS" cp-output "$r" "$B/cp-$r" -- cp -r "$B/gazette-$r" "$B/cp-$r"
    fi
done

# What each build said about itself, from the last round.
{
    echo "gazette (search off): $(tail -n 1 "$LOGS/gazette-$RUNS.err")"
    want gazette-search && echo "gazette (search on):  $(tail -n 1 "$LOGS/gazette-search-$RUNS.err")"
    grep -h '^  rendered\|^  output' "$LOGS/gazette-$RUNS.err" | sed 's/^/  off: /'
    want gazette-search && grep -h '^  rendered\|^  output' "$LOGS/gazette-search-$RUNS.err" | sed 's/^/  on:  /'
    echo "warnings by kind (search off, last round):"
    grep '^warning' "$LOGS/gazette-$RUNS.err" | sed -E 's/^warning: [^:]+(:[0-9]+)?: //; s/"[^"]*"/"…"/g; s#/articles/[^ ]*#/articles/…#g' \
        | sort | uniq -c | sort -rn | head -n 8
    echo "output sizes (last round):"
    du -sh "$B/gazette-$RUNS" "$B/search-$RUNS" 2>/dev/null
    [ "$HAVE_HUGO" = 1 ] && du -sh "$B/hugo-$RUNS"
} > "$RUN/notes.txt" 2>&1 || true

python3 "$REPO/bench/summarize.py" "$RUN" | tee "$RUN/summary.txt"
