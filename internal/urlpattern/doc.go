// Package urlpattern compiles and searches the recorder's excludeUrls
// patterns: RE2 syntax (the syntax of Go's regexp package), matched in time
// linear in the URL, without linking package regexp into the engine — its
// parser and Unicode tables were the largest library in veil.wasm (~90 KiB
// brotli of ~850).
//
// What is accepted means what it means to regexp.MatchString: literals and
// escapes, ., character classes with ranges, Perl (\d \s \w and negations)
// and POSIX ([[:alpha:]]) classes, ^ $ \A \z \b \B, groups (capturing,
// named, non-capturing), alternation, * + ? {n} {n,} {n,m} (lazy forms
// too), \Q…\E, and the flags i m s U. A differential test against package
// regexp pins this. Not accepted, with an error saying so: Unicode classes
// (\pL, \p{Greek}, \PN), which need the tables this package exists to
// avoid. Limits: a group nesting depth of 1000, repeat counts up to 1000
// (as regexp), and at most MaxSteps program steps per pattern.
//
// A Pattern is immutable and safe for concurrent use.
package urlpattern
