#!/bin/sh
# Builds the small repository used in docs/git.md and runs the workflow shown there.
# Dates are fixed so commit ids are the same on every run:
#   PATH=target/debug:$PATH sh docs/git-example.sh
set -u
export GIT_AUTHOR_DATE="2026-01-15T10:00:00+01:00" GIT_COMMITTER_DATE="2026-01-15T10:00:00+01:00"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
git init -q -b main feedapp && cd feedapp
git config user.name "Ada Lovelace" && git config user.email ada@example.com
mkdir -p src/feed/api src/billing tools tests .github
touch src/feed/__init__.py src/feed/api/__init__.py src/billing/__init__.py
cat > src/feed/render.py <<'EOF'
import json


def render(entry):
    return json.dumps({'title': entry.title, 'id': entry.id})
EOF
cat > src/feed/api/views.py <<'EOF'
import json


def index(request, entries):
    ids = map(str, [e.id for e in entries])
    body = json.dumps(ids)
    meta = json.dumps({'count': len(entries), 'page': request.page})
    return body, meta
EOF
cat > src/billing/invoice.py <<'EOF'
import json


def invoice_json(total, currency):
    return json.dumps({'total': total, 'currency': currency})


def save(invoice, fp):
    json.dump(invoice, fp,
              indent=2)
EOF
cat > tools/export.py <<'EOF'
import json
import sys

json.dump({'version': 2, 'items': filter(None, sys.argv[1:])}, sys.stdout)
EOF
cat > tests/test_invoice.py <<'EOF'
import sys
sys.path.insert(0, 'src')
from billing.invoice import invoice_json

# A snapshot of the serialised invoice, in insertion order.
assert invoice_json(10, 'EUR') == '{"total": 10, "currency": "EUR"}', invoice_json(10, 'EUR')
print('invoice snapshot ok')
EOF
cat > .github/CODEOWNERS <<'EOF'
*             @acme/platform
/src/feed/    @acme/feed
/src/billing/ @acme/billing
EOF
git add -A && git commit -qm "Feed app"
echo 'DEBUG = True  # local experiment' >> tools/export.py

run() { echo "\$ $1"; sh -c "$1" 2>&1; code=$?; [ $code -ne 0 ] && echo "(exit status $code)"; echo; }
run 'git status --short'
run 'pymig plan --codemod lazy-map,json-sort-keys src/ tools/'
run 'pymig plan --codemod lazy-map,json-sort-keys --split-by owners src/ tools/'
run 'pymig apply --codemod lazy-map,json-sort-keys --commit --max-files 1 --verify "python3 tests/test_invoice.py" --trailer "Refs: MIG-42" --blame-ignore src/ tools/'
run 'git log --oneline'
run 'git status --short'
run 'git show HEAD~3'
# The billing snapshot was written for unsorted keys: update it, then run again.
sed -i "s/'{\"total\": 10, \"currency\": \"EUR\"}'/'{\"currency\": \"EUR\", \"total\": 10}'/" tests/test_invoice.py
git commit -q -m "Billing snapshot: expect sorted keys" tests/test_invoice.py
run 'pymig apply --codemod lazy-map,json-sort-keys --commit --max-files 1 --verify "python3 tests/test_invoice.py" --trailer "Refs: MIG-42" --blame-ignore src/ tools/'
run 'git log --oneline'
run 'cat .git-blame-ignore-revs'
run 'git status --short'
run 'pymig plan --codemod lazy-map,json-sort-keys src/ tools/'
