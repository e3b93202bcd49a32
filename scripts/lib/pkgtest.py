"""Run an old package's own tests and record each test's outcome (used by scripts/realpkg.sh).

Runs under Python 2.7 and Python 3 alike, so one runner serves the original code on 2.7 and
the migrated copies on 3: the packages' own runners (nose, `setup.py test`, hand-written
scripts) do not all run on a modern Python, so their tests are collected here instead.

  pkgtest.py OUT.json SPEC...

Each SPEC names tests to run, from the current directory (which is put first on sys.path):
  MODULE            the module's tests, collected the way nose does: unittest.TestCase
                    classes, functions named test*, classes named Test* (one instance per
                    method, setup/teardown honoured), generator tests (one test per yielded
                    call, numbered), module-level setup/teardown
  unittest:MODULE   the module's unittest.TestCase classes only (unittest's own loader)
  suite:MODULE.FN   the unittest suite that FN() returns
  doctest:FILE      a doctest text file (path relative to the current directory)
  doctestmod:MODULE the module's docstring doctests
  append-path:DIR   append DIR to sys.path, after the standard library (for test modules
                    whose names would hide standard ones, yet import each other by name)

nose itself does not run on current Pythons, so a small stand-in for `nose.tools` and
`nose.plugins.skip` is installed in sys.modules (eq_, ok_, raises, with_setup, the
assert_* names, SkipTest), on both interpreters, so both run the tests the same way.

OUT.json gets {"tests": {id: outcome}, "crashed": message or null, "errors": {id: line}}, and
is rewritten after every test, so a run killed by a timeout keeps what it had.
Outcomes: pass, fail, error, skip, xfail, xpass.
"""

import doctest
import inspect
import json
import os
import re
import sys
import traceback
import types
import unittest


def _install_nose_stand_in():
    nose = types.ModuleType("nose")
    tools = types.ModuleType("nose.tools")
    plugins = types.ModuleType("nose.plugins")
    skip = types.ModuleType("nose.plugins.skip")
    nose.tools, nose.plugins, plugins.skip = tools, plugins, skip
    nose.SkipTest = skip.SkipTest = unittest.SkipTest

    class _Dummy(unittest.TestCase):
        def nop(self):
            pass

    case = _Dummy("nop")
    for name in dir(case):
        if re.match(r"assert[A-Z]", name) and not name.endswith("_"):
            pep8 = re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)
            setattr(tools, pep8, getattr(case, name))

    def ok_(expr, msg=None):
        if not expr:
            raise AssertionError(msg)

    def eq_(a, b, msg=None):
        if not a == b:
            raise AssertionError(msg or "%r != %r" % (a, b))

    def raises(*exceptions):
        def decorate(func):
            def newfunc(*args, **kw):
                try:
                    func(*args, **kw)
                except exceptions:
                    return
                raise AssertionError("%s() did not raise %s" % (
                    func.__name__, " or ".join(e.__name__ for e in exceptions)))
            newfunc.__name__ = func.__name__
            return newfunc
        return decorate

    def with_setup(setup=None, teardown=None):
        def decorate(func):
            if setup:
                func.setup = setup
            if teardown:
                func.teardown = teardown
            return func
        return decorate

    def make_decorator(func):
        def decorate(newfunc):
            newfunc.__name__ = func.__name__
            newfunc.__dict__.update(getattr(func, "__dict__", {}))
            return newfunc
        return decorate

    def istest(func):
        func.__test__ = True
        return func

    def nottest(func):
        func.__test__ = False
        return func

    def timed(limit):
        return lambda func: func

    for f in (ok_, eq_, raises, with_setup, make_decorator, istest, nottest, timed):
        setattr(tools, f.__name__, f)
    tools.assert_raises = case.assertRaises
    tools.set_trace = lambda: None
    sys.modules.update({"nose": nose, "nose.tools": tools, "nose.plugins": plugins,
                        "nose.plugins.skip": skip})


def _where(tb):
    """ " (at FILE:LINE)": the innermost frame of the traceback in the tested code (below
    the current directory), where the error was raised."""
    where = ""
    here = os.getcwd() + os.sep
    for frame in traceback.extract_tb(tb):
        filename, lineno = frame[0], frame[1]
        path = os.path.abspath(filename)
        if path.startswith(here) or ("/" not in filename and filename.endswith(".py")):
            where = " (at %s:%d)" % (os.path.relpath(path, here.rstrip(os.sep)), lineno)
    return where


class Run(object):
    def __init__(self, out):
        self.out = out
        self.tests = {}
        self.errors = {}
        self.crashed = None

    def save(self):
        with open(self.out, "w") as f:
            json.dump({"tests": self.tests, "errors": self.errors, "crashed": self.crashed},
                      f, indent=1, sort_keys=True)

    def record(self, test_id, outcome, exc_info=None):
        self.tests[test_id] = outcome
        if exc_info is not None and outcome in ("fail", "error"):
            line = traceback.format_exception_only(exc_info[0], exc_info[1])[-1].strip()
            self.errors[test_id] = line[:300] + _where(exc_info[2])
        self.save()

    def call(self, test_id, func, args=(), setup=None, teardown=None):
        """Run one callable test: AssertionError is a failure, SkipTest a skip."""
        try:
            if setup is not None:
                setup()
            try:
                func(*args)
            finally:
                if teardown is not None:
                    teardown()
        except unittest.SkipTest:
            self.record(test_id, "skip")
        except AssertionError:
            self.record(test_id, "fail", sys.exc_info())
        except KeyboardInterrupt:
            raise
        except BaseException:
            self.record(test_id, "error", sys.exc_info())
        else:
            self.record(test_id, "pass")

    def suite(self, suite):
        suite.run(Recorder(self))


class Recorder(unittest.TestResult):
    def __init__(self, run):
        unittest.TestResult.__init__(self)
        self.run_ = run

    def addSuccess(self, test):
        self.run_.record(test.id(), "pass")

    def addFailure(self, test, err):
        self.run_.record(test.id(), "fail", err)

    def addError(self, test, err):
        # setUpClass/module failures arrive as _ErrorHolder pseudo-tests
        self.run_.record(test.id(), "error", err)

    def addSkip(self, test, reason):
        self.run_.record(test.id(), "skip")

    def addExpectedFailure(self, test, err):
        self.run_.record(test.id(), "xfail")

    def addUnexpectedSuccess(self, test):
        self.run_.record(test.id(), "xpass")


TEST_NAME = re.compile(r"(?:^|[\b_./-])[Tt]est")  # nose's default testMatch


def _wanted(obj, name):
    flag = getattr(obj, "__test__", None)
    if flag is not None:
        return bool(flag)
    return not name.startswith("_") and bool(TEST_NAME.search(name))


def _fixture(obj, *names):
    for name in names:
        f = getattr(obj, name, None)
        if f is not None and callable(f):
            return f
    return None


def _run_callable(run, test_id, func, setup=None, teardown=None):
    if inspect.isgeneratorfunction(func):
        if setup is not None:
            setup()
        try:
            try:
                items = list(func())
            except KeyboardInterrupt:
                raise
            except BaseException:
                run.record(test_id, "error", sys.exc_info())
                return
            for i, item in enumerate(items):
                if not isinstance(item, tuple):
                    item = (item,)
                run.call("%s:%d" % (test_id, i), item[0], item[1:])
        finally:
            if teardown is not None:
                teardown()
    else:
        run.call(test_id, func, (), setup, teardown)


def collect_module(run, name):
    module = __import__(name, fromlist=["*"])
    setup = _fixture(module, "setup_module", "setupModule", "setUpModule", "setup", "setUp")
    teardown = _fixture(module, "teardown_module", "teardownModule", "tearDownModule",
                        "teardown", "tearDown")
    if setup is not None:
        setup()
    try:
        loader = unittest.TestLoader()
        # definition order, as nose does
        members = sorted(
            ((k, v) for k, v in vars(module).items()
             if getattr(v, "__module__", None) == module.__name__),
            key=lambda kv: _line(kv[1]))
        for key, obj in members:
            if isinstance(obj, type) and issubclass(obj, unittest.TestCase):
                run.suite(loader.loadTestsFromTestCase(obj))  # nose takes them all
            elif inspect.isclass(obj) and _wanted(obj, key):
                collect_class(run, name, key, obj)
            elif inspect.isfunction(obj) and _wanted(obj, key):
                _run_callable(run, "%s.%s" % (name, key), obj,
                              _fixture(obj, "setup", "setUp"),
                              _fixture(obj, "teardown", "tearDown"))
    finally:
        if teardown is not None:
            teardown()


def _line(obj):
    try:
        return inspect.getsourcelines(obj)[1]
    except (TypeError, IOError, OSError):
        return 0


def collect_class(run, modname, clsname, cls):
    names = [k for k in dir(cls) if _wanted(getattr(cls, k), k) and callable(getattr(cls, k))]
    names.sort(key=lambda k: _line(getattr(cls, k)))
    class_setup = _fixture(cls, "setup_class", "setupClass", "setUpClass")
    class_teardown = _fixture(cls, "teardown_class", "teardownClass", "tearDownClass")
    if class_setup is not None:
        class_setup()
    try:
        for k in names:
            test_id = "%s.%s.%s" % (modname, clsname, k)
            try:
                inst = cls()
            except BaseException:
                run.record(test_id, "error", sys.exc_info())
                continue
            _run_callable(run, test_id, getattr(inst, k),
                          _fixture(inst, "setup", "setUp"), _fixture(inst, "teardown", "tearDown"))
    finally:
        if class_teardown is not None:
            class_teardown()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    run = Run(sys.argv[1])
    run.save()
    sys.path.insert(0, os.getcwd())
    _install_nose_stand_in()
    for spec in sys.argv[2:]:
        try:
            if spec.startswith("suite:"):
                modname, fn = spec[len("suite:"):].rsplit(".", 1)
                module = __import__(modname, fromlist=["*"])
                run.suite(getattr(module, fn)())
            elif spec.startswith("append-path:"):
                sys.path.append(os.path.abspath(spec[len("append-path:"):]))
            elif spec.startswith("unittest:"):
                module = __import__(spec[len("unittest:"):], fromlist=["*"])
                run.suite(unittest.defaultTestLoader.loadTestsFromModule(module))
            elif spec.startswith("doctest:"):
                path = spec[len("doctest:"):]
                run.suite(doctest.DocFileSuite(path, module_relative=False))
            elif spec.startswith("doctestmod:"):
                module = __import__(spec[len("doctestmod:"):], fromlist=["*"])
                run.suite(doctest.DocTestSuite(module))
            else:
                collect_module(run, spec)
        except KeyboardInterrupt:
            raise
        except BaseException:
            # the tests could not even be collected: record why and go on
            line = traceback.format_exc(limit=3).strip().splitlines()[-1]
            run.crashed = ((run.crashed + "; ") if run.crashed else "") + "%s: %s" % (spec, line)
            run.tests.setdefault("collect:" + spec, "error")
            run.errors["collect:" + spec] = line
            run.save()
    run.save()


if __name__ == "__main__":
    main()
