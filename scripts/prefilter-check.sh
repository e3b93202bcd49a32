#!/usr/bin/env bash
# Prefilter soundness on real code: a codemod skips a file whose text lacks the words it
# looks for (`applies_to`), and the engine skips parsing a file no codemod applies to.
# This runs the same selection with and without prefilters and fails if the reports
# (`--json`: per file, the fixes and notes) differ.
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
    if cmp -s "$WORK/$name.with" "$WORK/$name.without"; then
        echo "$name: same report (changes, fixes, notes) with and without prefilters"
    else
        echo "$name: prefilters changed the result:"
        diff <(python3 -m json.tool "$WORK/$name.with") <(python3 -m json.tool "$WORK/$name.without") | head -60
        status=1
    fi
done
exit $status
