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
