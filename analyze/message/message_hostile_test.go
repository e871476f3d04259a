package message

import (
	"strings"
	"testing"
)

// TestParseNotAMessage checks that input with no header field at all says
// so, and that a message with fields does not.
func TestParseNotAMessage(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool // the "no header field" problem is reported
	}{
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", true},
		{"prose", "Dear customer,\nyour account is locked.\n", true},
		{"only a separator", "\r\n", true},
		{"only folded lines", " a\r\n b\r\n", true},
		{"pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", true},
		{"empty", "", false},
		{"one field", "Subject: x", false},
		{"field after garbage", "garbage\r\nFrom: a@example.com\r\n\r\n", false},
		{"NUL in a value", "Subject: a\x00b\r\n\r\n", false},
	}
	for _, tt := range tests {
		m := Parse([]byte(tt.in))
		got := false
		for _, p := range m.Problems {
			if strings.HasPrefix(p.Text, "no header field found") {
				got = true
			}
		}
		if got != tt.want {
			t.Errorf("%s: Parse(%q) problems = %v, want the no-header-field problem: %v", tt.name, tt.in, m.Problems, tt.want)
		}
	}
}

// TestParseLongLines checks the note about header lines past RFC 5322's
// 998-octet limit: the first such line and how many there are.
func TestParseLongLines(t *testing.T) {
	long := strings.Repeat("a", 2000)
	tests := []struct {
		name string
		in   string
		want string // the Problem, as String() shows it; "" means none
	}{
		{"998 is allowed", "X: " + strings.Repeat("a", 995) + "\r\n\r\n", ""},
		{"999 is not", "X: " + strings.Repeat("a", 996) + "\r\n\r\n", "line 1: header line of 999 bytes; RFC 5322 section 2.1.1 allows at most 998 (kept and verified as it is)"},
		{"folded lines", "A: 1\r\nX: a\r\n " + long + "\r\n " + long + "\r\n\r\n", "line 3: header line of 2001 bytes; RFC 5322 section 2.1.1 allows at most 998 (kept and verified as it is); 2 header lines in all are longer"},
		{"LF only", "X: " + long + "\n\n", "line 1: header line of 2003 bytes; RFC 5322 section 2.1.1 allows at most 998 (kept and verified as it is)"},
		{"long body line is not a header line", "X: 1\r\n\r\n" + long + "\r\n", ""},
	}
	for _, tt := range tests {
		m := Parse([]byte(tt.in))
		got := ""
		for _, p := range m.Problems {
			if strings.Contains(p.Text, "RFC 5322 section 2.1.1") {
				got = p.String()
			}
		}
		if got != tt.want {
			t.Errorf("%s: Parse problem = %q, want %q", tt.name, got, tt.want)
		}
	}
}
