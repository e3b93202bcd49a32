#!/usr/bin/env bash
# Download and unpack the Python 2 corpora the py3 acceptance is measured on:
# Django 1.3.7 and Twisted 12.3.0 sdists, fetched from PyPI by name.
#
# usage: scripts/fetch-corpus.sh [DEST]
#   DEST defaults to ${PYMIG_CORPUS:-$HOME/.cache/pymig-corpus}. Existing DEST/NAME-VERSION
#   directories are reused. Prints one line per corpus: NAME PATH FILES LINES (.py files, lines).
#
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DEST="${1:-$CORPUS_ROOT}"
PACKAGES=("Django==1.3.7" "Twisted==12.3.0")

mkdir -p "$DEST"
DEST="$(cd "$DEST" && pwd)"

for spec in "${PACKAGES[@]}"; do
    name="${spec%%==*}"; version="${spec##*==}"
    target="$DEST/$name-$version"
    if [[ -f "$target/setup.py" ]]; then
        note "reusing $target"
    else
        rm -rf "$target"
        fetch_sdist "$spec" "$target"
    fi
    python3 "$PY_HELPERS/measure.py" count "$name" "$target"
done
