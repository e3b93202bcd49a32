#!/usr/bin/env python3
"""Run 2to3 fixer groups one at a time over a corpus, parsing each file once.

usage: twoto3_each.py CORPUS OUT GROUP [GROUP...] [--jobs N]
  GROUP is a comma-separated list of fixer names run together (e.g. `filter,map,zip`).
  For every group, the files the group changes are written to OUT/<group>/<relative path>
  exactly as `2to3 -f F1 -f F2 -w -n` would write them (same decoding, encoding, newlines).
  OUT/errors.tsv lists files 2to3 cannot parse (group `*`) or where a fixer raised.

Equivalent to one `2to3 -f ... -w -n CORPUS` run per group, but each file is parsed once
and copied afresh (from a pristine clone) only after a group has changed it; each group
still walks the tree, so the sweep costs roughly one 2to3 traversal per group but only
one parse per file.
"""

import argparse
import logging
import multiprocessing
import os
import sys
import tokenize
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
warnings.simplefilter("ignore", PendingDeprecationWarning)
from lib2to3 import pygram, refactor  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import py_files  # noqa: E402

_STATE = {}


def _init(corpus, out, groups):
    logging.disable(logging.CRITICAL)
    _STATE["corpus"] = corpus
    _STATE["out"] = out
    _STATE["parser"] = refactor.RefactoringTool([])
    _STATE["tools"] = []
    for group in groups:
        modules = ["lib2to3.fixes.fix_" + f for f in group.split(",")]
        # explicit=: optional fixers (idioms, set_literal, ...) run when named, as with `2to3 -f`
        _STATE["tools"].append((group, refactor.RefactoringTool(modules, explicit=modules)))


def _parse(text):
    """A fresh lib2to3 tree for text, parsed as RefactoringTool.refactor_string does
    (without running any fixer), or raise."""
    parser = _STATE["parser"]
    features = refactor._detect_future_features(text)
    if "print_function" in features:
        parser.driver.grammar = pygram.python_grammar_no_print_statement
    try:
        tree = parser.driver.parse_string(text)
    finally:
        parser.driver.grammar = parser.grammar
    tree.future_features = features
    return tree


def _fresh(pristine):
    """An unrefactored copy of pristine, and the list of its nodes (cloning is several
    times cheaper than parsing again)."""
    tree = pristine.clone()
    # clone() copies the nodes only; these are set on the root by the parser / refactor_string
    tree.future_features = pristine.future_features
    tree.used_names = pristine.used_names
    return tree, list(tree.pre_order())


def _refactor(tool, tree, nodes, path):
    """Run one tool's fixers over tree. The bottom-up matcher marks every node it visits
    as checked and then skips checked nodes, so a tree shared between tools must be
    unmarked first."""
    for node in nodes:
        node.was_checked = False
    tool.refactor_tree(tree, path)


def _process(rel):
    corpus, out = _STATE["corpus"], _STATE["out"]
    path = os.path.join(corpus, rel)
    errors = []
    try:
        with open(path, "rb") as f:
            encoding = tokenize.detect_encoding(f.readline)[0]
        with open(path, "r", encoding=encoding, newline="") as f:
            original = f.read()
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as err:
        return [("*", rel, f"cannot read: {err}")]
    text = original + "\n"
    try:
        pristine = _parse(text)
    except Exception as err:  # lib2to3 raises ParseError, TokenError, IndentationError...
        return [("*", rel, f"cannot parse: {type(err).__name__}: {err}")]
    tree, nodes = _fresh(pristine)
    written = {}
    for group, tool in _STATE["tools"]:
        try:
            _refactor(tool, tree, nodes, path)
        except Exception as err:  # a crashing fixer: 2to3 itself would abort on this file
            errors.append((group, rel, f"fixer raised {type(err).__name__}: {err}"))
            tree, nodes = _fresh(pristine)
            continue
        if tree.was_changed:
            new = str(tree)[:-1]
            if new != original:
                written[group] = new
            tree, nodes = _fresh(pristine)
    # A fixer that edits a leaf in place without marking the tree changed would leak into
    # later groups; 2to3 would not write such a change either, so only check and redo.
    if str(tree) != text:
        errors.append(("*", rel, "a fixer mutated the tree without marking it changed; redone one group at a time"))
        written = {}
        for group, tool in _STATE["tools"]:
            tree = _parse(text)
            try:
                _refactor(tool, tree, list(tree.pre_order()), path)
            except Exception:
                continue
            if tree.was_changed and str(tree)[:-1] != original:
                written[group] = str(tree)[:-1]
    for group, new in written.items():
        dest = os.path.join(out, group, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w", encoding=encoding, newline="") as f:
            f.write(new)
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("out")
    parser.add_argument("groups", nargs="+")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    corpus = os.path.abspath(args.corpus)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    for group in args.groups:
        os.makedirs(os.path.join(out, group), exist_ok=True)
    files = py_files(corpus)
    errors = []
    with multiprocessing.Pool(args.jobs, _init, (corpus, out, args.groups)) as pool:
        for errs in pool.imap_unordered(_process, files, chunksize=8):
            errors.extend(errs)
    with open(os.path.join(out, "errors.tsv"), "w") as f:
        for group, rel, msg in sorted(errors):
            f.write(f"{group}\t{rel}\t{msg}\n")
    print(f"2to3: {len(files)} files, {len(args.groups)} fixer groups, {len(errors)} errors", file=sys.stderr)


if __name__ == "__main__":
    main()
