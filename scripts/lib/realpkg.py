#!/usr/bin/env python3
"""Helpers of scripts/realpkg.sh (Python 3).

  realpkg.py junit OUT.json JUNIT.xml
      convert a pytest --junitxml report into pkgtest.py's JSON.
  realpkg.py modules DIR ROOT...
      print the modules under the import roots ROOT... (relative to DIR), one per line.
  realpkg.py imports OUT.json PYTHON DIR PYTHONPATH MODULE...
      import each MODULE with PYTHON in its own process (cwd DIR, 60 s timeout);
      OUT.json gets {module: null (imported) or the error's last line}.
  realpkg.py attribute OUT.json PYTHON PYMIG SOURCE DIR_IN_COPY PYTHONPATH CODEMODS MODULE...
      for each codemod C of the comma-separated CODEMODS (those that changed the package):
      migrate a fresh copy of SOURCE with all of them except C and import the MODULEs
      (which failed to import after the full run); a module that imports without C is
      attributed to C. OUT.json gets {module: [codemods]}.
  realpkg.py package OUT.json NAME VERSION KIND WORKDIR
      summarise one package's runs (WORKDIR/*.json), print its lists, write OUT.json.
  realpkg.py table MD_OUT DOCS|- CAPTION SUMMARY.json...
      print the final table, write it as markdown (CAPTION below it) to MD_OUT and, unless
      DOCS is -, into DOCS between the realpkg-table markers. Exit 1 if the gate fails.
"""

import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PASSING = ("pass", "xpass")
SKIP_MODULES = {"setup", "ez_setup", "distribute_setup", "conf"}
# A failing module that imports when no single codemod is left out: Python 2 code that pymig
# left as is (2to3 usually fails there too), or the work of several codemods together.
NO_CODEMOD = "no single codemod"
START = "<!-- realpkg-table:start -->"
END = "<!-- realpkg-table:end -->"


def load(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def dump(obj, path):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)


def cmd_junit(out, xml_path):
    result = {"tests": {}, "errors": {}, "crashed": None}
    try:
        root = ET.parse(xml_path).getroot()
    except (OSError, ET.ParseError) as err:
        result["crashed"] = f"no test report: {err}"
    else:
        for case in root.iter("testcase"):
            test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
            err = case.find("error")
            if err is None:
                err = case.find("failure")
            skipped = case.find("skipped")
            if case.find("error") is not None:
                outcome = "error"
            elif case.find("failure") is not None:
                outcome = "fail"
            elif skipped is not None:
                outcome = "xfail" if skipped.get("type") == "pytest.xfail" else "skip"
            else:
                outcome = "pass"
            result["tests"][test_id] = outcome
            if err is not None:
                msg = (err.get("message") or err.text or "").strip().splitlines()
                result["errors"][test_id] = msg[-1][:300] if msg else ""
    dump(result, out)


def is_ident(name):
    return name.isidentifier()


def cmd_modules(base, roots):
    seen_files, names = set(), []

    def walk(path, prefix):
        for entry in sorted(os.listdir(path)):
            full = os.path.join(path, entry)
            if entry.endswith(".py") and os.path.isfile(full):
                stem = entry[:-3]
                if not is_ident(stem) or (not prefix and (stem in SKIP_MODULES or stem == "__init__")):
                    continue
                real = os.path.realpath(full)
                if real in seen_files:
                    continue
                seen_files.add(real)
                names.append(prefix + ("" if stem == "__init__" else stem) if prefix else stem)
            elif os.path.isdir(full) and is_ident(entry) and os.path.isfile(os.path.join(full, "__init__.py")):
                walk(full, f"{prefix}{entry}.")

    for root in roots:
        walk(os.path.normpath(os.path.join(base, root)), "")
    for n in names:
        print(n.rstrip("."))


def import_one(python, cwd, pythonpath, module):
    env = dict(os.environ, PYTHONPATH=pythonpath, PYTHONDONTWRITEBYTECODE="1")
    code = "import sys; __import__(sys.argv[1])"
    try:
        proc = subprocess.run([python, "-c", code, module], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        return "timeout: the import took over 60 s"
    if proc.returncode == 0:
        return None
    lines = [ln for ln in proc.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    return (lines[-1].strip() if lines else f"exit status {proc.returncode}")[:300]


def import_all(python, cwd, pythonpath, modules):
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda m: import_one(python, cwd, pythonpath, m), modules)
        return dict(zip(modules, results))


def cmd_imports(out, python, cwd, pythonpath, modules):
    dump(import_all(python, cwd, pythonpath, modules), out)


def cmd_attribute(out, python, pymig, source, subdir, pythonpath, codemods, modules):
    """Leave-one-out: which codemods does each failing module need left out to import?"""
    blame = {m: [] for m in modules}
    scratch = tempfile.mkdtemp(prefix="realpkg-attr.")
    try:
        for left_out in codemods:
            rest = [c for c in codemods if c != left_out]
            copy = os.path.join(scratch, left_out)
            shutil.copytree(source, copy, symlinks=True)
            if rest:
                subprocess.run([pymig, "apply", "--codemod", ",".join(rest), copy],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            got = import_all(python, os.path.join(copy, subdir),
                             ":".join(p if os.path.isabs(p) else os.path.join(copy, subdir, p)
                                      for p in pythonpath.split(":") if p) if pythonpath else "",
                             modules)
            for m, err in got.items():
                if err is None:
                    blame[m].append(left_out)
            shutil.rmtree(copy)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    dump(blame, out)


def passed(run):
    return sum(1 for o in run["tests"].values() if o in PASSING) if run else None


def cmd_package(out, name, version, kind, work):
    runs = {label: load(os.path.join(work, f"{label}.json"))
            for label in ("original-py27", "2to3-py3", "pymig-py3", "straddle-py27", "straddle-py3")}
    orig = runs["original-py27"] or {"tests": {}, "errors": {}, "crashed": "no run"}
    ids = set(orig["tests"])
    if not ids:
        for r in runs.values():
            if r:
                ids |= set(r["tests"])
    base, new = runs["2to3-py3"], runs["pymig-py3"]
    lost = sorted(t for t, o in base["tests"].items() if o in PASSING and new["tests"].get(t) not in PASSING)
    gained = sorted(t for t, o in new["tests"].items() if o in PASSING and base["tests"].get(t) not in PASSING)
    py2_lost = sorted(t for t, o in orig["tests"].items() if o in PASSING and new["tests"].get(t) not in PASSING)

    imp = {label: load(os.path.join(work, f"imports-{label}.json"), {})
           for label in ("original-py27", "2to3-py3", "pymig-py3")}
    ok27 = {m for m, e in imp["original-py27"].items() if e is None}
    fail_pymig = sorted(m for m in ok27 if imp["pymig-py3"].get(m) is not None)
    fail_2to3 = sorted(m for m in ok27 if imp["2to3-py3"].get(m) is not None)
    blame = load(os.path.join(work, "attribution.json"), {})
    by_codemod = {}
    for m in fail_pymig:
        for c in blame.get(m) or [NO_CODEMOD]:
            by_codemod[c] = by_codemod.get(c, 0) + 1
    straddle = load(os.path.join(work, "straddle.status.json"), {"available": False, "note": "not run"})

    s = {
        "name": name, "version": version, "kind": kind, "tests": len(ids),
        "crashed": {k: (r or {}).get("crashed") for k, r in runs.items()},
        "passed": {k: passed(r) for k, r in runs.items()},
        "straddle": straddle,
        "lost": lost, "gained": len(gained),
        "py2_lost": {t: new.get("errors", {}).get(t, new["tests"].get(t, "not run")) for t in py2_lost},
        "modules": len(imp["original-py27"]), "modules_ok27": len(ok27),
        "import_fail_pymig": fail_pymig, "import_fail_2to3": fail_2to3,
        "import_errors_pymig": {m: imp["pymig-py3"].get(m) for m in fail_pymig},
        "by_codemod": by_codemod,
    }
    dump(s, out)

    p = s["passed"]
    fmt = lambda v: "n/a" if v is None else str(v)
    print(f"  tests {s['tests']}: py2.7 {fmt(p['original-py27'])}, 2to3 {fmt(p['2to3-py3'])}, "
          f"pymig {fmt(p['pymig-py3'])}, straddle {straddle_cell(s)}")
    for k, c in s["crashed"].items():
        if c:
            print(f"  note: {k}: {c[:200]}")
    if not straddle.get("available"):
        print(f"  note: straddle column n/a: {straddle.get('note', '')}")
    if gained:
        print(f"  {len(gained)} tests pass after pymig but not after 2to3")
    if lost:
        print(f"  REGRESSION: {len(lost)} tests pass after 2to3 but not after pymig:")
        errs = new.get("errors", {})
        for t in lost:
            print(f"    {t}: {new['tests'].get(t, 'not run')} {errs.get(t, '')[:160]}")
    if py2_lost:
        print(f"  {len(py2_lost)} tests pass on Python 2.7 but not after pymig (listed with their errors in "
              f"{os.path.basename(out)}: py2_lost)")
    print(f"  modules: {s['modules']}, importing on Python 2.7: {len(ok27)}; failing to import on "
          f"Python 3 after 2to3: {len(fail_2to3)}, after pymig: {len(fail_pymig)}")
    print(f"  modules failing to import because of pymig: {len(fail_pymig)}{by_codemod_text(by_codemod)}")
    for m in fail_pymig:
        print(f"    {m}: {s['import_errors_pymig'][m]}  [{', '.join(blame.get(m) or [NO_CODEMOD])}]")


def by_codemod_text(by_codemod):
    if not by_codemod:
        return ""
    return " (by codemod: " + ", ".join(f"{c} {n}" for c, n in sorted(by_codemod.items())) + ")"


def straddle_cell(s):
    if not s["straddle"].get("available"):
        return "n/a"
    p = s["passed"]
    fmt = lambda v: "-" if v is None else str(v)
    return f"{fmt(p['straddle-py27'])} / {fmt(p['straddle-py3'])}"


def cmd_table(md_out, docs, caption, summaries):
    rows = [load(p) for p in summaries]
    rows = [r for r in rows if r]
    cols = ["package", "kind", "tests", "py2.7", "2to3", "pymig", "straddle 2.7 / 3", "import fail pymig (2to3)"]
    table = []
    tot = {"tests": 0, "o": 0, "t": 0, "p": 0, "s2": 0, "s3": 0, "if": 0, "if2": 0}
    straddle_any = False
    for r in rows:
        p = r["passed"]
        table.append([f"{r['name']} {r['version']}", r["kind"], str(r["tests"]),
                      str(p["original-py27"] or 0), str(p["2to3-py3"] or 0), str(p["pymig-py3"] or 0),
                      straddle_cell(r),
                      f"{len(r['import_fail_pymig'])} ({len(r['import_fail_2to3'])})"])
        tot["tests"] += r["tests"]
        tot["o"] += p["original-py27"] or 0
        tot["t"] += p["2to3-py3"] or 0
        tot["p"] += p["pymig-py3"] or 0
        if r["straddle"].get("available"):
            straddle_any = True
            tot["s2"] += p["straddle-py27"] or 0
            tot["s3"] += p["straddle-py3"] or 0
        tot["if"] += len(r["import_fail_pymig"])
        tot["if2"] += len(r["import_fail_2to3"])
    total = ["total", "", str(tot["tests"]), str(tot["o"]), str(tot["t"]), str(tot["p"]),
             f"{tot['s2']} / {tot['s3']}" if straddle_any else "n/a", f"{tot['if']} ({tot['if2']})"]
    widths = [max(len(x[i]) for x in [cols] + table + [total]) for i in range(len(cols))]
    line = lambda cells: "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(cols))
    print("-" * len(line(cols)))
    for row in table:
        print(line(row))
    print("-" * len(line(cols)))
    print(line(total))

    by_codemod = {}
    for r in rows:
        for c, n in r["by_codemod"].items():
            by_codemod[c] = by_codemod.get(c, 0) + n
    print(f"\nmodules failing to import because of pymig: {tot['if']}{by_codemod_text(by_codemod)}"
          f" (after 2to3: {tot['if2']})")
    if not straddle_any:
        print("note: straddle column n/a: pymig rejected `--target-version 2.7` (not built yet)")

    failing = [r for r in rows if (r["passed"]["pymig-py3"] or 0) < (r["passed"]["2to3-py3"] or 0)
               or r["import_fail_pymig"]]
    lost_total = sum(len(r["lost"]) for r in rows)
    if lost_total:
        print(f"tests passing after 2to3 but not after pymig: {lost_total} (listed per package above)")

    md = ["| " + " | ".join(cols) + " |", "|" + "|".join(["---", "---"] + ["---:"] * (len(cols) - 2)) + "|"]
    for row in table:
        md.append("| " + " | ".join(row) + " |")
    md.append("| " + " | ".join(f"**{c}**" if c else "" for c in total) + " |")
    if not straddle_any:
        caption += " Straddle n/a: pymig does not accept `--target-version 2.7` yet."
    md_text = "\n".join(md) + "\n\n" + caption + "\n"
    with open(md_out, "w") as f:
        f.write(md_text)
    if docs != "-":
        with open(docs) as f:
            text = f.read()
        if START in text and END in text:
            head, rest = text.split(START, 1)
            _, tail = rest.split(END, 1)
            with open(docs, "w") as f:
                f.write(head + START + "\n" + md_text + END + tail)
            print(f"table written into {docs}")
        else:
            print(f"warning: {docs} has no {START} ... {END} markers; table not written there")
    if failing:
        print("GATE FAILED: " + "; ".join(
            f"{r['name']}: pymig passes {r['passed']['pymig-py3'] or 0} tests, 2to3 {r['passed']['2to3-py3'] or 0}, "
            f"{len(r['import_fail_pymig'])} modules fail to import because of pymig" for r in failing))
        return 1
    print("gate passed: pymig passes at least as many tests as 2to3 on every package, and no module "
          "fails to import because of pymig")
    return 0


def main():
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    cmd = a[0]
    if cmd == "junit":
        cmd_junit(a[1], a[2])
    elif cmd == "modules":
        cmd_modules(a[1], a[2:])
    elif cmd == "imports":
        cmd_imports(a[1], a[2], a[3], a[4], a[5:])
    elif cmd == "attribute":
        cmd_attribute(a[1], a[2], a[3], a[4], a[5], a[6], [c for c in a[7].split(",") if c], a[8:])
    elif cmd == "package":
        cmd_package(*a[1:6])
    elif cmd == "table":
        sys.exit(cmd_table(a[1], a[2], a[3], a[4:]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
