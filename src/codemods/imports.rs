//! Rename standard-library modules that Python 3 moved (`StringIO` → `io`, `urlparse` → `urllib.parse`, ...).
//!
//! ## What it does
//! Applies 2to3's `fix_imports` table to `import` and `from ... import` statements, and
//! to attribute uses (`StringIO.StringIO()` → `io.StringIO()`) of modules bound by a
//! plain `import old`. `as` aliases are kept. The table: `StringIO`/`cStringIO` → `io`,
//! `cPickle` → `pickle`, `__builtin__` → `builtins`, `copy_reg` → `copyreg`, `Queue` →
//! `queue`, `SocketServer` → `socketserver`, `ConfigParser` → `configparser`, `repr` →
//! `reprlib`, the Tkinter family → `tkinter.*`, `markupbase` → `_markupbase`, `_winreg`
//! → `winreg`, `thread` → `_thread`, `dummy_thread` → `_dummy_thread`, `dbhash` →
//! `dbm.bsd`, `dumbdbm` → `dbm.dumb`, `gdbm` → `dbm.gnu`, `xmlrpclib` → `xmlrpc.client`,
//! `DocXMLRPCServer`/`SimpleXMLRPCServer` → `xmlrpc.server`, `httplib` → `http.client`,
//! `htmlentitydefs` → `html.entities`, `HTMLParser` → `html.parser`, `Cookie` →
//! `http.cookies`, `cookielib` → `http.cookiejar`, `BaseHTTPServer`/`SimpleHTTPServer`/
//! `CGIHTTPServer` → `http.server`, `UserString`/`UserList` → `collections`, `urlparse`
//! → `urllib.parse`, `robotparser` → `urllib.robotparser`.
//!
//! Differences from 2to3, on purpose:
//! - `import cPickle as pickle` becomes `import pickle` (2to3: `import pickle as pickle`).
//! - No module is named twice: `import StringIO, cStringIO` becomes `import io`, and an
//!   `import urlparse` after `import urllib.parse` (in the same run of imports) goes,
//!   also when the other name comes from another codemod's rewrite (`import urlparse,
//!   urllib` with `urllib.quote` used becomes `import urllib.parse`; 2to3 writes
//!   `import urllib.parse, urllib.request, urllib.parse, urllib.error`).
//! - A name bound locally in the enclosing function (a parameter or variable `thread`)
//!   is not the module: its attribute uses are left alone.
//! - `dbm` is not renamed to `dbm.ndbm`: `import dbm` is also valid Python 3 (and what
//!   `imports2` produces from `anydbm`), so renaming it would not be idempotent.
//! - `commands` is handled by `commands-to-subprocess`, which knows which functions
//!   `subprocess` has.
//!
//! ## Why
//! Python 3 removed the old names; `import StringIO` raises `ImportError`.
//!
//! ## Example
//! ```python
//! import StringIO
//! from urlparse import urljoin
//! buf = StringIO.StringIO()
//! ```
//! becomes
//! ```python
//! import io
//! from urllib.parse import urljoin
//! buf = io.StringIO()
//! ```
//!
//! ## Left alone
//! - Bare uses of the module name that are not attribute accesses (`m = cPickle`).
//! - Attribute uses through a name not bound by `import old` (e.g. `from x import StringIO`).
//! - A module next to the file that has the old name (`Queue.py` in the same package):
//!   Python 2 imported it, not the standard library one (`import` makes it relative).
//! - Renames whose new name is a variable in the same scope (`queue = Queue.Queue()`):
//!   reported for review.
//!
//! ## Fix safety
//! Safe for the renames. `cStringIO` imports are flagged for review: it was Python 2's
//! buffer for byte data, and `io.StringIO` takes only text (use `io.BytesIO` for bytes).
//! `StringIO.StringIO` took both; its uses are usually text, so it is not flagged.

use tree_sitter::Node;

use crate::analysis::module_renames::{self, Mapping};
use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct Imports;

pub static MAPPING: &Mapping = &[
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

fn review_note(old: &str) -> Option<&'static str> {
    match old {
        // cStringIO was the fast buffer for byte data (it rejected non-ASCII unicode).
        "cStringIO" => {
            Some("io.StringIO accepts only text (str); if this buffer holds bytes, use io.BytesIO")
        }
        _ => None,
    }
}

impl Codemod for Imports {
    fn id(&self) -> &str {
        "imports"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        module_renames::applies_to(file, MAPPING)
    }

    fn kinds(&self) -> &[&'static str] {
        module_renames::KINDS
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        module_renames::visit(node, ctx, fixes, MAPPING, review_note);
    }
}
