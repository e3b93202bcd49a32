#!/usr/bin/env bash
# Real Python-2-only packages from PyPI, each with its own tests: the tests run on Python 2.7
# with the original code, on Python 3 after 2to3, on Python 3 after pymig, and on both
# after a straddle migration; every module is imported after each; results side by side.
#
# usage: scripts/realpkg.sh [NAME...]        (default: all packages below)
# environment:
#   PYMIG_ARGS  arguments for `pymig apply` (default: --preset py3)
#   PYMIG       pymig binary (default: target/release/pymig, built if missing)
#   KEEP=1      keep the work directory (printed) with the migrated copies and test logs
#   PY27        the Python 2.7 interpreter (default: ~/.pyenv/versions/2.7*/bin/python2.7,
#               else python2.7 on PATH)
# Needs python3 (3.12 or older: lib2to3), Python 2.7, pip, and PyPI by package name. Not run
# by cargo test or CI (it takes minutes); a measurement, like scripts/bench.sh.
#
# Everything is fetched by name and pinned version from PyPI at run time and cached under
# ${PYMIG_CORPUS:-~/.cache/pymig-corpus}/realpkg: the sdists (src/), a Python 3 venv with
# pytest 7.4.4 (venv/), a --target directory of pytest 4.6.11 and its dependencies for
# Python 2.7 (py27-site/), and six 1.16.0's six.py (six/). The table is also written to
# realpkg.md there and, on a run of all packages, into docs/parity.md; summary-NAME.json there
# holds each package's counts, import errors and the tests that pass on 2.7 but not after
# pymig, with their errors.
#
# Columns, per package (a test counts as passed if it passes or unexpectedly passes):
#   tests     the tests collected on Python 2.7 from the original code
#   py2.7     passed on Python 2.7, original code
#   2to3      passed on Python 3 after `2to3 -w -n -j 2`
#   pymig     passed on Python 3 after `pymig apply $PYMIG_ARGS`
#   straddle  after `pymig apply $PYMIG_ARGS --target-version 2.7`: passed on Python 2.7 /
#             on Python 3, both with six on PYTHONPATH. "n/a" (with a note) while pymig
#             rejects that target version.
#   imports   every module under the package's import roots is imported in its own process
#             (60 s timeout) on Python 2.7 (original) and on Python 3 (2to3's and pymig's
#             copies). Counted: modules that import on 2.7 but not after pymig, and (for
#             comparison, in parentheses) not after 2to3.
# Attribution of an import failure after pymig: leave-one-out. pymig's JSON report of the run
# names the codemods that changed the package; for each of them a fresh copy is migrated with
# all of them except that one (`--codemod` list), and the failing modules are imported again.
# A module that imports when codemod C is left out is attributed to C (it can be attributed to
# several); one that no single omission fixes is "no single codemod": Python 2 that pymig left
# as is (a missing migration), or the work of several codemods together.
# Gate: exit 1 if, on any package, pymig passes fewer tests than 2to3, or any module fails to
# import because of pymig (imports on 2.7, not after pymig, whichever the cause: a bad edit or
# a missing one). Every test that passes after 2to3 but not after pymig is listed.
#
# Tests run through scripts/lib/pkgtest.py (one runner for 2.7 and 3: nose-style collection,
# unittest loaders, suites, doctest files; a stand-in for nose.tools, since nose does not run
# on a modern Python), or through pytest (4.6.11 on 2.7, 7.4.4 on 3) with --junitxml.
#
# The packages. Each was Python 2 only in that release (or its Python 3 support was
# setup.py's use_2to3, so the code itself is Python 2), ships its tests, and its tests run in
# seconds without network:
#   python-dateutil 1.5  date/time. Python 2 only (2.0 was the separate Python 3 port): print
#                        statements, `except X, e`, long literals, unicode. test.py, unittest.
#   sqlparse 0.1.10      parser (SQL). use_2to3=True. pytest tests (tests/).
#   MarkupSafe 0.15      markup/text. use_2to3=True; unicode/__unicode__/basestring/imap; the
#                        pure-Python fallback runs (C speedups not built). unittest.
#   Mako 0.2.5           template engine. Python 2 only (0.3 added Python 3 through 2to3):
#                        compiles templates to Python source, exec, unicode, StringIO, string
#                        module. test/*.py unittest suites (as its alltests.py lists them);
#                        the cache tests need Beaker and error in every column.
#   textile 2.1.5        markup/text processor. Python 2 only: unicode, ur'' literals,
#                        regexes, htmlentitydefs. nose tests with generator tests.
#   WebOb 1.0.8          HTTP (WSGI request/response, headers, cookies, dates). Python 2 only
#                        (1.2 added Python 3): str/unicode, urllib, cgi, rfc822. tests/, nose
#                        style; 4 tests need WebTest (not installed) and error everywhere.
#   simplejson 2.0.9     serialization (JSON). Python 2 only (Python 3 came in 2.1/3.0): the
#                        pure-Python encoder/decoder (C speedups not built). unittest modules
#                        and the package's doctests.
#   jsonpickle 0.4.0     serialization (object graphs to JSON). Python 2 only: types module,
#                        iteritems, unicode, __reduce__. tests/runtests.py's suite; 2 tests
#                        want simplejson/feedparser installed and fail everywhere.
#   PyTrie 0.1           data structure (trie, a MutableMapping). Python 2 only: DictMixin,
#                        iteritems/itervalues, cmp. test/*.py unittest.
#   plac 0.7.5           CLI / argument parsing (argparse from signatures). use_2to3=True;
#                        its tests (doc/test_plac.py) run the doc's example scripts.
# Tried and rejected:
#   BeautifulSoup 3.2.1 (imports sgmllib, gone from Python 3: neither tool's output can run),
#   Jinja2 2.6 (regexes with inline flags mid-pattern fail to compile on 3.11; its 2to3 needed
#   custom fixers), docutils 0.8.1 (implicit relative __import__), feedparser 5.1.3
#   (base64.decodestring): neither tool's output can run their tests on 3.11.
#   Tempita 0.5.1, Markdown 2.0.3, pystache 0.3.1, configobj 4.7.2, argh 0.14.2, opster 3.7:
#   their sdists ship no tests. iso8601 0.1.4: already runs on Python 3 unchanged (nothing
#   to migrate). networkx 1.0.1: its tests are mostly doctest .txt files written in Python 2
#   (print statements), which neither tool migrates. mimeparse 0.1.3: tiny, and its runner
#   builds its suite from JSON inside a function that returns nothing. Bunch 1.0.1: one
#   doctest only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# name|version|kind|dir|pythonpath|runner|tests
#   dir: where the tests run, relative to the sdist; pythonpath: import roots relative to dir
#   (':'-separated; dir itself is always one); runner: pkgtest (specs as pkgtest.py takes
#   them) or pytest (paths).
# Mako's test/ holds modules named ast, lexer, ...: imported as the package test.*, with test/
# at the end of sys.path (its namespace tests import test_namespace and foo.test_ns), not at
# the front, where its ast.py would hide the standard library's ast on Python 3.
MAKO_TESTS="append-path:test unittest:test.lru unittest:test.ast unittest:test.pygen unittest:test.lexer
  unittest:test.template unittest:test.lookup unittest:test.def unittest:test.decorators
  unittest:test.namespace unittest:test.filters unittest:test.inheritance unittest:test.call
  unittest:test.cache unittest:test.exceptions_ unittest:test.babelplugin unittest:test.tgplugin"
WEBOB_TESTS="tests.test_acceptparse tests.test_byterange tests.test_cachecontrol tests.test_cookies
  tests.test_datetime_utils tests.test_dec tests.test_descriptors tests.test_etag tests.test_exc
  tests.test_headers tests.test_misc tests.test_multidict tests.test_request tests.test_request_nose
  tests.test_response"
SIMPLEJSON_TESTS="simplejson.tests.test_check_circular simplejson.tests.test_decode
  simplejson.tests.test_default simplejson.tests.test_dump simplejson.tests.test_encode_basestring_ascii
  simplejson.tests.test_fail simplejson.tests.test_float simplejson.tests.test_indent
  simplejson.tests.test_pass1 simplejson.tests.test_pass2 simplejson.tests.test_pass3
  simplejson.tests.test_recursion simplejson.tests.test_scanstring simplejson.tests.test_separators
  simplejson.tests.test_unicode suite:simplejson.tests.additional_tests"
PACKAGES=(
    "python-dateutil|1.5|date/time|.||pkgtest|unittest:test"
    "sqlparse|0.1.10|parser|.||pytest|tests"
    "MarkupSafe|0.15|markup/text|.||pkgtest|unittest:markupsafe.tests"
    "Mako|0.2.5|template engine|.|lib|pkgtest|$MAKO_TESTS"
    "textile|2.1.5|markup/text|.||pkgtest|textile.tests"
    "WebOb|1.0.8|HTTP|.||pkgtest|$WEBOB_TESTS"
    "simplejson|2.0.9|serialization|.||pkgtest|$SIMPLEJSON_TESTS"
    "jsonpickle|0.4.0|serialization|.|tests|pkgtest|suite:runtests.suite"
    "PyTrie|0.1|data structure|.|test|pkgtest|test_mapping test_trie"
    "plac|0.7.5|CLI|doc|..|pkgtest|test_plac"
)
PYTEST3_PIN="pytest==7.4.4"
PYTEST27_PIN="pytest==4.6.11"
SIX_PIN="six==1.16.0"

T0="$(now)"
read -r -a PYMIG_ARGV <<<"${PYMIG_ARGS:---preset py3}"
PYMIG_BIN="$(find_pymig)"
find_2to3
CACHE="$CORPUS_ROOT/realpkg"
mkdir -p "$CACHE/src"
export PYTHONDONTWRITEBYTECODE=1
unset PYTHONPATH PYTHONHOME

selected=()
if [[ $# -gt 0 ]]; then
    for want in "$@"; do
        found=""
        for p in "${PACKAGES[@]}"; do [[ "${p%%|*}" == "$want" ]] && found="$p"; done
        [[ -n "$found" ]] || die "unknown package $want (known: $(printf '%s ' "${PACKAGES[@]%%|*}"))"
        selected+=("$found")
    done
else
    selected=("${PACKAGES[@]}")
fi

# Python 2.7, found as ../shared-style checks do: pyenv's, else python2.7 on PATH.
if [[ -z "${PY27:-}" ]]; then
    PY27="$(ls "$HOME"/.pyenv/versions/2.7*/bin/python2.7 2>/dev/null | head -n 1 || true)"
    [[ -n "$PY27" ]] || PY27="$(command -v python2.7 || true)"
fi
[[ -n "$PY27" ]] && "$PY27" -c 'import sys; sys.exit(sys.version_info[:2] != (2, 7))' 2>/dev/null ||
    die "no Python 2.7 (looked for ~/.pyenv/versions/2.7*/bin/python2.7 and python2.7 on PATH; or set PY27)"
PY3="$(command -v python3)"

# Python 3 venv with pytest (for pytest-run packages), created once.
ensure_venv() {
    local venv="$CACHE/venv"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import pytest' 2>/dev/null; then
        note "creating $venv with $PYTEST3_PIN"
        rm -rf "$venv"
        "$PY3" -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check "$PYTEST3_PIN" ||
            die "could not install $PYTEST3_PIN into $venv"
    fi
}
# Python 2.7 has no venv module: pytest 4.6 and its dependencies go into a --target directory.
ensure_py27_site() {
    local site="$CACHE/py27-site"
    if ! PYTHONPATH="$site" "$PY27" -c 'import pytest, six' 2>/dev/null; then
        note "installing $PYTEST27_PIN and $SIX_PIN for Python 2.7 into $site"
        rm -rf "$site"
        "$PY27" -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
            --target "$site" "$PYTEST27_PIN" "$SIX_PIN" >"$CACHE/py27-pip.log" 2>&1 ||
            { tail -n 5 "$CACHE/py27-pip.log" >&2; die "could not install $PYTEST27_PIN for Python 2.7"; }
    fi
}
# six.py alone, from the PyPI wheel, for straddled code on Python 3.
ensure_six() {
    local dir="$CACHE/six"
    if [[ ! -f "$dir/six.py" ]]; then
        note "downloading $SIX_PIN from PyPI"
        rm -rf "$CACHE/six-wheel" && mkdir -p "$dir"
        "$PY3" -m pip download --quiet --disable-pip-version-check --no-deps "$SIX_PIN" \
            -d "$CACHE/six-wheel" >/dev/null 2>&1 || die "could not download $SIX_PIN"
        "$PY3" -c 'import glob, sys, zipfile; zipfile.ZipFile(glob.glob(sys.argv[1] + "/six-*.whl")[0]).extract("six.py", sys.argv[2])' \
            "$CACHE/six-wheel" "$dir" || die "could not extract six.py"
    fi
}
ensure_py27_site
ensure_six
PY27_SITE="$CACHE/py27-site"
SIX_DIR="$CACHE/six"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/realpkg.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then note "keeping work directory $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

# pypath COPY DIR PYTHONPATH [EXTRA...]: absolute PYTHONPATH for a copy (DIR first).
pypath() {
    local copy="$1" dir="$2" pp="$3"; shift 3
    local out="$copy/$dir" e
    IFS=':' read -r -a parts <<<"$pp"
    for e in "${parts[@]}"; do [[ -n "$e" ]] && out+=":$(cd "$copy/$dir/$e" && pwd)"; done
    for e in "$@"; do out+=":$e"; done
    echo "$out"
}

# run_tests PYTHON COPY OUT.json: the package's tests in COPY under PYTHON, outcomes to OUT.json.
# Uses the package's fields (dir, pythonpath, runner, test_argv) and $EXTRA_PATH.
run_tests() {
    local py="$1" copy="$2" out="$3"
    local log="${out%.json}.log" path
    path="$(pypath "$copy" "$dir" "$pythonpath" $EXTRA_PATH)"
    case "$runner" in
        pkgtest)
            (cd "$copy/$dir" && PYTHONPATH="$path" timeout 600 "$py" "$PY_HELPERS/pkgtest.py" "$out" "${test_argv[@]}") \
                >"$log" 2>&1 </dev/null || echo "  warning: the test run of $(basename "$out" .json) ended abnormally; see $log (KEEP=1)" >&2
            [[ -s "$out" ]] || echo '{"tests": {}, "errors": {}, "crashed": "the test runner died"}' >"$out"
            ;;
        pytest)
            (cd "$copy/$dir" && PYTHONPATH="$path" timeout 600 "$py" -m pytest -q -p no:cacheprovider \
                --junitxml="${out%.json}.xml" "${test_argv[@]}") >"$log" 2>&1 </dev/null || true
            "$PY3" "$PY_HELPERS/realpkg.py" junit "$out" "${out%.json}.xml"
            ;;
        *) die "unknown test runner $runner" ;;
    esac
}

# imports PYTHON COPY OUT.json: import every module of the package in COPY.
imports() {
    local py="$1" copy="$2" out="$3" path
    path="$(pypath "$copy" "$dir" "$pythonpath" $EXTRA_PATH)"
    "$PY3" "$PY_HELPERS/realpkg.py" imports "$out" "$py" "$copy/$dir" "$path" "${modules[@]}"
}

summaries=()
status=0
for p in "${selected[@]}"; do
    IFS='|' read -r name version kind dir pythonpath runner tests <<<"${p//$'\n'/ }"
    read -r -a test_argv <<<"$(echo $tests)"
    src="$CACHE/src/$name-$version"
    [[ -f "$src/setup.py" ]] || { rm -rf "$src"; fetch_sdist "$name==$version" "$src"; }
    w="$WORK/$name"
    mkdir -p "$w"
    echo "=== $name $version ($kind)"
    for label in original 2to3 pymig straddle; do cp -a "$src" "$w/$label"; done
    "${TWOTO3[@]}" -w -n -j 2 "$w/2to3" >"$w/2to3.migrate.log" 2>&1 || die "2to3 failed on $name; see $w/2to3.migrate.log"
    "$PYMIG_BIN" apply --json "${PYMIG_ARGV[@]}" "$w/pymig" >"$w/pymig.report.json" 2>"$w/pymig.migrate.log" || true
    grep -q '"files_scanned"' "$w/pymig.report.json" ||
        { tail -n 5 "$w/pymig.migrate.log" >&2; die "pymig apply ${PYMIG_ARGV[*]} failed on $name"; }
    # The straddle migration: n/a (not a failure) while pymig rejects --target-version 2.7.
    if run_pymig "$w/straddle.migrate.log" "${PYMIG_ARGV[@]}" --target-version 2.7 "$w/straddle" 2>/dev/null; then
        echo '{"available": true}' >"$w/straddle.status.json"
    else
        reason="$(grep -m1 -i 'error' "$w/straddle.migrate.log" | cut -c1-160 || true)"
        "$PY3" -c 'import json, sys; json.dump({"available": False, "note": "pymig rejected --target-version 2.7: " + sys.argv[1]}, open(sys.argv[2], "w"))' \
            "${reason:-exit status not 0/1}" "$w/straddle.status.json"
    fi

    # Python 3 for this package: the venv's (with pytest) for pytest-run packages.
    py3="$PY3"
    if [[ "$runner" == pytest ]]; then ensure_venv; py3="$CACHE/venv/bin/python"; fi
    EXTRA_PATH="$PY27_SITE"
    run_tests "$PY27" "$w/original" "$w/original-py27.json"
    EXTRA_PATH=""
    run_tests "$py3" "$w/2to3" "$w/2to3-py3.json"
    run_tests "$py3" "$w/pymig" "$w/pymig-py3.json"
    if grep -q '"available": true' "$w/straddle.status.json"; then
        EXTRA_PATH="$PY27_SITE"
        run_tests "$PY27" "$w/straddle" "$w/straddle-py27.json"
        EXTRA_PATH="$SIX_DIR"
        run_tests "$py3" "$w/straddle" "$w/straddle-py3.json"
    fi

    # Import check.
    roots=(.)
    IFS=':' read -r -a pp_parts <<<"$pythonpath"
    for e in "${pp_parts[@]}"; do [[ -n "$e" ]] && roots+=("$e"); done
    mapfile -t modules < <("$PY3" "$PY_HELPERS/realpkg.py" modules "$src/$dir" "${roots[@]}")
    EXTRA_PATH="$PY27_SITE"
    imports "$PY27" "$w/original" "$w/imports-original-py27.json"
    EXTRA_PATH=""
    imports "$py3" "$w/2to3" "$w/imports-2to3-py3.json"
    imports "$py3" "$w/pymig" "$w/imports-pymig-py3.json"
    mapfile -t failing < <("$PY3" -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print("\n".join(m for m, e in a.items() if e is None and b.get(m) is not None))' \
        "$w/imports-original-py27.json" "$w/imports-pymig-py3.json" | grep . || true)
    if [[ ${#failing[@]} -gt 0 ]]; then
        applied="$("$PY3" -c 'import json, sys; print(",".join(sorted(json.load(open(sys.argv[1]))["summary"]["fixes"])))' "$w/pymig.report.json")"
        note "$name: ${#failing[@]} modules fail to import after pymig; attributing (leave one codemod out of: $applied)"
        "$PY3" "$PY_HELPERS/realpkg.py" attribute "$w/attribution.json" "$py3" "$PYMIG_BIN" "$src" "$dir" \
            "$(IFS=:; echo "${pp_parts[*]:-}")" "$applied" "${failing[@]}"
    fi
    "$PY3" "$PY_HELPERS/realpkg.py" package "$CACHE/summary-$name.json" "$name" "$version" "$kind" "$w"
    summaries+=("$CACHE/summary-$name.json")
    echo
done

docs=-
[[ $# -eq 0 ]] && docs="$REPO_DIR/docs/parity.md"
echo "=== all packages (pymig apply ${PYMIG_ARGV[*]})"
runtime="$(elapsed "$T0" "$(now)")"
caption="\`pymig apply ${PYMIG_ARGV[*]}\`; $("$PY3" -c 'import platform; print("Python", platform.python_version())') and \
$("$PY27" -c 'import platform; print(platform.python_version())'), $(nproc) cores; whole run ${runtime%.*} s."
"$PY3" "$PY_HELPERS/realpkg.py" table "$CACHE/realpkg.md" "$docs" "$caption" "${summaries[@]}" || status=1
echo "run time: $runtime s; table: $CACHE/realpkg.md"
exit $status
