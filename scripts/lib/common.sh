# Shared helpers for the measurement scripts (sourced, not run).
# shellcheck shell=bash

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$SCRIPTS_DIR/.." && pwd)"
PY_HELPERS="$SCRIPTS_DIR/lib"
CORPUS_ROOT="${PYMIG_CORPUS:-$HOME/.cache/pymig-corpus}"

die() { echo "error: $*" >&2; exit 2; }
note() { echo "==> $*" >&2; }

# The pymig binary: $PYMIG, else the release build (built if missing).
find_pymig() {
    if [[ -n "${PYMIG:-}" ]]; then
        [[ -x "$PYMIG" ]] || die "PYMIG=$PYMIG is not an executable"
        echo "$PYMIG"; return
    fi
    local bin="$REPO_DIR/target/release/pymig"
    if [[ ! -x "$bin" ]]; then
        note "building pymig (cargo build --release)"
        (cd "$REPO_DIR" && cargo build --release --quiet) || die "cargo build --release failed"
    fi
    echo "$bin"
}

# The 2to3 command as an array in TWOTO3: `2to3` if on PATH and working, else python3 -m lib2to3.
find_2to3() {
    if command -v 2to3 >/dev/null 2>&1 && 2to3 --help >/dev/null 2>&1; then
        TWOTO3=(2to3)
    elif python3 -W ignore -c 'import lib2to3.main' >/dev/null 2>&1; then
        TWOTO3=(python3 -W ignore -m lib2to3)
    else
        die "neither 2to3 nor python3 -m lib2to3 is available (lib2to3 was removed in Python 3.13)"
    fi
}

# Seconds since the epoch with sub-second precision.
now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

# Run pymig apply with its args; diagnostics go to $log. Exit statuses 0 and 1 are success,
# 2 is "some files could not be processed" (reported, not fatal) unless nothing ran at all
# (a bad preset/codemod/argument), which aborts.
run_pymig() {
    local log="$1"; shift
    local rc=0
    "$PYMIG_BIN" apply "$@" >"$log" 2>&1 || rc=$?
    if [[ $rc -ne 0 && $rc -ne 1 ]]; then
        if ! grep -q 'files scanned' "$log"; then
            echo "pymig apply $* failed (exit $rc):" >&2
            tail -n 5 "$log" >&2
            return 3
        fi
        echo "warning: pymig exit $rc (some files not processed); see $log" >&2
    fi
    return 0
}

# Corpus directory for a name: an existing directory path, or a name under $CORPUS_ROOT.
resolve_corpus() {
    local arg="$1"
    if [[ -d "$arg" ]]; then (cd "$arg" && pwd); return; fi
    if [[ -d "$CORPUS_ROOT/$arg" ]]; then echo "$CORPUS_ROOT/$arg"; return; fi
    die "no corpus at $arg (run scripts/fetch-corpus.sh first)"
}

# fetch_sdist NAME==VERSION TARGET_DIR: unpack the sdist of NAME==VERSION (from PyPI) into
# TARGET_DIR. Old setup.py files make pip's metadata step fail (no bdist_wheel) after the
# sdist has been unpacked; with --no-clean pip leaves that tree in its temp dir, so TMPDIR
# points at our own scratch directory and the tree is taken from there. If pip succeeds
# (a newer pip/setuptools), the archive it saved is extracted instead.
fetch_sdist() (
    spec="$1" target="$2"
    scratch="$(mktemp -d "$(dirname "$target")/.fetch.XXXXXX")"
    trap 'rm -rf "$scratch"' EXIT
    mkdir -p "$scratch/tmp" "$scratch/dl"
    touch "$scratch/started"
    note "downloading $spec from PyPI"
    if TMPDIR="$scratch/tmp" pip download --no-deps --no-binary :all: --no-build-isolation \
        --no-clean --disable-pip-version-check -d "$scratch/dl" "$spec" >"$scratch/pip.log" 2>&1; then
        archive="$(find "$scratch/dl" -maxdepth 1 -type f | head -n 1)"
        [[ -n "$archive" ]] || die "pip download $spec saved nothing; see its log above"
        python3 "$PY_HELPERS/measure.py" unpack "$archive" "$scratch/unpacked"
    else
        # The metadata step failed; take the tree pip unpacked (the one holding setup.py).
        src="$(find "$scratch/tmp" -mindepth 2 -maxdepth 3 -name setup.py -printf '%h\n' | head -n 1)"
        if [[ -z "$src" ]]; then
            tail -n 20 "$scratch/pip.log" >&2
            die "pip download $spec failed before unpacking the sdist"
        fi
        mv "$src" "$scratch/unpacked"
    fi
    # Tidy what the metadata step may have left inside the tree.
    find "$scratch/unpacked" -maxdepth 2 -name '*.egg-info' -newer "$scratch/started" -prune \
        -exec rm -rf {} + 2>/dev/null || true
    mv "$scratch/unpacked" "$target"
)
