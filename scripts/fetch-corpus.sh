#!/usr/bin/env bash
# Download and unpack the Python 2 corpora the py3 acceptance is measured on:
# Django 1.3.7 and Twisted 12.3.0 sdists, fetched from PyPI by name.
#
# usage: scripts/fetch-corpus.sh [DEST]
#   DEST defaults to ${PYMIG_CORPUS:-$HOME/.cache/pymig-corpus}. Existing DEST/NAME-VERSION
#   directories are reused. Prints one line per corpus: NAME PATH FILES LINES (.py files, lines).
#
# Old setup.py files make pip's metadata step fail (no bdist_wheel), after the sdist has
# been unpacked. With --no-clean pip leaves that unpacked tree in its temp dir, so we point
# TMPDIR at our own scratch directory and take the tree from there. If pip does succeed
# (a newer pip/setuptools), the archive it saved is extracted instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DEST="${1:-$CORPUS_ROOT}"
PACKAGES=("Django==1.3.7" "Twisted==12.3.0")

mkdir -p "$DEST"
DEST="$(cd "$DEST" && pwd)"

# fetch_sdist NAME==VERSION TARGET_DIR: unpack the sdist of NAME==VERSION into TARGET_DIR.
fetch_sdist() {
    local spec="$1" target="$2"
    local scratch
    scratch="$(mktemp -d "$DEST/.fetch.XXXXXX")"
    # shellcheck disable=SC2064
    trap "rm -rf '$scratch'" RETURN
    mkdir -p "$scratch/tmp" "$scratch/dl"
    note "downloading $spec from PyPI"
    if TMPDIR="$scratch/tmp" pip download --no-deps --no-binary :all: --no-build-isolation \
        --no-clean --disable-pip-version-check -d "$scratch/dl" "$spec" >"$scratch/pip.log" 2>&1; then
        local archive
        archive="$(find "$scratch/dl" -maxdepth 1 -type f | head -n 1)"
        [[ -n "$archive" ]] || die "pip download $spec saved nothing; see its log above"
        python3 "$PY_HELPERS/measure.py" unpack "$archive" "$scratch/unpacked"
    else
        # The metadata step failed; take the tree pip unpacked (the one holding setup.py).
        local src
        src="$(find "$scratch/tmp" -mindepth 2 -maxdepth 3 -name setup.py -printf '%h\n' | head -n 1)"
        if [[ -z "$src" ]]; then
            tail -n 20 "$scratch/pip.log" >&2
            die "pip download $spec failed before unpacking the sdist"
        fi
        mv "$src" "$scratch/unpacked"
    fi
    # Tidy what the metadata step may have left inside the tree.
    find "$scratch/unpacked" -maxdepth 2 -name '*.egg-info' -newer "$scratch/pip.log" -prune \
        -exec rm -rf {} + 2>/dev/null || true
    mv "$scratch/unpacked" "$target"
}

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
