#!/usr/bin/env bash
# Benchmark pymig on Django 1.3.7 against 2to3 and a parse-only pass.
#
#   scripts/bench.sh                       # median of 3 runs each
#   RUNS=5 CODEMODS=json-sort-keys scripts/bench.sh
#   PRESET=py3 scripts/bench.sh            # the whole preset against all of 2to3's fixers
#
# Environment:
#   RUNS      runs per measurement; the median is reported (default 3)
#   CODEMODS  codemods for pymig (default lazy-map,dict-views,json-sort-keys)
#   PRESET    run this preset instead of CODEMODS (`py3`); 2to3 then runs all its
#             default fixers
#   JOBS      worker threads for pymig and 2to3 (default 2)
#   CACHE     where the sdist is downloaded and extracted, outside the repository
#             (default ~/.cache/pymig-bench)
#
# The sdist is fetched from PyPI by name; every write-mode run works on a fresh copy.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
CODEMODS=${CODEMODS:-lazy-map,dict-views,json-sort-keys}
PRESET=${PRESET:-}
JOBS=${JOBS:-2}
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pymig-bench}
NAME=Django-1.3.7
CORPUS=$CACHE/$NAME

case "$RUNS" in '' | *[!0-9]* | 0) echo "RUNS must be a positive integer" >&2; exit 2 ;; esac

# --- tools -------------------------------------------------------------------------
if [ ! -x /usr/bin/time ] || ! /usr/bin/time -f %M true >/dev/null 2>&1; then
  echo "installing GNU time (for peak memory)" >&2
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
if command -v 2to3 >/dev/null 2>&1; then
  TWO_TO_THREE=(2to3)
else
  TWO_TO_THREE=(python3 -m lib2to3)
fi

# --- corpus --------------------------------------------------------------------------
if [ ! -d "$CORPUS" ]; then
  mkdir -p "$CACHE"
  tarball=$CACHE/$NAME.tar.gz
  if [ ! -s "$tarball" ]; then
    echo "downloading $NAME from PyPI" >&2
    if ! python3 -m pip download --quiet --no-deps --no-binary :all: "Django==1.3.7" -d "$CACHE" 2>/dev/null \
      || [ ! -s "$tarball" ]; then
      # pip may fail preparing an old setup.py's metadata: fetch the sdist it lists directly.
      python3 - "$tarball" <<'EOF'
import json, sys, urllib.request
info = json.load(urllib.request.urlopen("https://pypi.org/pypi/Django/1.3.7/json"))
url = next(u["url"] for u in info["urls"] if u["packagetype"] == "sdist")
urllib.request.urlretrieve(url, sys.argv[1])
EOF
    fi
  fi
  tar -xzf "$tarball" -C "$CACHE"
fi
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 2; }

if [ -n "$PRESET" ]; then
  SELECT=(--preset "$PRESET")
  FIXERS=()
  WHAT="preset $PRESET"
  WHAT_2TO3="2to3 (all fixers) -j $JOBS"
else
  SELECT=(--codemod "$CODEMODS")
  FIXERS=(-f map -f filter -f zip -f dict)
  WHAT="codemods: $CODEMODS"
  WHAT_2TO3="2to3 -f map,filter,zip,dict -j $JOBS"
fi

# --- build -----------------------------------------------------------------------------
(cd "$ROOT" && cargo build --release --quiet)
PYMIG=$ROOT/target/release/pymig

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pymig-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# measure LABEL FRESH_COPY CMD... : runs CMD $RUNS times (in a fresh copy of the corpus
# when FRESH_COPY=1, the copy's path replacing the word @CORPUS), records elapsed seconds
# and peak RSS, and keeps the medians in $WORK/LABEL.
measure() {
  local label=$1 fresh=$2
  shift 2
  local times=() cpus=() mems=() i
  for ((i = 0; i < RUNS; i++)); do
    local target=$CORPUS
    if [ "$fresh" = 1 ]; then
      # A new directory per run, all removed at the end: deleting thousands of files just
      # before a timed run slows the file creations in it (ext4 skips recently freed
      # inodes when allocating), which would skew whichever tool runs next.
      target=$WORK/copy-$label-$i
      cp -r "$CORPUS" "$target"
    fi
    local cmd=("${@//@CORPUS/$target}")
    local start=$EPOCHREALTIME
    # Exit codes 1 and 2 are expected (files that would change, files that cannot be read).
    /usr/bin/time -f "%M %U %S" -o "$WORK/time" "${cmd[@]}" >/dev/null 2>&1 || true
    local end=$EPOCHREALTIME
    local m u s
    read -r m u s < <(tail -n 1 "$WORK/time")
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')")
    mems+=("$m")
  done
  echo "$(median "${times[@]}") $(median "${mems[@]}") $(median "${cpus[@]}")" > "$WORK/$label"
  printf '  %-8s wall: %s s; cpu: %s s\n' "$label" "${times[*]}" "${cpus[*]}" >&2
}

median() {
  printf '%s\n' "$@" | sort -g | sed -n "$(($# / 2 + 1))p"
}

files=$(find "$CORPUS" -name '*.py' | wc -l)
lines=$(find "$CORPUS" -name '*.py' -print0 | xargs -0 cat | wc -l)
echo "corpus: $NAME ($files .py files, $lines lines); $WHAT; $RUNS runs, median; $(nproc) cores" >&2

# Warm the page cache so the first measured run is not the only one reading from disk.
"$PYMIG" parse "$CORPUS" >/dev/null 2>&1 || true

measure parse 0 "$PYMIG" parse --jobs "$JOBS" @CORPUS
measure dry-run 0 "$PYMIG" apply --dry-run --jobs "$JOBS" "${SELECT[@]}" @CORPUS
measure write 1 "$PYMIG" apply --jobs "$JOBS" "${SELECT[@]}" @CORPUS
measure 2to3 1 "${TWO_TO_THREE[@]}" ${FIXERS[@]+"${FIXERS[@]}"} -n -w --no-diffs -j "$JOBS" @CORPUS

get() { cut -d' ' -f"$2" "$WORK/$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo
printf '%-36s %9s %9s %14s\n' "command (median of $RUNS)" "wall (s)" "cpu (s)" "peak RSS (MB)"
for label in parse dry-run write 2to3; do
  case $label in
    parse) what="pymig parse (parse only)" ;;
    dry-run) what="pymig apply --dry-run" ;;
    write) what="pymig apply (write, fresh copy)" ;;
    2to3) what="$WHAT_2TO3" ;;
  esac
  printf '%-36s %9s %9s %14s\n' "$what" "$(get "$label" 1)" "$(get "$label" 3)" \
    "$(awk -v k="$(get "$label" 2)" 'BEGIN { printf "%.0f", k / 1024 }')"
done
echo
echo "2to3 / pymig write (wall):        $(ratio "$(get 2to3 1)" "$(get write 1)")x faster"
echo "2to3 / pymig dry-run (wall):      $(ratio "$(get 2to3 1)" "$(get dry-run 1)")x faster"
echo "pymig dry-run / parse-only (wall): $(ratio "$(get dry-run 1)" "$(get parse 1)")x (cpu: $(ratio "$(get dry-run 3)" "$(get parse 3)")x)"
echo "pymig write / parse-only (wall):   $(ratio "$(get write 1)" "$(get parse 1)")x (cpu: $(ratio "$(get write 3)" "$(get parse 3)")x)"
