#!/usr/bin/env bash
# Real Python-2-only packages from PyPI, migrated by pymig and by 2to3, their own test
# suites run under python3, results side by side.
#
# usage: scripts/realpkg.sh [NAME...]        (default: all packages below)
# environment:
#   PYMIG_ARGS  arguments for `pymig apply` (default: --preset py3)
#   PYMIG       pymig binary (default: target/release/pymig, built if missing)
#   KEEP=1      keep the work directory (printed) with the migrated copies and test logs
# Sources and the test venv are cached under ${PYMIG_CORPUS:-~/.cache/pymig-corpus}/realpkg;
# results are appended to realpkg.tsv there.
#
# The packages (each a Python 2 sdist that shipped its own tests; all run in seconds):
#   python-dateutil 1.5  Python 2 only (dateutil 2.0 was the separate Python 3 port):
#                        print statements, `except X, e`, long literals, unicode, iterator
#                        protocols. 478 unittest tests in test.py, stdlib only.
#   sqlparse 0.1.10      setup.py set use_2to3=True: its Python 3 support WAS 2to3.
#                        ~150 pytest tests (tests/), run with pytest from a venv.
#   MarkupSafe 0.15      setup.py set use_2to3=True (the pure-Python fallback is used: the C
#                        speedups are not built). unicode/__unicode__/basestring-heavy; a
#                        small unittest suite (markupsafe.tests).
# Rejected after trying them: BeautifulSoup 3.2.1 (needs sgmllib, gone from Python 3),
# Jinja2 2.6 (its regexes fail to compile on Python 3.11, and 2to3 needed its custom
# fixers), docutils 0.8.1 (implicit relative __import__ fails at import), feedparser 5.1.3
# (uses base64.decodestring, removed in 3.9): neither tool's output can run their tests.
#
# Each package: a fresh copy left as is, one migrated by `2to3 -w -n -j 2`, one by
# `pymig apply $PYMIG_ARGS`; the tests run in each copy; a table shows tests / passed /
# failed / errors / skipped, and every test that passes after 2to3 but not after pymig is
# listed. Exit 1 if there is any such test.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# name version runner test-args  (runner: unittest MODULES... | pytest PATHS...)
PACKAGES=(
    "python-dateutil 1.5 unittest test"
    "sqlparse 0.1.10 pytest tests"
    "MarkupSafe 0.15 unittest markupsafe.tests"
)
PYTEST_PIN="pytest==7.4.4"

read -r -a PYMIG_ARGV <<<"${PYMIG_ARGS:---preset py3}"
PYMIG_BIN="$(find_pymig)"
find_2to3
CACHE="$CORPUS_ROOT/realpkg"
mkdir -p "$CACHE/src"

selected=()
if [[ $# -gt 0 ]]; then
    for want in "$@"; do
        found=""
        for p in "${PACKAGES[@]}"; do [[ "${p%% *}" == "$want" ]] && found="$p"; done
        [[ -n "$found" ]] || die "unknown package $want (known: $(printf '%s ' "${PACKAGES[@]%% *}"))"
        selected+=("$found")
    done
else
    selected=("${PACKAGES[@]}")
fi

# The venv for packages whose tests need PyPI packages (pytest), created once.
ensure_venv() {
    local venv="$CACHE/venv"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import pytest' 2>/dev/null; then
        note "creating $venv with $PYTEST_PIN"
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check "$PYTEST_PIN" ||
            die "could not install $PYTEST_PIN into $venv"
    fi
    echo "$venv/bin/python"
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/realpkg.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then note "keeping work directory $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

# run_tests DIR RUNNER OUT.json ARGS...: run a package's tests in DIR, outcomes to OUT.json.
run_tests() {
    local dir="$1" runner="$2" out="$3"; shift 3
    local log="${out%.json}.log"
    case "$runner" in
        unittest)
            (cd "$dir" && timeout 600 python3 "$PY_HELPERS/testrun.py" unittest "$out" "$@") >"$log" 2>&1 ||
                echo "warning: the test run in $dir ended abnormally; see $log (KEEP=1)" >&2
            [[ -f "$out" ]] || echo '{"tests": {}, "crashed": "the test runner died"}' >"$out"
            ;;
        pytest)
            local py
            py="$(ensure_venv)"
            (cd "$dir" && timeout 600 "$py" -m pytest -q -p no:cacheprovider --junitxml="${out%.json}.xml" "$@") \
                >"$log" 2>&1 || true
            python3 "$PY_HELPERS/testrun.py" junit "$out" "${out%.json}.xml"
            ;;
        *) die "unknown test runner $runner" ;;
    esac
}

rm -f "$CACHE/realpkg.tsv"
status=0
for p in "${selected[@]}"; do
    read -r name version runner test_args <<<"$p"
    read -r -a test_argv <<<"$test_args"
    src="$CACHE/src/$name-$version"
    [[ -f "$src/setup.py" ]] || { rm -rf "$src"; fetch_sdist "$name==$version" "$src"; }
    w="$WORK/$name"
    mkdir -p "$w"
    echo "=== $name $version ($runner ${test_args})"
    cp -a "$src" "$w/original"
    cp -a "$src" "$w/2to3"
    cp -a "$src" "$w/pymig"
    "${TWOTO3[@]}" -w -n -j 2 "$w/2to3" >"$w/2to3.migrate.log" 2>&1 || die "2to3 failed on $name; see $w/2to3.migrate.log"
    run_pymig "$w/pymig.migrate.log" "${PYMIG_ARGV[@]}" "$w/pymig" || exit 2
    for label in original 2to3 pymig; do
        run_tests "$w/$label" "$runner" "$w/$label.json" "${test_argv[@]}"
    done
    python3 "$PY_HELPERS/testrun.py" table "$CACHE/realpkg.tsv" \
        "$name:as-is:$w/original.json" "$name:2to3:$w/2to3.json" "$name:pymig:$w/pymig.json" || status=1
    echo
done
echo "results: $CACHE/realpkg.tsv"
exit $status
