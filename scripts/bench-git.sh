#!/bin/sh
# Time `pymig plan` and `pymig apply --commit` on a generated repository of 2,000 Python
# files in 20 packages (every file needs one json-sort-keys fix). Measures; asserts nothing.
#
#   scripts/bench-git.sh                  # builds and uses target/release/pymig
#   PYMIG=target/debug/pymig scripts/bench-git.sh
#   FILES=5000 MAX_FILES=50 scripts/bench-git.sh
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
files=${FILES:-2000}
packages=${PACKAGES:-20}
max_files=${MAX_FILES:-25}
codemod=${CODEMOD:-json-sort-keys}
if [ -z "${PYMIG:-}" ]; then
    (cd "$here" && cargo build --release --quiet)
    PYMIG=$here/target/release/pymig
fi
case $PYMIG in /*) ;; *) PYMIG=$here/$PYMIG ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
mkdir -p "$repo"
cd "$repo"
git init -q -b main
git config user.name "Bench"
git config user.email "bench@example.com"
git config commit.gpgsign false

echo "generating $files files in $packages packages…"
per_package=$((files / packages))
p=0
while [ $p -lt "$packages" ]; do
    dir=pkg$p
    mkdir -p "$dir"
    : > "$dir/__init__.py"
    i=0
    while [ $i -lt "$per_package" ]; do
        cat > "$dir/mod$i.py" <<PY
import json


def payload_$i(items):
    """Serialise items."""
    data = {'id': $i, 'items': items}
    return json.dumps(data)
PY
        i=$((i + 1))
    done
    p=$((p + 1))
done
git add -A
git commit -q -m "initial"

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{ printf "%.2f", $2 - $1 }'; }

start=$(now)
"$PYMIG" plan -c "$codemod" --max-files "$max_files" . > "$work/plan.txt"
end=$(now)
echo "plan:           $(elapsed "$start" "$end") s  ($(head -1 "$work/plan.txt"))"

start=$(now)
"$PYMIG" plan --json -c "$codemod" --max-files "$max_files" . > "$work/plan.json"
end=$(now)
echo "plan --json:    $(elapsed "$start" "$end") s"

start=$(now)
"$PYMIG" apply -q -c "$codemod" --commit --max-files "$max_files" .
end=$(now)
commits=$(git rev-list --count HEAD)
echo "apply --commit: $(elapsed "$start" "$end") s  ($((commits - 1)) commits)"

start=$(now)
"$PYMIG" apply -q -c "$codemod" --commit --max-files "$max_files" .
end=$(now)
echo "re-run:         $(elapsed "$start" "$end") s  ($(($(git rev-list --count HEAD) - commits)) new commits)"

test -z "$(git status --porcelain)" && echo "git status: clean" || { echo "git status: NOT clean"; git status --short | head; }
git fsck --no-dangling >/dev/null 2>&1 && echo "git fsck: ok" || echo "git fsck: FAILED"
