#!/usr/bin/env bash
# py3 acceptance check: does everything 2to3 makes compilable also compile after pymig,
# is a second pymig run a no-op, and how much faster is pymig than 2to3?
#
# usage: scripts/py3-check.sh [CORPUS_DIR...]
#   CORPUS_DIR: a directory, or a name under ${PYMIG_CORPUS:-~/.cache/pymig-corpus}
#               (default: Django-1.3.7 Twisted-12.3.0; fetch them with scripts/fetch-corpus.sh)
# environment:
#   PYMIG_ARGS  arguments for `pymig apply` (default: --preset py3)
#   PYMIG       pymig binary (default: target/release/pymig, built if missing)
#   JOBS        2to3 -j value (default 2)
#   TIME_RUNS   time each tool this many times on fresh copies, keep the best (default 1);
#               the machine's load skews single timings
#   KEEP=1      keep the work directory (it is printed) for inspection
#
# Per corpus: fresh copies; `pymig apply $PYMIG_ARGS` on one, `2to3 -w -n -j $JOBS` on the
# other (both timed, wall clock); python3 compiles every .py file of each; the regression
# list is the files 2to3's output compiles and pymig's does not; then pymig runs again on
# its own output and every file that changes is listed (idempotence).
# Exit status: 0 all good, 1 regressions or non-idempotent files, 2 usage/setup errors.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

read -r -a PYMIG_ARGV <<<"${PYMIG_ARGS:---preset py3}"
JOBS="${JOBS:-2}"
TIME_RUNS="${TIME_RUNS:-1}"
[[ "$TIME_RUNS" =~ ^[1-9][0-9]*$ ]] || die "TIME_RUNS must be a positive integer"
PYMIG_BIN="$(find_pymig)"
find_2to3

corpora=("$@")
[[ ${#corpora[@]} -gt 0 ]] || corpora=(Django-1.3.7 Twisted-12.3.0)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/py3-check.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then
    note "keeping work directory $WORK"
else
    trap 'rm -rf "$WORK"' EXIT
fi

status=0
summary=()
for arg in "${corpora[@]}"; do
    src="$(resolve_corpus "$arg")"
    name="$(basename "$src")"
    w="$WORK/$name"
    mkdir -p "$w"
    echo "=== $name ($src)"
    echo "pymig: $PYMIG_BIN apply ${PYMIG_ARGV[*]}"
    echo "2to3:  ${TWOTO3[*]} -w -n -j $JOBS"

    python3 "$PY_HELPERS/measure.py" compile "$src" --quiet --label "original (python3, untouched)"

    cp -a "$src" "$w/pymig"
    cp -a "$src" "$w/2to3"

    t0="$(now)"
    run_pymig "$w/pymig.log" "${PYMIG_ARGV[@]}" "$w/pymig" || exit 2
    t1="$(now)"
    pymig_secs="$(elapsed "$t0" "$t1")"

    t0="$(now)"
    "${TWOTO3[@]}" -w -n -j "$JOBS" "$w/2to3" >"$w/2to3.log" 2>&1 || die "2to3 failed on $name; see $w/2to3.log (KEEP=1)"
    t1="$(now)"
    twoto3_secs="$(elapsed "$t0" "$t1")"

    echo "--- after 2to3"
    python3 "$PY_HELPERS/measure.py" compile "$w/2to3" --ok-list "$w/2to3.ok" --label "2to3" | tee "$w/2to3.compile"
    echo "--- after pymig"
    python3 "$PY_HELPERS/measure.py" compile "$w/pymig" --ok-list "$w/pymig.ok" --fail-list "$w/pymig.fail" \
        --quiet --label "pymig" | tee "$w/pymig.compile"

    python3 "$PY_HELPERS/measure.py" regressions "$w/2to3.ok" "$w/pymig.ok" --why "$w/pymig.fail" >"$w/regressions"
    nreg="$(wc -l <"$w/regressions")"
    if [[ "$nreg" -gt 0 ]]; then
        echo "--- REGRESSIONS: $nreg files compile after 2to3 but not after pymig:"
        sed 's/^/  /' "$w/regressions"
        status=1
    else
        echo "--- regressions: none (every file 2to3 makes compile also compiles after pymig)"
    fi

    # Idempotence: a second run over pymig's own output must change nothing.
    cp -a "$w/pymig" "$w/pymig-first"
    run_pymig "$w/pymig2.log" "${PYMIG_ARGV[@]}" "$w/pymig" || exit 2
    (cd "$w" && diff -rq pymig-first pymig || true) | sed -n 's/^Files pymig-first\/\(.*\) and pymig\/.* differ$/\1/p' >"$w/nonidem"
    nnon="$(wc -l <"$w/nonidem")"
    if [[ "$nnon" -gt 0 ]]; then
        echo "--- NOT IDEMPOTENT: the second run changed $nnon files:"
        sed 's/^/  /' "$w/nonidem"
        (cd "$w" && diff -ru pymig-first pymig | head -n 60) || true
        status=1
    else
        echo "--- idempotence: second run changed nothing"
    fi

    # Extra timing rounds on fresh copies (TIME_RUNS=N): keep each tool's best time.
    for ((round = 2; round <= TIME_RUNS; round++)); do
        rm -rf "$w/timing" && mkdir -p "$w/timing"
        cp -a "$src" "$w/timing/pymig" && cp -a "$src" "$w/timing/2to3"
        t0="$(now)"; run_pymig "$w/timing/pymig.log" "${PYMIG_ARGV[@]}" "$w/timing/pymig" || exit 2; t1="$(now)"
        pymig_secs="$(python3 -c 'import sys; print(min(map(float, sys.argv[1:])))' "$pymig_secs" "$(elapsed "$t0" "$t1")")"
        t0="$(now)"; "${TWOTO3[@]}" -w -n -j "$JOBS" "$w/timing/2to3" >/dev/null 2>&1 || die "2to3 failed on $name"; t1="$(now)"
        twoto3_secs="$(python3 -c 'import sys; print(min(map(float, sys.argv[1:])))' "$twoto3_secs" "$(elapsed "$t0" "$t1")")"
        rm -rf "$w/timing"
    done

    ratio="$(python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / b:.1f}' if b > 0 else 'inf')" "$twoto3_secs" "$pymig_secs")"
    echo "--- time (best of $TIME_RUNS): 2to3 -j $JOBS ${twoto3_secs}s, pymig ${pymig_secs}s: pymig ${ratio}x faster ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
    summary+=("$(printf '%-16s 2to3 %-14s pymig %-14s regressions %-4s non-idempotent %-4s 2to3 %6ss pymig %6ss ratio %sx' \
        "$name" "$(sed 's/.*: //; s/ compile//' "$w/2to3.compile" | tail -n 1)" \
        "$(sed 's/.*: //; s/ compile//' "$w/pymig.compile" | tail -n 1)" "$nreg" "$nnon" \
        "$twoto3_secs" "$pymig_secs" "$ratio")")
done

echo "=== summary (compile counts are files python3 compiles / .py files)"
printf '%s\n' "${summary[@]}"
exit $status
