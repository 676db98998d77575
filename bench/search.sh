#!/usr/bin/env bash
# bench/search.sh N: builds a generated archive of N articles with search
# on, serves its output on loopback, runs a query set drawn from the
# archive's own vocabulary in chromium (each query on a cold page), and
# prints requests, bytes and time to first results per query (median and
# max) and recall@10 against an exhaustive BM25 over the whole archive.
# See bench/README.md.
#
# Environment: SEED (1), TOPICS (200), GAZETTE (a gazette binary to measure
# instead of building one), BASELINE (another gazette binary, whose build
# of the same archive is queried the same way, side by side), PAGEFIND
# (Pagefind's CLI binary, from `npm install pagefind`: with BASELINE, a
# third row where it indexes the baseline's article pages as one index,
# queried by the baseline's search page), QUERIES (50), QUERIES_FROM (the
# queries.json of an earlier run over the same archive, used again instead
# of drawing and ranking the queries anew: at 1,000,000 articles that takes
# half an hour),
# CHROMIUM (/usr/bin/chromium).
# Needs chromium, the npm packages of tests/browser (npm ci --prefix
# tests/browser) and Python's snowballstemmer (pip install snowballstemmer).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

N=${1:?usage: bench/search.sh N}
missing=0
command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null || { log "needs chromium: apt-get install chromium"; missing=1; }
[ -d "$REPO/tests/browser/node_modules/playwright-core" ] || { log "needs the npm packages: npm ci --prefix tests/browser"; missing=1; }
python3 -c 'import snowballstemmer' 2>/dev/null || { log "needs snowballstemmer: pip install snowballstemmer"; missing=1; }
[ $missing = 0 ] || exit 1

start_run "$N" "$OUT/search-$N"
link_site "$CORPUS" "$RUN/site" on

ROWS=gazette
if [ -n "${BASELINE:-}" ]; then
    cp "$BASELINE" "$BIN/gazette-baseline"
    echo "baseline binary $BASELINE" >> "$RUN/versions.txt"
    ROWS="gazette baseline"
fi
binary() {
    case $1 in
        baseline) echo "$BIN/gazette-baseline" ;;
        pagefind-cli) echo "$PAGEFIND" ;;
        *) echo "$BIN/gazette" ;;
    esac
}

for row in $ROWS; do
    log "$row: building $N articles with search"
    measure "$RESULTS" "$row" 1 "$RUN/builds/$row" -- \
        "$(binary "$row")" build --root "$RUN/site" --output "$RUN/builds/$row" -v
    stages "$STAGES" "$row" 1
done

if [ -n "${PAGEFIND:-}" ]; then
    [ -n "${BASELINE:-}" ] || { log "PAGEFIND needs BASELINE: the baseline's search page queries Pagefind"; exit 1; }
    log "pagefind-cli: Pagefind's CLI over the baseline's article pages, as one index"
    cp -al "$RUN/builds/baseline" "$RUN/builds/pagefind-cli"
    rm -rf "$RUN/builds/pagefind-cli/pagefind"
    measure "$RESULTS" pagefind-cli 1 - -- \
        "$PAGEFIND" --site "$RUN/builds/pagefind-cli" --glob "articles/**/*.html" --output-subdir pagefind/all
    sed -i 's|data-shards="[^"]*"|data-shards="[\&quot;/pagefind/all/\&quot;]"|' \
        "$RUN/builds/pagefind-cli/search/index.html"
    ROWS="$ROWS pagefind-cli"
fi

if [ -n "${QUERIES_FROM:-}" ]; then
    log "queries of an earlier run over the same archive: $QUERIES_FROM"
    cp "$QUERIES_FROM" "$RUN/queries.json"
else
    log "drawing ${QUERIES:-50} queries and ranking them with BM25 over the archive"
    python3 "$REPO/bench/search_queries.py" "$BIN/gazette" "$RUN/site" --queries "${QUERIES:-50}" --seed "$SEED" \
        > "$RUN/queries.json"
fi

log "running the queries in chromium, each on a cold page of every row in turn: $ROWS"
sites=()
for row in $ROWS; do sites+=("$RUN/builds/$row" "$RUN/browser-$row.jsonl"); done
node "$REPO/bench/search_browser.mjs" "$RUN/queries.json" "${sites[@]}"

{
    for row in $ROWS; do
        index=$RUN/builds/$row/search-index
        [ -d "$index" ] || index=$RUN/builds/$row/pagefind
        echo "== $row: $(binary "$row" | xargs basename)"
        echo "build: $(cat "$LOGS/$row-1.err" "$LOGS/$row-1.out" 2>/dev/null | grep -v '^ *$' | tail -n 1)"
        grep -h 'search' "$LOGS/$row-1.err" | grep -v '^warning' | head -n 3 || true
        echo "index: $(find "$index" -type f | wc -l) files, $(du -sh "$index" | cut -f1)"
        echo
        python3 "$REPO/bench/search_report.py" "$RUN/queries.json" "$RUN/browser-$row.jsonl"
        echo
    done
} | tee "$RUN/summary.txt"
