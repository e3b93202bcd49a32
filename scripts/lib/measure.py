#!/usr/bin/env python3
"""Helpers for the corpus measurement scripts (scripts/*.sh).

Subcommands:
  count NAME DIR                 print NAME DIR FILES LINES for the .py files under DIR
  unpack ARCHIVE DEST            extract an sdist (.tar.gz/.zip) so DEST is its top directory
  compile DIR [--ok-list FILE]   compile every .py under DIR with this python3 (what
                                 py_compile accepts); print failures and `N/M compile`
  regressions BASE_OK NEW_OK [--why FAIL_LIST]
                                 print files in BASE_OK's list but not in NEW_OK's
"""

import argparse
import os
import shutil
import sys
import tarfile
import tempfile
import warnings
import zipfile


def py_files(root):
    """Relative paths of the .py files under root, sorted, skipping dot-directories
    (as 2to3 does when given a directory)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.endswith(".py") and not name.startswith("."):
                found.append(os.path.relpath(os.path.join(dirpath, name), root))
    return sorted(found)


def cmd_count(args):
    files = py_files(args.dir)
    lines = 0
    for rel in files:
        with open(os.path.join(args.dir, rel), "rb") as f:
            lines += f.read().count(b"\n")
    print(f"{args.name} {args.dir} {len(files)} {lines}")


def cmd_unpack(args):
    dest = os.path.abspath(args.dest)
    scratch = tempfile.mkdtemp(dir=os.path.dirname(dest))
    try:
        if args.archive.endswith(".zip"):
            with zipfile.ZipFile(args.archive) as z:
                z.extractall(scratch)
        else:
            with tarfile.open(args.archive) as t:
                t.extractall(scratch, filter="data")
        entries = os.listdir(scratch)
        top = os.path.join(scratch, entries[0]) if len(entries) == 1 else scratch
        if not os.path.isdir(top):
            top = scratch
        os.rename(top, dest)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def compiles(path):
    """None if python3 compiles the file (as py_compile would), else the error text."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, UnicodeDecodeError) as err:
        line = getattr(err, "lineno", None)
        msg = getattr(err, "msg", None) or str(err)
        return f"{line}: {msg}" if line else msg
    return None


def cmd_compile(args):
    files = py_files(args.dir)
    ok = []
    failures = []
    for rel in files:
        error = compiles(os.path.join(args.dir, rel))
        if error is None:
            ok.append(rel)
        else:
            failures.append((rel, error))
    if args.ok_list:
        with open(args.ok_list, "w") as f:
            f.writelines(rel + "\n" for rel in ok)
    if args.fail_list:
        with open(args.fail_list, "w") as f:
            f.writelines(f"{rel}\t{error}\n" for rel, error in failures)
    if not args.quiet:
        for rel, error in failures:
            print(f"  does not compile: {rel}:{error}")
    label = f"{args.label}: " if args.label else ""
    print(f"{label}{len(ok)}/{len(files)} compile")


def read_list(path):
    with open(path) as f:
        return {line.rstrip("\n") for line in f if line.strip()}


def cmd_regressions(args):
    why = {}
    if args.why:
        with open(args.why) as f:
            for line in f:
                rel, _, error = line.rstrip("\n").partition("\t")
                why[rel] = error
    lost = sorted(read_list(args.base_ok) - read_list(args.new_ok))
    for rel in lost:
        print(f"{rel}:{why[rel]}" if rel in why else rel)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("count")
    p.add_argument("name")
    p.add_argument("dir")
    p.set_defaults(func=cmd_count)
    p = sub.add_parser("unpack")
    p.add_argument("archive")
    p.add_argument("dest")
    p.set_defaults(func=cmd_unpack)
    p = sub.add_parser("compile")
    p.add_argument("dir")
    p.add_argument("--ok-list")
    p.add_argument("--fail-list")
    p.add_argument("--label", default="")
    p.add_argument("--quiet", action="store_true", help="only the summary line")
    p.set_defaults(func=cmd_compile)
    p = sub.add_parser("regressions")
    p.add_argument("base_ok")
    p.add_argument("new_ok")
    p.add_argument("--why", help="fail list (path TAB error) to annotate each file with")
    p.set_defaults(func=cmd_regressions)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    sys.exit(main())
