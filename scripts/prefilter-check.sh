#!/usr/bin/env bash
# Prefilter soundness on real code: a codemod skips a file whose text lacks the words it
# looks for (`applies_to`), and the engine skips parsing a file no codemod applies to.
# This runs the same selection with and without prefilters and fails if the reports
# (`--json`: per file, the status, fixes and notes) differ. Parse-error notes are left out:
# a file no codemod applies to is not parsed, so its parse errors are not reported.
#
# usage: scripts/prefilter-check.sh [CORPUS_DIR...]
#   CORPUS_DIR: a directory, or a name under ${PYMIG_CORPUS:-~/.cache/pymig-corpus}
#               (default: Django-1.3.7 Twisted-12.3.0; fetch them with scripts/fetch-corpus.sh)
# environment:
#   PYMIG_ARGS  arguments for `pymig apply` (default: --preset py3)
#   PYMIG       pymig binary (default: target/release/pymig, built if missing)
# Exit status: 0 identical, 1 a prefilter skipped a rewrite, 2 usage/setup errors.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

read -r -a PYMIG_ARGV <<<"${PYMIG_ARGS:---preset py3}"
PYMIG_BIN="$(find_pymig)"
[[ $# -gt 0 ]] || set -- Django-1.3.7 Twisted-12.3.0
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
status=0
for corpus in "$@"; do
    dir="$corpus"
    [[ -d "$dir" ]] || dir="$CORPUS_ROOT/$corpus"
    [[ -d "$dir" ]] || die "no corpus at $corpus (scripts/fetch-corpus.sh downloads them)"
    name="$(basename "$dir")"
    "$PYMIG_BIN" apply --dry-run --json "${PYMIG_ARGV[@]}" "$dir" >"$WORK/$name.with" 2>/dev/null || true
    "$PYMIG_BIN" apply --dry-run --json --no-prefilter "${PYMIG_ARGV[@]}" "$dir" >"$WORK/$name.without" 2>/dev/null || true
    for side in with without; do
        python3 "$PY_HELPERS/prefilter_report.py" "$WORK/$name.$side" >"$WORK/$name.$side.txt"
    done
    if cmp -s "$WORK/$name.with.txt" "$WORK/$name.without.txt"; then
        echo "$name: same report (changes, fixes, notes) with and without prefilters"
    else
        echo "$name: prefilters changed the result:"
        diff "$WORK/$name.with.txt" "$WORK/$name.without.txt" | head -60
        status=1
    fi
done
exit $status
