package render

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSafe checks that nothing Safe or Visible returns can act on a
// terminal, and that text needing no escape is returned unchanged.
// Seeds are in testdata/fuzz/FuzzSafe.
func FuzzSafe(f *testing.F) {
	for _, h := range hostile {
		f.Add(h.s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []func(string) string{Safe, Visible} {
			out := fn(s)
			if !utf8.ValidString(out) {
				t.Fatalf("output of %q is not valid UTF-8: %q", s, out)
			}
			if i := unsafeAt(out); i >= 0 || strings.ContainsRune(out, '\n') {
				t.Fatalf("output of %q is unsafe at %d: %q", s, i, out)
			}
		}
		if !needsEscape(s, false) && Safe(s) != s {
			t.Fatalf("Safe(%q) = %q, want it unchanged", s, Safe(s))
		}
	})
}
