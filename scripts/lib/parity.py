#!/usr/bin/env python3
"""Compare 2to3's and pymig's outputs per fixer group (used by scripts/parity.sh).

Subcommands:
  groups MAP                       print `GROUP CODEMOD` lines: fixers sharing a codemod
                                   form one comma-joined group, in map order; warns about
                                   lib2to3 fixers missing from MAP
  collect ORIG COPY DEST           copy the .py files of COPY that differ from ORIG to DEST
  compare ORIG OUT GROUP CODEMOD STATUS
                                   compare OUT/2to3/GROUP with OUT/pymig/CODEMOD; append a
                                   row to OUT/parity.tsv and file rows to OUT/parity-files.tsv
  show OUT ORIG FIXER              unified diffs (2to3 -> pymig) of the group's differing files
  report OUT                       markdown table of OUT/parity.tsv

Outputs are compared after normalising layout: when both sides tokenize (Python's
tokenize), their token streams are compared ignoring NL tokens, indentation widths,
comment positions and trailing spaces in comments; otherwise the texts are compared with
all whitespace removed.
"""

import difflib
import io
import os
import re
import shutil
import sys
import tokenize
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import py_files  # noqa: E402

TSV_HEADER = "group\tcodemod\tstatus\tchanged_2to3\tchanged_pymig\tsame\tdiffer\tonly_2to3\tonly_pymig\n"
FILES_HEADER = "group\tcodemod\tfile\tkind\n"
SKIP = {tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
SPACE = re.compile(rb"\s+")


def tokens(data):
    """The layout-free token stream of data, or None if it does not tokenize."""
    out = []
    try:
        for tok in tokenize.tokenize(io.BytesIO(data).readline):
            if tok.type in SKIP:
                continue
            if tok.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
                out.append((tok.type, ""))
            elif tok.type == tokenize.COMMENT:
                out.append((tok.type, tok.string.rstrip()))
            else:
                out.append((tok.type, tok.string))
    except (tokenize.TokenError, IndentationError, SyntaxError, UnicodeDecodeError, LookupError):
        return None
    return out


def same_code(a, b):
    if a == b:
        return True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ta, tb = tokens(a), tokens(b)
    if ta is not None and tb is not None:
        return ta == tb
    return SPACE.sub(b"", a) == SPACE.sub(b"", b)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def changed_files(tree):
    """Relative paths of the files under tree (all regular files)."""
    found = set()
    if not os.path.isdir(tree):
        return found
    for dirpath, _, filenames in os.walk(tree):
        for name in filenames:
            found.add(os.path.relpath(os.path.join(dirpath, name), tree))
    return found


def cmd_groups(map_path):
    order = []
    fixers_of = {}
    mapped = set()
    with open(map_path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2:
                sys.exit(f"{map_path}:{lineno}: expected `fixer codemod`, got {line!r}")
            fixer, codemod = parts
            mapped.add(fixer)
            if codemod not in fixers_of:
                fixers_of[codemod] = []
                order.append(codemod)
            fixers_of[codemod].append(fixer)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from lib2to3 import refactor
        known = {m.rsplit(".", 1)[1][len("fix_"):] for m in refactor.get_fixers_from_package("lib2to3.fixes")}
        for fixer in sorted(known - mapped):
            print(f"warning: lib2to3 fixer {fixer} is not in {map_path}", file=sys.stderr)
        for fixer in sorted(mapped - known):
            sys.exit(f"{map_path}: {fixer} is not a lib2to3 fixer")
    except ImportError:
        pass
    for codemod in order:
        print(f"{','.join(fixers_of[codemod])} {codemod}")


def cmd_collect(orig, copy, dest):
    os.makedirs(dest, exist_ok=True)
    for rel in py_files(copy):
        new = os.path.join(copy, rel)
        old = os.path.join(orig, rel)
        if os.path.exists(old) and read(old) == read(new):
            continue
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(new, target)


def side(orig, tree, rel):
    path = os.path.join(tree, rel)
    return read(path) if os.path.exists(path) else read(os.path.join(orig, rel))


def cmd_compare(orig, out, group, codemod, status):
    twoto3_dir = os.path.join(out, "2to3", group)
    pymig_dir = os.path.join(out, "pymig", codemod)
    by_2to3 = changed_files(twoto3_dir)
    by_pymig = changed_files(pymig_dir) if status == "ran" else set()
    rows = []
    counts = {"same": 0, "differ": 0, "only-2to3": 0, "only-pymig": 0}
    for rel in sorted(by_2to3 | by_pymig):
        a = side(orig, twoto3_dir, rel)
        b = side(orig, pymig_dir, rel)
        if same_code(a, b):
            counts["same"] += 1
            continue
        if rel in by_2to3 and rel in by_pymig:
            kind = "differ"
        elif rel in by_2to3:
            kind = "only-2to3"
        else:
            kind = "only-pymig"
        counts[kind] += 1
        rows.append(f"{group}\t{codemod}\t{rel}\t{kind}\n")
    if status == "ran":
        status = "same" if not rows else "differ"
    ndiff = counts["differ"] + counts["only-2to3"] + counts["only-pymig"]
    tsv = os.path.join(out, "parity.tsv")
    with open(tsv, "a") as f:
        f.write(
            f"{group}\t{codemod}\t{status}\t{len(by_2to3)}\t{len(by_pymig)}\t{counts['same']}\t"
            f"{counts['differ']}\t{counts['only-2to3']}\t{counts['only-pymig']}\n"
        )
    if status != "no-codemod":
        with open(os.path.join(out, "parity-files.tsv"), "a") as f:
            f.writelines(rows)
    shown_pymig = "-" if status == "no-codemod" else str(len(by_pymig))
    label = f"{group.replace(',', '+')} -> {codemod}"
    print(
        f"{label:<40} 2to3 {len(by_2to3):>4}  pymig {shown_pymig:>4}  differ {ndiff:>4}"
        + ("  (pymig has no such codemod)" if status == "no-codemod" else "")
    )
    if status != "no-codemod":
        limit = int(os.environ.get("PARITY_LIST_LIMIT", "25"))
        for row in rows[:limit]:
            _, _, rel, kind = row.rstrip("\n").split("\t")
            print(f"    {kind:<10} {rel}")
        if len(rows) > limit:
            print(f"    ... and {len(rows) - limit} more (parity-files.tsv)")


def load_tsv(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def cmd_show(out, orig, fixer):
    rows = load_tsv(os.path.join(out, "parity.tsv"))
    match = [r for r in rows if fixer in r["group"].split(",") or fixer in (r["group"], r["codemod"])]
    if not match:
        sys.exit(f"no fixer {fixer!r} in {out}/parity.tsv")
    group, codemod = match[0]["group"], match[0]["codemod"]
    files = [r for r in load_tsv(os.path.join(out, "parity-files.tsv")) if r["group"] == group]
    print(f"# {group.replace(',', '+')} -> {codemod}: {len(files)} differing files (--- 2to3, +++ pymig)")
    twoto3_dir = os.path.join(out, "2to3", group)
    pymig_dir = os.path.join(out, "pymig", codemod)
    for r in files:
        rel = r["file"]
        a = side(orig, twoto3_dir, rel).decode("utf-8", "replace").splitlines(keepends=True)
        b = side(orig, pymig_dir, rel).decode("utf-8", "replace").splitlines(keepends=True)
        print(f"## {rel} [{r['kind']}]")
        sys.stdout.writelines(difflib.unified_diff(a, b, f"2to3/{rel}", f"pymig/{rel}", n=2))
        print()


def cmd_report(out):
    rows = load_tsv(os.path.join(out, "parity.tsv"))
    print("| 2to3 fixer(s) | pymig codemod | changed by 2to3 | changed by pymig | same | differ | only 2to3 | only pymig |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if r["status"] == "no-codemod":
            print(f"| {r['group'].replace(',', ', ')} | {r['codemod']} (missing) | {r['changed_2to3']} | – | – | – | – | – |")
        else:
            print(
                f"| {r['group'].replace(',', ', ')} | {r['codemod']} | {r['changed_2to3']} | {r['changed_pymig']} | "
                f"{r['same']} | {r['differ']} | {r['only_2to3']} | {r['only_pymig']} |"
            )


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    commands = {
        "groups": (cmd_groups, 1),
        "collect": (cmd_collect, 3),
        "compare": (cmd_compare, 5),
        "show": (cmd_show, 3),
        "report": (cmd_report, 1),
    }
    if cmd == "init":
        os.makedirs(args[0], exist_ok=True)
        with open(os.path.join(args[0], "parity.tsv"), "w") as f:
            f.write(TSV_HEADER)
        with open(os.path.join(args[0], "parity-files.tsv"), "w") as f:
            f.write(FILES_HEADER)
        return
    if cmd not in commands or len(args) != commands[cmd][1]:
        sys.exit(__doc__)
    commands[cmd][0](*args)


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # output piped into head/less and closed early
        sys.stderr.close()
