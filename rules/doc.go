// Package rules turns a privacy rule set (mode, CSS selectors, attribute and
// URL-parameter allow-lists) into per-node Decisions on the mirror tree.
//
// A rule set is parsed strictly (Parse, FromJSON), validated and compiled once
// (Compile), and then asked about every element (Set.Decide) top-down, each
// answer derived from the parent's, so privacy flows from a shadow host into
// its shadow root and from an iframe element into its document.
//
// Selectors are parsed and matched by this package with the semantics of
// querySelectorAll in Chromium (docs/selectors.md; e2e/selector_diff_test.go
// proves it on a corpus): each document, shadow root and iframe document is
// matched as its own tree, type selectors and foreign attribute names
// compare ASCII case-insensitively, HTML's case-insensitive attribute values,
// quirks-mode class and id matching and :lang() are honoured. Selectors that
// could never match on the mirror (live state such as :hover,
// pseudo-elements), cascadia extensions browsers lack or read differently
// (:matches, :haschild, ...) and stylesheet-relative ones (:scope, :host, &)
// are rejected with an error quoting the selector, because a mask rule that
// silently matches nothing fails open. Selectors whose result depends on
// siblings (+, ~, :nth-*, :first-child, ...) or on the whole document (:has,
// :empty, :contains) are accepted; Set.Scope tells the masking session how
// far to re-decide after a mutation, which costs a re-walk of the mutated
// node's parent (siblings) or of the whole document on every batch
// (document), so prefer plain class and attribute selectors.
package rules
