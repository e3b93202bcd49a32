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
