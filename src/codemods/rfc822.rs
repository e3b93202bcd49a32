//! Replace the removed `rfc822` module with `email.utils` where a function there does the same (`rfc822.formatdate(t)` → `email.utils.formatdate(t, usegmt=True)`).
//!
//! ## What it does
//! - `rfc822.quote`, `rfc822.unquote` and `rfc822.parsedate` become `email.utils.quote`,
//!   `email.utils.unquote` and `email.utils.parsedate`;
//! - `rfc822.formatdate(t)` becomes `email.utils.formatdate(t, usegmt=True)` (without
//!   `usegmt`, Python 3 writes the zone as `-0000` where rfc822 wrote `GMT`);
//! - `rfc822.mktime_tz(t)` becomes `float(email.utils.mktime_tz(t))`: rfc822 returned a
//!   float, email.utils returns an int for a date with a zone. The `float()` is left out
//!   where the value goes straight into `int()`, `float()`, `time.gmtime()`,
//!   `time.localtime()`, `time.ctime()` or `datetime.fromtimestamp()`, which treat both
//!   alike.
//!
//! This works through `import rfc822`, `import rfc822 as alias` and `from rfc822 import
//! ...` (the names move to `from email.utils import ...`, and calls of `formatdate` and
//! `mktime_tz` are rewritten as above). `import rfc822` becomes `import email.utils` once
//! every use is rewritten; otherwise it stays, `import email.utils` is added, and what
//! stopped it is reported. 2to3 has no fixer for `rfc822`.
//!
//! ## Why
//! Python 3 removed `rfc822` (deprecated since Python 2.3 in favour of the `email`
//! package); `import rfc822` raises `ImportError`.
//!
//! ## Example
//! ```python
//! import rfc822
//! stamp = rfc822.formatdate(mtime)
//! when = rfc822.mktime_tz(parsed)
//! ```
//! becomes
//! ```python
//! import email.utils
//! stamp = email.utils.formatdate(mtime, usegmt=True)
//! when = float(email.utils.mktime_tz(parsed))
//! ```
//!
//! ## Left alone (reported for review)
//! - `parsedate_tz`: `email.utils.parsedate_tz` gives the offset of a date that names no
//!   zone as `0` (UTC), where rfc822 gave `None`, which `mktime_tz` read as local time.
//! - `parseaddr`: for text without an address, `email.utils.parseaddr` returns `('', '')`
//!   where rfc822 returned `(None, None)`.
//! - `dump_address_pair`: `email.utils.formataddr` quotes the name only when it must and
//!   encodes non-ASCII names, where rfc822 always quoted it.
//! - `Message`, `AddressList`, `AddrlistClass` and the other names: no drop-in
//!   replacement (see the `email` package: `email.message_from_file`,
//!   `email.utils.getaddresses`).
//! - `formatdate` or `mktime_tz` used other than in a call, called with other
//!   arguments, or imported by name and listed in `__all__` (other modules would call
//!   the new function the old way); `rfc822` used as a value; `from rfc822 import *`; uses where `email` is a
//!   local name; an `import rfc822` nothing uses.
//! - A module `rfc822.py` next to the file (Python 2 imported it instead).
//!
//! Not reported: calls of a name also bound by another import, as in the fallback
//! `try: from email.utils import formatdate` / `except ImportError: from rfc822 import
//! formatdate` (the calls serve both; the `rfc822` branch is Python 2's).
//!
//! ## Settings
//! `parsedate-tz = true` (in `[tool.pymig.rfc822]`) moves `parsedate_tz` to
//! `email.utils` too, for code where a date without a zone cannot occur or is meant as
//! UTC anyway (WebOb's `parse_date` turns the `None` offset into 0 itself).
//!
//! ## Fix safety
//! Safe. One difference remains: `parsedate` gives `-1` as the tuple's DST flag (index 8)
//! where rfc822 gave `0`; the documentation of both calls indexes 6 to 8 unusable, but
//! `time.mktime(rfc822.parsedate(s))` read it (now it lets the platform decide whether
//! daylight saving time applies, where it used standard time). `formatdate` rounds a
//! fractional timestamp to the microsecond before taking the second, where rfc822 cut it
//! off: timestamps less than half a microsecond before a full second, or negative
//! fractional ones, format one second apart.

use tree_sitter::Node;

use crate::analysis::module_members::{self, OldModule, Plan};
use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::syntax::{self, KindName};

pub struct Rfc822;

/// The setting that accepts `email.utils.parsedate_tz`'s offset of 0 for zone-less dates.
const PARSEDATE_TZ: &str = "parsedate-tz";

fn moved(name: &'static str) -> Plan {
    Plan::Moved {
        module: "email.utils",
        name,
    }
}

fn plan(member: &str, accept_parsedate_tz: bool) -> Plan {
    match member {
        "quote" => moved("quote"),
        "unquote" => moved("unquote"),
        "parsedate" => moved("parsedate"),
        "formatdate" => Plan::Call {
            module: "email.utils",
            name: "formatdate",
            rewrite: formatdate,
        },
        "mktime_tz" => Plan::Call {
            module: "email.utils",
            name: "mktime_tz",
            rewrite: mktime_tz,
        },
        "parsedate_tz" if accept_parsedate_tz => moved("parsedate_tz"),
        "parsedate_tz" => Plan::Review(
            "`email.utils.parsedate_tz` gives 0 (UTC) as the offset of a date that names no zone, where `rfc822.parsedate_tz` gave None (which `mktime_tz` read as local time); switch to it by hand where that cannot matter (or set `parsedate-tz = true` for this codemod)".into(),
        ),
        "parseaddr" => Plan::Review(
            "`email.utils.parseaddr` returns ('', '') for text without an address, where `rfc822.parseaddr` returned (None, None); switch to it by hand".into(),
        ),
        "dump_address_pair" => Plan::Review(
            "`email.utils.formataddr` quotes the name only when needed and encodes non-ASCII names, where `rfc822.dump_address_pair` always quoted it; switch to it by hand".into(),
        ),
        "Message" => Plan::Review(
            "`rfc822.Message` has no drop-in replacement: parse with `email.message_from_file` (or `email.parser`) and use `email.message.Message`, whose methods differ (`getheader` → `get`, `getaddr` → `email.utils.parseaddr`)".into(),
        ),
        "AddressList" | "AddrlistClass" => Plan::Review(format!(
            "`rfc822.{member}` has no drop-in replacement: `email.utils.getaddresses` parses address lists"
        )),
        _ => Plan::Review(format!(
            "`rfc822.{member}` has no counterpart in Python 3's `email` package"
        )),
    }
}

/// `formatdate(t)` → `formatdate(t, usegmt=True)`: rfc822 always wrote `GMT`.
fn formatdate<'t>(call: Node<'t>, ctx: &Context<'t>) -> Result<Vec<Splice>, String> {
    let refuse = || {
        "`rfc822.formatdate` called with other arguments than one time value; rewrite it by hand (`email.utils.formatdate(t, usegmt=True)` writes what it wrote)".to_string()
    };
    let (_, args) = syntax::call_parts(call).ok_or_else(refuse)?;
    if args.kind_name() != "argument_list" {
        return Err(refuse());
    }
    let ok = match syntax::arguments(args).as_slice() {
        [] => true,
        [only] => match only.kind_name() {
            "list_splat" | "dictionary_splat" => false,
            "keyword_argument" => syntax::keyword_argument(args, ctx.text, "timeval").is_some(),
            _ => true,
        },
        _ => false,
    };
    if !ok {
        return Err(refuse());
    }
    Ok(vec![module_members::append_argument(
        args,
        ctx.text,
        "usegmt=True",
    )])
}

/// Where a number goes that may be an int or a float to the same effect.
const TAKES_ANY_NUMBER: &[&str] = &[
    "time.gmtime",
    "time.localtime",
    "time.ctime",
    "datetime.datetime.fromtimestamp",
    "datetime.datetime.utcfromtimestamp",
    "datetime.date.fromtimestamp",
];

/// `mktime_tz(t)` → `float(mktime_tz(t))`: rfc822 returned a float.
fn mktime_tz<'t>(call: Node<'t>, ctx: &Context<'t>) -> Result<Vec<Splice>, String> {
    if goes_to_any_number(call, ctx) {
        return Ok(Vec::new());
    }
    Ok(vec![
        Splice::new(call.start_byte(), call.start_byte(), "float("),
        Splice::new(call.end_byte(), call.end_byte(), ")"),
    ])
}

/// True when `call`'s value is the first argument of `int()`, `float()` or a function
/// of [`TAKES_ANY_NUMBER`].
fn goes_to_any_number<'t>(call: Node<'t>, ctx: &Context<'t>) -> bool {
    let value = syntax::outermost_parens(call);
    let Some(args) = value.parent().filter(|p| p.kind_name() == "argument_list") else {
        return false;
    };
    if syntax::arguments(args).first().map(|a| a.id()) != Some(value.id()) {
        return false;
    }
    let Some((callee, _)) = args.parent().and_then(syntax::call_parts) else {
        return false;
    };
    match callee.kind_name() {
        "identifier" => {
            ["int", "float"]
                .iter()
                .any(|name| ctx.semantics().is_builtin_reference(callee, name))
                || ctx.imports().refers_to(callee, ctx.text, TAKES_ANY_NUMBER)
        }
        "attribute" => ctx.imports().refers_to(callee, ctx.text, TAKES_ANY_NUMBER),
        _ => false,
    }
}

impl Codemod for Rfc822 {
    fn id(&self) -> &str {
        "rfc822"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Every import names the module, an alias too.
        file.has_code_name("rfc822")
    }

    fn option_defaults(&self) -> Vec<(String, toml::Value)> {
        vec![(PARSEDATE_TZ.to_string(), toml::Value::Boolean(false))]
    }

    fn check_setting(&self, key: &str, value: &toml::Value) -> Result<(), String> {
        match (key, value) {
            (PARSEDATE_TZ, toml::Value::Boolean(_)) => Ok(()),
            (PARSEDATE_TZ, _) => Err(format!("`{PARSEDATE_TZ}` is true or false")),
            _ => Err(format!("unknown setting `{key}` (known: `{PARSEDATE_TZ}`)")),
        }
    }

    fn check_file(&self, ctx: &Context<'_>, fixes: &mut Fixes) {
        let accept = ctx
            .options
            .setting(self.id(), PARSEDATE_TZ)
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        module_members::migrate(
            ctx,
            fixes,
            &OldModule {
                name: "rfc822",
                removed: true,
                plan: &|member| plan(member, accept),
            },
        );
    }
}
