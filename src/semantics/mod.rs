//! What the code in one file means: the single answer every codemod and rule uses.
//!
//! - [`scopes`]: module, class, function, lambda and comprehension scopes and the names
//!   each binds (assignments, parameters, imports, `def`/`class`, `for`/`with`/`except`
//!   targets, `del`, `global`/`nonlocal`, star imports), collected per scope on first use.
//! - [`resolve`]: what a name used at a place refers to, by Python's rules (defaults and
//!   decorators in the enclosing scope, class bodies invisible to their methods), seen
//!   from Python 2: a binding of the file, the builtin, or something unknown.
//! - [`guards`]: version guards (`if sys.version_info[0] >= 3:`, `six.PY2`, module flags
//!   such as `PY3 = ...`, `try: unicode / except NameError:`, `try: import cPickle /
//!   except ImportError:`) and on which Pythons a piece of code can run.
//! - [`classes`]: the members of a class (also those defined under a guard) and the
//!   references to one (`self.x`, `cls.x`, `super(...).x`, `ClassName.x`, and
//!   `getattr(obj, 'x')`, which cannot be resolved).
//! - [`python`]: the builtins and modules of each Python version; [`text`]: node text.
//!
//! Everything is computed lazily, once per file, and only when a codemod asks: most
//! files never need more than the scope of the name being renamed.

pub mod classes;
pub mod guards;
pub mod inserted;
pub mod python;
pub mod references;
pub mod resolve;
pub mod scopes;
pub mod text;

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use crate::imports::Imports;

pub use guards::{GuardedRegions, Runs, Truth};
pub use python::Major;
pub use resolve::Meaning;
pub use scopes::{Binding, BindingKind, ScopeKind};
pub use text::node_text;

/// The Python 3 versions the output must run on, as minor numbers (3.8 → 8): decides
/// guards such as `sys.version_info >= (3, 6)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Py3Range {
    pub oldest_minor: u8,
    pub newest_minor: u8,
}

impl Py3Range {
    /// The newest Python 3 a guard is evaluated for.
    pub const NEWEST_MINOR: u8 = 14;

    /// The range for a target version: a 3.x target runs on 3.x and later; a 2.7 target
    /// on 2.7 and on every Python 3 from 3.8.
    pub fn for_target(target: (u8, u8)) -> Py3Range {
        let oldest_minor = if target.0 >= 3 { target.1 } else { 8 };
        Py3Range {
            oldest_minor,
            newest_minor: Self::NEWEST_MINOR.max(oldest_minor),
        }
    }
}

/// The meaning of one file's code. Built empty; every answer is computed on first use.
pub struct Semantics<'t> {
    text: &'t str,
    root: Node<'t>,
    py3: Py3Range,
    imports: OnceCell<Imports>,
    /// Scope node id → the names bound directly in that scope.
    scopes: RefCell<HashMap<usize, Rc<scopes::ScopeBindings<'t>>>>,
    /// Node id of a guarded block or clause → where it runs.
    branches: RefCell<HashMap<usize, Runs>>,
    /// Module-level version flags (`PY3 = sys.version_info[0] == 3`): name → truth.
    flags: OnceCell<HashMap<String, Truth>>,
    /// Class node id → its members.
    classes: RefCell<HashMap<usize, Rc<classes::Members<'t>>>>,
    /// Byte ranges of the code only one Python runs.
    guarded: OnceCell<guards::GuardedRegions>,
}

impl<'t> Semantics<'t> {
    pub fn new(text: &'t str, root: Node<'t>, py3: Py3Range) -> Semantics<'t> {
        Semantics {
            text,
            root,
            py3,
            imports: OnceCell::new(),
            scopes: RefCell::new(HashMap::new()),
            branches: RefCell::new(HashMap::new()),
            flags: OnceCell::new(),
            classes: RefCell::new(HashMap::new()),
            guarded: OnceCell::new(),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    pub fn root(&self) -> Node<'t> {
        self.root
    }

    /// The source text of a node.
    pub fn node_text(&self, node: Node<'_>) -> &'t str {
        text::node_text(node, self.text)
    }

    /// The module's imports (flow-insensitive: every import statement in the file).
    pub fn imports(&self) -> &Imports {
        self.imports
            .get_or_init(|| Imports::collect(self.root, self.text))
    }
}
