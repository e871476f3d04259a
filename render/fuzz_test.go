package render

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
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

// FuzzWrapAndClipboard checks, for any text, that wrapping Safe's output
// never splits an escape and keeps every line within the width, and that
// Clipboard leaves nothing but tabs and line ends that could act on a
// terminal. Seeds are in testdata/fuzz/FuzzWrapAndClipboard.
func FuzzWrapAndClipboard(f *testing.F) {
	for _, h := range hostile {
		f.Add(h.s, 40)
	}
	f.Add("a\u202eb \x1b[201~c\r\n\td", 41)
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = minWidth + (width%60+60)%60
		d := newDoc(Styles{}, width)
		d.para("  ", "  ", Safe(s))
		d.hard("  ", "  ", Visible(s))
		for _, l := range strings.Split(strings.TrimSuffix(d.String(), "\n"), "\n") {
			if n := ansi.StringWidth(l); n > width {
				t.Fatalf("wrapping %q at %d: line %q is %d wide", s, width, l, n)
			}
			rest := wholeEscape.ReplaceAllString(l, "")
			if strings.ContainsAny(rest, "⟨⟩") && !strings.ContainsAny(s, "⟨⟩") {
				t.Fatalf("wrapping %q at %d: line %q holds part of an escape", s, width, l)
			}
		}
		out, _, err := Clipboard(s)
		if err != nil {
			return
		}
		plain := strings.NewReplacer("\r\n", "", "\n", "", "\t", "").Replace(out)
		if i := unsafeAt(plain); i >= 0 {
			t.Fatalf("Clipboard(%q) = %q: unsafe at %d", s, out, i)
		}
	})
}

var wholeEscape = regexp.MustCompile(`⟨U\+[0-9A-F]{4,5}⟩`)
