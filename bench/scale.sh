#!/usr/bin/env bash
# bench/scale.sh SMALL LARGE [RUNS]: does gazette's build time grow linearly
# with the archive? Builds generated archives of SMALL and LARGE articles
# (search off), alternately in one run, RUNS times each (default 3), each
# into a fresh output folder, then once more each with search on; prints
# the median wall time and peak memory of each and the ratio of the time per
# article (LARGE's over SMALL's: 1 is linear). See bench/README.md.
#
# Environment: as bench/run.sh (SEED, TOPICS, GAZETTE, QUIET_*, RETRIES);
# SEARCH=0 leaves out the search-on builds; BUILDS=DIR writes the outputs
# there instead of under the run folder (a tmpfs such as /dev/shm/x takes
# the disk's file system out of the measurement).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SMALL=${1:?usage: bench/scale.sh SMALL LARGE [RUNS]}
LARGE=${2:?usage: bench/scale.sh SMALL LARGE [RUNS]}
RUNS=${3:-3}
start_run "$LARGE" "$OUT/scale-$SMALL-$LARGE"
CORPUS_LARGE=$CORPUS
CORPUS_SMALL=$(corpus "$SMALL" "$BIN")

log "preparing the sites"
for n in "$SMALL" "$LARGE"; do
    corpus_of=CORPUS_SMALL
    [ "$n" = "$LARGE" ] && corpus_of=CORPUS_LARGE
    link_site "${!corpus_of}" "$RUN/site-$n" off
    link_site "${!corpus_of}" "$RUN/search-$n" on
done

# Reads a site's inputs once, untimed, so that every build finds them in
# the page cache (the large corpus may not stay there between rows).
warm() {
    find "$1" -type f -print0 | xargs -0 cat > /dev/null
}

export RETRY=1
B=${BUILDS:-$RUN/builds}
mkdir -p "$B"
build_row() {
    local name=$1 site=$2 r=$3
    warm "$site/content"
    measure "$RESULTS" "$name" "$r" "$B/$name-$r" -- \
        "$BIN/gazette" build --root "$site" --output "$B/$name-$r" -v
    stages "$STAGES" "$name" "$r"
}
for r in $(seq 1 "$RUNS"); do
    log "round $r of $RUNS"
    build_row "off-$SMALL" "$RUN/site-$SMALL" "$r"
    build_row "off-$LARGE" "$RUN/site-$LARGE" "$r"
done
if [ "${SEARCH:-1}" = 1 ]; then
    build_row "search-$SMALL" "$RUN/search-$SMALL" 1
    build_row "search-$LARGE" "$RUN/search-$LARGE" 1
fi

python3 "$REPO/bench/summarize.py" "$RUN" | tee "$RUN/summary.txt"
