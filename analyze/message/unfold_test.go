package message

import (
	"regexp"
	"testing"
)

func TestUnfold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{" leading and trailing ", " leading and trailing "},
		{"a\r\n b", "a b"},
		{"a\r\n\tb", "a\tb"},
		{"a\n b", "a b"},             // bare LF is a line end, as in Parse
		{"a\r\n  b\r\n c", "a  b c"}, // every fold, white space kept
		{"a\r b", "a\r b"},           // bare CR is data, as in Parse
		{"a\r\r\n b", "a\r b"},       // the CR before a CRLF is data
		{"a\r\nb", "a\r\nb"},         // no white space after: no fold
		{"a\nb", "a\nb"},             // likewise for a bare LF
		{"a\r\n", "a\r\n"},           // a final line end folds nothing
		{"a\r\n\r\n b", "a\r\n b"},   // only the line end before WSP
		{"\r\n x", " x"},             // a fold at the start
		{"=?utf-8?q?a?=\r\n =?utf-8?q?b?=", "=?utf-8?q?a?= =?utf-8?q?b?="},
	}
	for _, tt := range tests {
		if got := Unfold(tt.in); got != tt.want {
			t.Errorf("Unfold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// foldRE is RFC 5322 section 2.2.3 written as a regular expression (a line
// end, CRLF or bare LF, immediately followed by WSP), an independent
// statement of what Unfold must do.
var foldRE = regexp.MustCompile("\r?\n([ \t])")

func FuzzUnfold(f *testing.F) {
	for _, s := range []string{"a\r\n b", "a\n\tb", "a\r b", "a\r\r\n b", "a\r\nb", "a\r\n\r\n b", "\n \n "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Unfold(s)
		if want := foldRE.ReplaceAllString(s, "$1"); got != want {
			t.Fatalf("Unfold(%q) = %q, want %q", s, got, want)
		}
		if len(got) > len(s) {
			t.Fatalf("Unfold(%q) grew to %q", s, got)
		}
	})
}
