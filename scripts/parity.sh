#!/usr/bin/env bash
# Differential test: 2to3 and pymig, fixer by fixer, on the same corpus.
#
# usage: scripts/parity.sh [CORPUS_DIR]            run and report (default corpus: Django-1.3.7)
#        scripts/parity.sh --show FIXER [CORPUS_DIR] print the diffs (2to3 -> pymig) of the
#                                                  files where FIXER's outputs differ
#        scripts/parity.sh --report [CORPUS_DIR]   markdown table of the last run's results
#   CORPUS_DIR: a directory, or a name under ${PYMIG_CORPUS:-~/.cache/pymig-corpus}
# environment:
#   PARITY_OUT  results directory (default: ${PYMIG_CORPUS:-~/.cache/pymig-corpus}/parity/<corpus>)
#   PARITY_ONLY space-separated fixers or codemod ids to restrict the run to (e.g. "print except")
#   PYMIG       pymig binary (default: target/release/pymig, built if missing)
#   PARITY_FRESH=1  recompute 2to3's side even if the last run's results match
#   JOBS        parallelism (default 2)
#   PARITY_MAP  fixer -> codemod table (default: scripts/parity-map.txt)
#   PARITY_LIST_LIMIT  differing files listed per fixer in the run output (default 25)
#
# The fixer -> codemod table is scripts/parity-map.txt. Fixers that map to the same codemod
# (filter, map, zip -> lazy-map) run together and are reported as one row (filter+map+zip),
# since the codemod does all of their work at once. For each row: 2to3 with just those
# fixers (`2to3 -f F -w -n` semantics, via lib/twoto3_each.py, which parses each file once
# for all fixers), and `pymig apply --codemod ID` on a fresh copy. Files are compared after
# normalising layout (see lib/parity.py). Codemod ids pymig does not know are skipped for
# pymig (2to3's counts are still recorded).
#
# Results: $PARITY_OUT/parity.tsv (one row per fixer group), parity-files.tsv (one row per
# differing file: kind differ | only-2to3 | only-pymig), 2to3/<group>/ and pymig/<codemod>/
# (the changed files of each side), logs/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

mode=run
show_fixer=""
case "${1:-}" in
    --show) [[ $# -ge 2 ]] || die "usage: parity.sh --show FIXER [CORPUS_DIR]"; mode=show; show_fixer="$2"; shift 2 ;;
    --report) mode=report; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
esac
CORPUS="$(resolve_corpus "${1:-Django-1.3.7}")"
NAME="$(basename "$CORPUS")"
OUT="${PARITY_OUT:-$CORPUS_ROOT/parity/$NAME}"
JOBS="${JOBS:-2}"
MAP="${PARITY_MAP:-$SCRIPTS_DIR/parity-map.txt}"

case "$mode" in
    show)
        [[ -f "$OUT/parity.tsv" ]] || die "no results in $OUT; run scripts/parity.sh ${1:-} first"
        exec python3 "$PY_HELPERS/parity.py" show "$OUT" "$CORPUS" "$show_fixer" ;;
    report)
        [[ -f "$OUT/parity.tsv" ]] || die "no results in $OUT; run scripts/parity.sh first"
        exec python3 "$PY_HELPERS/parity.py" report "$OUT" ;;
esac

PYMIG_BIN="$(find_pymig)"
python3 -W ignore -c 'import lib2to3' 2>/dev/null || die "python3 has no lib2to3 (removed in 3.13)"

# Fixer groups and their codemods, optionally restricted by PARITY_ONLY.
mapfile -t ROWS < <(python3 "$PY_HELPERS/parity.py" groups "$MAP")
if [[ -n "${PARITY_ONLY:-}" ]]; then
    kept=()
    for row in "${ROWS[@]}"; do
        group="${row% *}"; codemod="${row#* }"
        for want in $PARITY_ONLY; do
            if [[ ",$group," == *",$want,"* || "$codemod" == "$want" ]]; then kept+=("$row"); break; fi
        done
    done
    ROWS=("${kept[@]}")
    [[ ${#ROWS[@]} -gt 0 ]] || die "PARITY_ONLY=$PARITY_ONLY matches no fixer or codemod in $MAP"
fi

KNOWN_IDS="$("$PYMIG_BIN" list --json | python3 -c 'import json, sys; print(" ".join(c["id"] for c in json.load(sys.stdin)))')"

# 2to3's side depends only on the corpus, the fixer groups and lib2to3, so it is reused
# from the last run when all three match (PARITY_FRESH=1 recomputes it).
groups=()
for row in "${ROWS[@]}"; do groups+=("${row% *}"); done
stamp="$(printf '%s\n' "$CORPUS" "$(python3 --version 2>&1)" "${groups[@]}")"
reuse_2to3=0
if [[ "${PARITY_FRESH:-0}" != 1 && -f "$OUT/2to3/.stamp" && "$(cat "$OUT/2to3/.stamp")" == "$stamp" ]]; then
    reuse_2to3=1
    mv "$OUT/2to3" "$OUT.2to3.keep"
fi
rm -rf "$OUT"
mkdir -p "$OUT/logs" "$OUT/pymig"
[[ $reuse_2to3 == 1 ]] && mv "$OUT.2to3.keep" "$OUT/2to3"
python3 "$PY_HELPERS/parity.py" init "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/parity.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "=== parity on $NAME ($CORPUS)"
echo "results: $OUT"

# 2to3: every group in one pass over the corpus.
if [[ $reuse_2to3 == 1 ]]; then
    note "2to3: reusing the results of the last run (PARITY_FRESH=1 to recompute)"
else
    note "2to3: ${#groups[@]} fixer groups over $NAME (each file parsed once, $JOBS processes)"
    t0="$(now)"
    python3 "$PY_HELPERS/twoto3_each.py" "$CORPUS" "$OUT/2to3" "${groups[@]}" --jobs "$JOBS"
    printf '%s\n' "$stamp" >"$OUT/2to3/.stamp"
    note "2to3 done in $(elapsed "$t0" "$(now)")s"
fi
if [[ -s "$OUT/2to3/errors.tsv" ]]; then
    note "2to3 could not handle $(wc -l <"$OUT/2to3/errors.tsv") file/fixer pairs (see $OUT/2to3/errors.tsv):"
    head -n 5 "$OUT/2to3/errors.tsv" | sed 's/^/    /' >&2
fi

# pymig: one fresh copy per codemod, $JOBS at a time. The copy holds the .py files and the
# configuration files pymig might read; nothing else of the corpus matters to it.
run_codemod() {
    local codemod="$1"
    local copy="$WORK/$codemod"
    mkdir -p "$copy"
    (cd "$CORPUS" && find . \( -name '*.py' -o -name '*.toml' -o -name '*.cfg' -o -name .gitignore \) -print0 |
        tar --null -T - -cf -) | tar -xf - -C "$copy"
    local rc=0
    "$PYMIG_BIN" apply --jobs 1 --codemod "$codemod" "$copy" >"$OUT/logs/$codemod.log" 2>&1 || rc=$?
    if [[ $rc -ne 0 && $rc -ne 1 ]] && ! grep -q 'files scanned' "$OUT/logs/$codemod.log"; then
        echo "error: pymig --codemod $codemod failed (exit $rc); see $OUT/logs/$codemod.log" >&2
        return 1
    fi
    python3 "$PY_HELPERS/parity.py" collect "$CORPUS" "$copy" "$OUT/pymig/$codemod"
    rm -rf "$copy"
}
export -f run_codemod
export WORK OUT CORPUS PYMIG_BIN PY_HELPERS

to_run=()
missing=()
for row in "${ROWS[@]}"; do
    codemod="${row#* }"
    if [[ " $KNOWN_IDS " == *" $codemod "* ]]; then
        to_run+=("$codemod")
    else
        missing+=("$codemod")
    fi
done
[[ ${#missing[@]} -eq 0 ]] || note "skipping ${#missing[@]} codemods pymig does not have: ${missing[*]}"
if [[ ${#to_run[@]} -gt 0 ]]; then
    note "pymig: ${#to_run[@]} codemods, $JOBS at a time"
    t0="$(now)"
    printf '%s\n' "${to_run[@]}" | xargs -P "$JOBS" -I{} bash -c 'run_codemod "$1"' _ {} ||
        die "some pymig runs failed"
    note "pymig done in $(elapsed "$t0" "$(now)")s"
fi

echo "--- per fixer: files changed by 2to3, by pymig, and files whose outputs differ"
for row in "${ROWS[@]}"; do
    group="${row% *}"; codemod="${row#* }"
    status=no-codemod
    [[ " $KNOWN_IDS " == *" $codemod "* ]] && status=ran
    python3 "$PY_HELPERS/parity.py" compare "$CORPUS" "$OUT" "$group" "$codemod" "$status"
done

python3 - "$OUT/parity.tsv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
ran = [r for r in rows if r["status"] != "no-codemod"]
same = [r for r in ran if r["status"] == "same"]
print(f"=== {len(rows)} fixer groups: {len(ran)} compared ({len(same)} identical, {len(ran) - len(same)} differ), "
      f"{len(rows) - len(ran)} without a pymig codemod")
PY
echo "details: scripts/parity.sh --show FIXER${1:+ $1}; table: scripts/parity.sh --report${1:+ $1}; data: $OUT/parity.tsv"
