# Shared by bench/run.sh and bench/incremental.sh; sourced, not run.
#
# Conventions: REPO is the repository, OUT is bench/out (git-ignored). Nothing
# here deletes a folder: old runs are moved aside to OUT/old-<timestamp>,
# because large rm -rf on this machine's journal-less ext4 slows later file
# creation for minutes.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$REPO/bench/out
SEED=${SEED:-1}
TOPICS=${TOPICS:-200}
# How long to wait for other processes (a compile next door) to go quiet
# before each timed command, and what counts as quiet (cores busy with
# anything else, averaged over one second).
QUIET_MAX_WAIT=${QUIET_MAX_WAIT:-900}
QUIET_CORES=${QUIET_CORES:-0.25}
HZ=$(getconf CLK_TCK)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Moves an existing folder aside to OUT/old-<timestamp>/.
move_aside() {
    local dir=$1
    if [ -e "$dir" ]; then
        local old
        old=$OUT/old-$(date +%Y%m%d-%H%M%S)
        mkdir -p "$old"
        mv "$dir" "$old/"
        log "moved the previous $(basename "$dir") aside to $old/"
    fi
}

# Builds gazette and the generator (cargo waits for the other engineer's
# build lock), then copies both binaries into $1/bin, so that a rebuild next
# door cannot swap the binary in the middle of a benchmark. GAZETTE=path
# measures that binary instead of building one.
build_binaries() {
    local bin=$1/bin
    mkdir -p "$bin"
    if [ -n "${GAZETTE:-}" ]; then
        cp "$GAZETTE" "$bin/gazette"
    else
        log "cargo build --release (gazette)"
        (cd "$REPO" && cargo build --release --quiet --bin gazette)
        cp "$REPO/target/release/gazette" "$bin/gazette"
    fi
    log "cargo build --release --example gen_corpus"
    (cd "$REPO" && cargo build --release --quiet --example gen_corpus)
    cp "$REPO/target/release/examples/gen_corpus" "$bin/gen_corpus"
    {
        if [ -n "${GAZETTE:-}" ]; then
            # A binary copied by an earlier run says where it came from.
            local from
            from=$(dirname "$GAZETTE")/../versions.txt
            echo "gazette binary $GAZETTE$([ -f "$from" ] && echo ", $(head -n 1 "$from")")"
        else
            echo "commit $(cd "$REPO" && git rev-parse --short HEAD)$( (cd "$REPO" && git diff --quiet HEAD -- src templates static Cargo.toml) || echo ' (working tree differs from it)')"
        fi
        "$bin/gazette" --version
        command -v hugo >/dev/null && hugo version
    } > "$1/versions.txt" 2>&1 || true
}

# Generates (once) the corpus for N articles and echoes its folder:
# OUT/corpus-N-sSEED-tTOPICS, holding site.toml (search off), content/ and
# expected.jsonl. It is reused while the generator's source is unchanged
# (a stamp holds its hash), so a 100,000-article corpus is written once for
# both scripts. Benchmarks never write into it: they hard-link it.
corpus() {
    local n=$1 bin=$2
    local dir=$OUT/corpus-$n-s$SEED-t$TOPICS
    local stamp
    stamp="$(sha256sum "$REPO/examples/gen_corpus.rs" | cut -c1-16) $n $SEED $TOPICS"
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
        log "reusing the corpus in $dir"
    else
        move_aside "$dir"
        log "generating $n articles into $dir"
        local t0=$EPOCHREALTIME
        "$bin/gen_corpus" --articles "$n" --topics "$TOPICS" --seed "$SEED" --out "$dir" --site-toml --no-search --manifest >&2
        log "generated in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}') s"
        echo "$stamp" > "$dir/.stamp"
    fi
    echo "$dir"
}

# A site folder at $2 that shares the corpus's article files (hard links,
# no copy), with its own site.toml: "off" or "on" for search.
# Starts a run folder RUN (an earlier one is moved aside): sets LOGS,
# RESULTS, STAGES, BIN (the binaries, copied in) and CORPUS (N articles).
start_run() {
    local n=$1
    RUN=$2
    mkdir -p "$OUT"
    move_aside "$RUN"
    mkdir -p "$RUN/builds" "$RUN/logs"
    LOGS=$RUN/logs
    RESULTS=$RUN/results.tsv
    STAGES=$RUN/stages.tsv
    : > "$RESULTS"
    : > "$STAGES"
    build_binaries "$RUN"
    BIN=$RUN/bin
    CORPUS=$(corpus "$n" "$BIN")
}

link_site() {
    local corpus=$1 dest=$2 search=$3
    mkdir -p "$dest"
    cp -al "$corpus/content" "$dest/content"
    if [ "$search" = on ]; then
        grep -v -e '^\[search\]' -e '^enabled = false' "$corpus/site.toml" > "$dest/site.toml"
    else
        cp "$corpus/site.toml" "$dest/site.toml"
    fi
}

# Busy jiffies of the whole machine (all cores) so far.
busy_jiffies() {
    awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat
}

# Cores kept busy by everything, averaged over one second.
busy_cores() {
    local a b
    a=$(busy_jiffies)
    sleep 1
    b=$(busy_jiffies)
    awk -v a="$a" -v b="$b" -v hz="$HZ" 'BEGIN{printf "%.2f", (b-a)/hz}'
}

# Waits (up to QUIET_MAX_WAIT seconds) until the machine is quiet.
wait_quiet() {
    local waited=0 cores
    while :; do
        cores=$(busy_cores)
        if awk -v c="$cores" -v q="$QUIET_CORES" 'BEGIN{exit !(c <= q)}'; then
            return 0
        fi
        if [ "$waited" -ge "$QUIET_MAX_WAIT" ]; then
            log "still busy ($cores cores in use by others) after ${waited}s; measuring anyway"
            return 0
        fi
        [ "$waited" -eq 0 ] && log "waiting for the machine to go quiet ($cores cores busy)"
        sleep 9
        waited=$((waited + 10))
    done
}

# measure RESULTS NAME RUN PAGES_DIR -- command...
# Runs the command under /usr/bin/time -v after waiting for quiet, flushes
# its writes (sync, untimed), and appends one line to RESULTS:
#   name run wall_s max_rss_kb html_pages other_cores exit_status
# wall is measured by the shell around the command (nanoseconds); RSS is
# /usr/bin/time's "Maximum resident set size" (the largest process of the
# tree, in KB); html_pages counts .html files under PAGES_DIR ("-" for none);
# other_cores is the CPU used by anything else during the run, in cores, to
# flag runs disturbed by a compile next door. Output goes to LOGS/NAME-RUN.*.
#
# A run of a second or more that something else disturbed (other_cores
# above QUIET_RETRY, 0.3) is repeated, up to RETRIES (2) times, when the
# caller says it can be: with RETRY=1 in the environment of the call. PAGES_DIR (when not "-") is then
# moved aside to PAGES_DIR.disturbed-K first, so that the repeat writes into
# a fresh folder again; the disturbed line goes to RESULTS.disturbed and its
# logs keep a .disturbed-K suffix.
measure() {
    local results=$1 name=$2 run=$3 pages_dir=$4
    shift 5
    local attempt=1
    while :; do
        measure_once "$results" "$name" "$run" "$pages_dir" "$@"
        local others wall
        others=$(tail -n 1 "$results" | cut -f6)
        wall=$(tail -n 1 "$results" | cut -f3)
        # Below a second, 10 ms jiffies make other_cores mere noise.
        if [ "${RETRY:-0}" = 1 ] && [ "$attempt" -le "${RETRIES:-2}" ] &&
            awk -v o="$others" -v w="$wall" -v q="${QUIET_RETRY:-0.3}" 'BEGIN{exit !(o > q && w >= 1)}'; then
            log "$name run $run was disturbed ($others cores used by others); repeating it"
            tail -n 1 "$results" >> "$results.disturbed"
            sed -i '$d' "$results"
            local f
            for f in "$LOGS/$name-$run".*; do
                case $f in *.disturbed-*) ;; *) mv "$f" "$f.disturbed-$attempt" ;; esac
            done
            [ "$pages_dir" != - ] && [ -e "$pages_dir" ] && mv "$pages_dir" "$pages_dir.disturbed-$attempt"
            attempt=$((attempt + 1))
            continue
        fi
        return 0
    done
}

measure_once() {
    local results=$1 name=$2 run=$3 pages_dir=$4
    shift 4
    local base=$LOGS/$name-$run
    wait_quiet
    local j0 j1 t0 t1 status=0
    j0=$(busy_jiffies)
    t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$base.time" "$@" > "$base.out" 2> "$base.err" || status=$?
    t1=$EPOCHREALTIME
    j1=$(busy_jiffies)
    sync
    local rss user sys pages=-
    rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$base.time")
    user=$(awk -F': ' '/User time/{print $2}' "$base.time")
    sys=$(awk -F': ' '/System time/{print $2}' "$base.time")
    if [ "$pages_dir" != - ]; then
        pages=$(find "$pages_dir" -name '*.html' | wc -l)
    fi
    local line
    line=$(awk -v n="$name" -v r="$run" -v a="$t0" -v b="$t1" -v rss="$rss" -v p="$pages" \
        -v j0="$j0" -v j1="$j1" -v hz="$HZ" -v u="$user" -v s="$sys" -v st="$status" \
        'BEGIN{w=b-a; o=((j1-j0)/hz-u-s)/w; if (o<0) o=0; printf "%s\t%s\t%.3f\t%s\t%s\t%.2f\t%s", n, r, w, rss, p, o, st}')
    echo "$line" >> "$results"
    log "$(echo "$line" | awk -F'\t' '{printf "%-16s run %s: %7.2f s  %8.1f MB  %s pages  (others: %s cores, exit %s)", $1, $2, $3, $4/1024, $5, $6, $7}')"
    if [ "$status" -ne 0 ]; then
        log "$name run $run failed (exit $status); see $base.err"
    fi
}

# Appends gazette's -v stage timings (from LOGS/NAME-RUN.err) to STAGES:
#   name run stage ms
stages() {
    local file=$1 name=$2 run=$3
    awk -v n="$name" -v r="$run" '
        /^  [a-z]+ +[0-9.]+ (ms|s)$/ {ms=$2; if ($3=="s") ms*=1000; printf "%s\t%s\t%s\t%s\n", n, r, $1, ms}
    ' "$LOGS/$name-$run.err" >> "$file"
}
