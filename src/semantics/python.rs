//! Facts about the two languages: which builtins and modules each version has.
//!
//! Kept as data so that every codemod and the rule engine answer "is this the builtin?"
//! and "does this import fail on Python 3?" from the same tables.

/// The builtins of CPython 2.7 (`dir(__builtin__)`, without the dunders).
#[rustfmt::skip]
pub const PY2_BUILTINS: &[&str] = &[
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BufferError",
    "BytesWarning", "DeprecationWarning", "EOFError", "Ellipsis", "EnvironmentError",
    "Exception", "False", "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError",
    "ImportError", "ImportWarning", "IndentationError", "IndexError", "KeyError",
    "KeyboardInterrupt", "LookupError", "MemoryError", "NameError", "None", "NotImplemented",
    "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning",
    "ReferenceError", "RuntimeError", "RuntimeWarning", "StandardError", "StopIteration",
    "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError", "True",
    "TypeError", "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError",
    "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError",
    "Warning", "ZeroDivisionError", "abs", "all", "any", "apply", "basestring", "bin", "bool",
    "buffer", "bytearray", "bytes", "callable", "chr", "classmethod", "cmp", "coerce",
    "compile", "complex", "copyright", "credits", "delattr", "dict", "dir", "divmod",
    "enumerate", "eval", "execfile", "exit", "file", "filter", "float", "format", "frozenset",
    "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "intern",
    "isinstance", "issubclass", "iter", "len", "license", "list", "locals", "long", "map",
    "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print",
    "property", "quit", "range", "raw_input", "reduce", "reload", "repr", "reversed", "round",
    "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple",
    "type", "unichr", "unicode", "vars", "xrange", "zip",
];

/// Builtins of Python 2 that Python 3 no longer has: a bare reference to one is a
/// `NameError` on Python 3.
#[rustfmt::skip]
pub const PY2_ONLY_BUILTINS: &[&str] = &[
    "StandardError", "apply", "basestring", "buffer", "cmp", "coerce", "execfile", "file",
    "intern", "long", "raw_input", "reduce", "reload", "unichr", "unicode", "xrange",
];

/// Builtins Python 3 added (up to 3.13): names a Python 2 module may define for itself.
#[rustfmt::skip]
pub const PY3_ONLY_BUILTINS: &[&str] = &[
    "BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "ChildProcessError",
    "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError",
    "ConnectionResetError", "EncodingWarning", "ExceptionGroup", "FileExistsError",
    "FileNotFoundError", "InterruptedError", "IsADirectoryError", "ModuleNotFoundError",
    "NotADirectoryError", "PermissionError", "ProcessLookupError", "PythonFinalizationError",
    "RecursionError", "ResourceWarning", "StopAsyncIteration", "TimeoutError", "aiter",
    "anext", "ascii", "breakpoint", "exec",
];

/// A Python major version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Major {
    Two,
    Three,
}

/// True when `name` is a builtin of that Python (`print` counts on 2: with
/// `print_function` it is one).
pub fn is_builtin(name: &str, major: Major) -> bool {
    match major {
        Major::Two => PY2_BUILTINS.contains(&name),
        Major::Three => {
            (PY2_BUILTINS.contains(&name) && !PY2_ONLY_BUILTINS.contains(&name))
                || PY3_ONLY_BUILTINS.contains(&name)
        }
    }
}

/// True for a Python 2 builtin that Python 3 removed.
pub fn is_py2_only_builtin(name: &str) -> bool {
    PY2_ONLY_BUILTINS.contains(&name)
}

/// Standard-library modules that Python 3 renamed (2to3's `fix_imports`): old → new.
pub const RENAMED_MODULES: &[(&str, &str)] = &[
    ("StringIO", "io"),
    ("cStringIO", "io"),
    ("cPickle", "pickle"),
    ("__builtin__", "builtins"),
    ("copy_reg", "copyreg"),
    ("Queue", "queue"),
    ("SocketServer", "socketserver"),
    ("ConfigParser", "configparser"),
    ("repr", "reprlib"),
    ("FileDialog", "tkinter.filedialog"),
    ("tkFileDialog", "tkinter.filedialog"),
    ("SimpleDialog", "tkinter.simpledialog"),
    ("tkSimpleDialog", "tkinter.simpledialog"),
    ("tkColorChooser", "tkinter.colorchooser"),
    ("tkCommonDialog", "tkinter.commondialog"),
    ("Dialog", "tkinter.dialog"),
    ("Tkdnd", "tkinter.dnd"),
    ("tkFont", "tkinter.font"),
    ("tkMessageBox", "tkinter.messagebox"),
    ("ScrolledText", "tkinter.scrolledtext"),
    ("Tkconstants", "tkinter.constants"),
    ("Tix", "tkinter.tix"),
    ("ttk", "tkinter.ttk"),
    ("Tkinter", "tkinter"),
    ("markupbase", "_markupbase"),
    ("_winreg", "winreg"),
    ("thread", "_thread"),
    ("dummy_thread", "_dummy_thread"),
    ("dbhash", "dbm.bsd"),
    ("dumbdbm", "dbm.dumb"),
    ("gdbm", "dbm.gnu"),
    ("xmlrpclib", "xmlrpc.client"),
    ("DocXMLRPCServer", "xmlrpc.server"),
    ("SimpleXMLRPCServer", "xmlrpc.server"),
    ("httplib", "http.client"),
    ("htmlentitydefs", "html.entities"),
    ("HTMLParser", "html.parser"),
    ("Cookie", "http.cookies"),
    ("cookielib", "http.cookiejar"),
    ("BaseHTTPServer", "http.server"),
    ("SimpleHTTPServer", "http.server"),
    ("CGIHTTPServer", "http.server"),
    ("UserString", "collections"),
    ("UserList", "collections"),
    ("urlparse", "urllib.parse"),
    ("robotparser", "urllib.robotparser"),
];

/// Modules of Python 2 that Python 3 does not have under that name: importing one
/// fails on Python 3 (renamed ones, and removed ones with no direct successor).
pub fn is_py2_only_module(module: &str) -> bool {
    #[rustfmt::skip]
    const REMOVED: &[&str] = &[
        "urllib2", "commands", "sets", "md5", "sha", "new", "popen2", "mimetools",
        "rfc822", "htmllib", "sgmllib", "UserDict", "anydbm", "whichdb", "dircache",
        "exceptions", "string_escape", "compiler", "imputil", "mutex", "Bastion", "rexec",
        "cookielib", "future_builtins",
    ];
    let top = module.split('.').next().unwrap_or(module);
    RENAMED_MODULES.iter().any(|(old, _)| *old == top) || REMOVED.contains(&top)
}

/// Modules that only Python 3 has: importing one fails on a plain Python 2.7 (some have
/// backports on PyPI; a guard `try: import queue / except ImportError: import Queue`
/// still means the first branch is the Python 3 one).
pub fn is_py3_only_module(module: &str) -> bool {
    #[rustfmt::skip]
    const ADDED: &[&str] = &[
        "builtins", "copyreg", "queue", "socketserver", "configparser", "reprlib", "winreg",
        "_thread", "_dummy_thread", "html", "http", "xmlrpc", "tkinter", "_markupbase",
        "urllib.parse", "urllib.request", "urllib.error", "urllib.response",
        "urllib.robotparser", "dbm", "asyncio", "pathlib", "enum", "typing", "ipaddress",
        "concurrent", "selectors", "statistics", "secrets", "contextvars", "dataclasses",
        "lzma", "faulthandler", "tracemalloc", "venv", "zipapp", "graphlib", "zoneinfo",
        "importlib.util", "importlib.machinery", "importlib.abc", "importlib.resources",
        "importlib.metadata", "collections.abc", "unittest.mock",
    ];
    ADDED.iter().any(|m| {
        module == *m
            || module
                .strip_prefix(m)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// Names that Python 3 removed from a module that still exists (`from itertools import
/// izip` fails on Python 3).
pub fn is_py2_only_member(module: &str, name: &str) -> bool {
    #[rustfmt::skip]
    const MEMBERS: &[(&str, &[&str])] = &[
        ("itertools", &["izip", "imap", "ifilter", "ifilterfalse", "izip_longest"]),
        ("string", &["letters", "lowercase", "uppercase", "maketrans", "join", "split",
            "replace", "strip", "lower", "upper", "atoi", "atof", "atol", "joinfields",
            "splitfields", "zfill", "rjust", "ljust", "center", "find", "rfind", "index",
            "count", "expandtabs", "capitalize", "swapcase", "translate"]),
        ("os", &["getcwdu", "popen2", "popen3", "popen4"]),
        ("urllib", &["urlencode", "quote", "unquote", "quote_plus", "unquote_plus",
            "urlopen", "urlretrieve", "pathname2url", "url2pathname", "splittype",
            "splithost", "basejoin", "FancyURLopener", "URLopener", "getproxies"]),
        ("sys", &["maxint", "exc_clear", "setcheckinterval", "getcheckinterval", "exitfunc"]),
        ("types", &["StringType", "UnicodeType", "StringTypes", "IntType", "LongType",
            "ListType", "DictType", "TupleType", "ClassType", "InstanceType", "FileType",
            "NoneType", "BooleanType", "FloatType", "ComplexType", "ObjectType",
            "TypeType", "UnboundMethodType", "DictProxyType", "BufferType", "SliceType",
            "XRangeType", "EllipsisType", "NotImplementedType"]),
        ("collections", &["Mapping", "MutableMapping", "Sequence", "MutableSequence",
            "Set", "MutableSet", "Iterable", "Iterator", "Callable", "Hashable", "Sized",
            "Container", "Generator", "KeysView", "ValuesView", "ItemsView",
            "MappingView"]),
        ("inspect", &["getargspec"]),
        ("base64", &["encodestring", "decodestring"]),
        ("cgi", &["escape", "parse_qs", "parse_qsl"]),
        ("HTMLParser", &["HTMLParseError"]),
    ];
    MEMBERS
        .iter()
        .any(|(m, names)| *m == module && names.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_per_version() {
        assert!(is_builtin("unicode", Major::Two) && !is_builtin("unicode", Major::Three));
        assert!(is_builtin("len", Major::Two) && is_builtin("len", Major::Three));
        assert!(!is_builtin("ascii", Major::Two) && is_builtin("ascii", Major::Three));
        assert!(PY2_ONLY_BUILTINS.iter().all(|b| PY2_BUILTINS.contains(b)));
    }

    #[test]
    fn modules_per_version() {
        assert!(is_py2_only_module("cPickle") && is_py2_only_module("urllib2"));
        assert!(!is_py2_only_module("pickle") && !is_py2_only_module("urllib"));
        assert!(is_py3_only_module("urllib.parse") && is_py3_only_module("http.client"));
        assert!(!is_py3_only_module("urllib") && !is_py3_only_module("httplib"));
        assert!(
            is_py2_only_member("itertools", "izip") && !is_py2_only_member("itertools", "chain")
        );
    }
}
