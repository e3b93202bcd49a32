//! Replace deprecated `unittest` assertion aliases (`assertEquals`, `failUnless`, …).
//!
//! ## What it does
//! Renames method references on any object: `assertEquals` → `assertEqual`,
//! `assertNotEquals` → `assertNotEqual`, `assert_` → `assertTrue`, `assertAlmostEquals` →
//! `assertAlmostEqual`, `assertNotAlmostEquals` → `assertNotAlmostEqual`,
//! `assertRegexpMatches` → `assertRegex`, `assertNotRegexpMatches` → `assertNotRegex`,
//! `assertRaisesRegexp` → `assertRaisesRegex`, `assertItemsEqual` → `assertCountEqual`,
//! `failUnlessEqual` → `assertEqual`, `failIfEqual` → `assertNotEqual`,
//! `failUnlessAlmostEqual` → `assertAlmostEqual`, `failIfAlmostEqual` →
//! `assertNotAlmostEqual`, `failUnless` → `assertTrue`, `failUnlessRaises` →
//! `assertRaises`, `failIf` → `assertFalse`.
//!
//! ## Why
//! The aliases were deprecated in Python 3.2 and removed in 3.12; `assertItemsEqual`
//! never existed in Python 3 (it is `assertCountEqual`).
//!
//! ## Example
//! ```python
//! self.assertEquals(result, 4)
//! self.failIf(errors)
//! ```
//! becomes
//! ```python
//! self.assertEqual(result, 4)
//! self.assertFalse(errors)
//! ```
//!
//! ## Left alone
//! Method *definitions* with those names (test frameworks such as Twisted's trial define
//! them), and `assertDictContainsSubset` (removed in 3.12 with no one-to-one
//! replacement: reported for review).
//!
//! ## Fix safety
//! Safe. `assertItemsEqual` → `assertCountEqual` is an exact equivalent (2to3 does not do
//! this one).

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};

pub struct Asserts;

const RENAMES: &[(&str, &str)] = &[
    ("assertEquals", "assertEqual"),
    ("assertNotEquals", "assertNotEqual"),
    ("assert_", "assertTrue"),
    ("assertAlmostEquals", "assertAlmostEqual"),
    ("assertNotAlmostEquals", "assertNotAlmostEqual"),
    ("assertRegexpMatches", "assertRegex"),
    ("assertNotRegexpMatches", "assertNotRegex"),
    ("assertRaisesRegexp", "assertRaisesRegex"),
    ("assertItemsEqual", "assertCountEqual"),
    ("failUnlessEqual", "assertEqual"),
    ("failIfEqual", "assertNotEqual"),
    ("failUnlessAlmostEqual", "assertAlmostEqual"),
    ("failIfAlmostEqual", "assertNotAlmostEqual"),
    ("failUnless", "assertTrue"),
    ("failUnlessRaises", "assertRaises"),
    ("failIf", "assertFalse"),
];

impl Codemod for Asserts {
    fn id(&self) -> &str {
        "asserts"
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute"]
    }

    fn visit(&self, node: Node<'_>, ctx: &Context<'_>, fixes: &mut Fixes) {
        let Some(attr) = node.child_by_field_name("attribute") else {
            return;
        };
        let name = ctx.text(attr);
        if !(name.starts_with("assert") || name.starts_with("fail")) {
            return;
        }
        if name == "assertDictContainsSubset" {
            fixes.review(node, "assertDictContainsSubset was removed in Python 3.12; use assertLessEqual(expected.items(), actual.items()) or a loop");
            return;
        }
        if let Some((_, new)) = RENAMES.iter().find(|(old, _)| *old == name) {
            fixes.replace(
                attr,
                *new,
                format!("`{name}` is a removed alias of `{new}`"),
            );
        }
    }
}
