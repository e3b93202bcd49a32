#!/usr/bin/env python3
"""Run a package's tests and record each test's outcome (used by scripts/realpkg.sh).

  testrun.py unittest OUT.json MODULE [MODULE...]
      import each MODULE (from the current directory) under this python, run the unittest
      tests it defines, write {"tests": {id: outcome}, "crashed": msg|null} to OUT.json.
  testrun.py junit OUT.json JUNIT.xml
      convert a pytest --junitxml report into the same JSON.
  testrun.py table TSV NAME:LABEL:RESULT.json...
      print the side-by-side table, append rows to TSV, and list tests that pass with the
      first labelled result (the baseline, 2to3) but not with the second (pymig).
      Exit 1 if there is any such test.

Outcomes: pass, fail, error, skip, xfail, xpass.
"""

import json
import os
import sys
import traceback
import unittest
import xml.etree.ElementTree as ET


class Recorder(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.outcomes = {}

    def _set(self, test, outcome):
        self.outcomes[test.id()] = outcome

    def addSuccess(self, test):
        self._set(test, "pass")

    def addFailure(self, test, err):
        self._set(test, "fail")

    def addError(self, test, err):
        # setUpClass/module failures arrive as _ErrorHolder pseudo-tests
        self._set(test, "error")

    def addSkip(self, test, reason):
        self._set(test, "skip")

    def addExpectedFailure(self, test, err):
        self._set(test, "xfail")

    def addUnexpectedSuccess(self, test):
        self._set(test, "xpass")

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self._set(test, "fail" if issubclass(err[0], test.failureException) else "error")


def cmd_unittest(out, modules):
    sys.path.insert(0, os.getcwd())
    result = {"tests": {}, "crashed": None}
    recorder = Recorder()
    try:
        loader = unittest.defaultTestLoader
        suite = unittest.TestSuite()
        for name in modules:
            module = __import__(name, fromlist=["*"])
            suite.addTests(loader.loadTestsFromModule(module))
        suite.run(recorder)
    except BaseException:  # the module did not even import: record why and go on
        result["crashed"] = traceback.format_exc(limit=3).strip().splitlines()[-1]
    result["tests"] = recorder.outcomes
    with open(out, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)


def cmd_junit(out, xml_path):
    result = {"tests": {}, "crashed": None}
    try:
        root = ET.parse(xml_path).getroot()
    except (OSError, ET.ParseError) as err:
        result["crashed"] = f"no test report: {err}"
    else:
        for case in root.iter("testcase"):
            test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
            kinds = {child.tag for child in case}
            skipped = case.find("skipped")
            if "error" in kinds:
                outcome = "error"
            elif "failure" in kinds:
                outcome = "fail"
            elif skipped is not None:
                outcome = "xfail" if skipped.get("type") == "pytest.xfail" else "skip"
            else:
                outcome = "pass"
            result["tests"][test_id] = outcome
    with open(out, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)


def counts(result):
    c = {k: 0 for k in ("pass", "fail", "error", "skip", "xfail", "xpass")}
    for outcome in result["tests"].values():
        c[outcome] += 1
    return c


def cmd_table(tsv, specs):
    runs = []
    for spec in specs:
        name, label, path = spec.split(":", 2)
        with open(path) as f:
            runs.append((name, label, json.load(f)))
    header = f"{'package':<24} {'migrated by':<12} {'tests':>6} {'passed':>7} {'failed':>7} {'errors':>7} {'skipped':>8}  note"
    print(header)
    print("-" * len(header))
    new_file = not os.path.exists(tsv)
    with open(tsv, "a") as f:
        if new_file:
            f.write("package\tmigrated_by\ttests\tpassed\tfailed\terrors\tskipped\tcrashed\n")
        for name, label, result in runs:
            c = counts(result)
            total = sum(c.values())
            skipped = c["skip"] + c["xfail"]
            note = f"did not run: {result['crashed']}" if result["crashed"] else ""
            print(f"{name:<24} {label:<12} {total:>6} {c['pass'] + c['xpass']:>7} {c['fail']:>7} {c['error']:>7} {skipped:>8}  {note}")
            f.write(f"{name}\t{label}\t{total}\t{c['pass'] + c['xpass']}\t{c['fail']}\t{c['error']}\t{skipped}\t{result['crashed'] or ''}\n")
    # Baseline = the first run labelled 2to3, candidate = the first labelled pymig.
    by_label = {label: result for _, label, result in runs}
    base, new = by_label.get("2to3"), by_label.get("pymig")
    if base is None or new is None:
        return 0
    passing = {"pass", "xpass"}
    lost = sorted(t for t, o in base["tests"].items() if o in passing and new["tests"].get(t) not in passing)
    gained = sorted(t for t, o in new["tests"].items() if o in passing and base["tests"].get(t) not in passing)
    if gained:
        print(f"  {len(gained)} tests pass after pymig but not after 2to3")
    if lost:
        print(f"  REGRESSION: {len(lost)} tests pass after 2to3 but not after pymig:")
        for t in lost[:30]:
            print(f"    {t}: {new['tests'].get(t, 'not run')}")
        if len(lost) > 30:
            print(f"    ... and {len(lost) - 30} more")
        return 1
    print("  pymig passes every test 2to3 passes")
    return 0


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    cmd = sys.argv[1]
    if cmd == "unittest":
        cmd_unittest(sys.argv[2], sys.argv[3:])
    elif cmd == "junit":
        cmd_junit(sys.argv[2], sys.argv[3])
    elif cmd == "table":
        sys.exit(cmd_table(sys.argv[2], sys.argv[3:]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
