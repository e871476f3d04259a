package dkim

import (
	"strings"
	"testing"
)

// TestTagReader: the one tag reader behind the DKIM-Signature, AMS and
// ARC-Seal parsers; an empty tag is a warning unless the caller holds the
// list to the grammar.
func TestTagReader(t *testing.T) {
	const strict = `an empty tag is not allowed`
	tests := []struct {
		in, empty string
		require   []string
		fatal     []string // substrings, in order
		notes     int
	}{
		{"a=1; b=dGVzdA==; t=5; s=Sel", "", []string{"a", "b"}, nil, 0},
		{"a=1;; b=dGVzdA==", "", nil, nil, 1},
		{"a=1;; b=dGVzdA==", strict, nil, []string{strict}, 0},
		{"a=1; a=2", "", nil, []string{`duplicate tag "a"`}, 0},
		{"b=dGVzdA", "", nil, nil, 1}, // unpadded base64: accepted, said
		{"b=!!; t=-1; s=a..b", "", nil, []string{"b= is not valid base64", `t="-1" is not a number of seconds (RFC 6376 section 3.5)`, `s="a..b" is not a valid selector`}, 0},
		{"a=1", "", []string{"a", "b"}, []string{`missing required tag "b" (RFC 8617 section 4.1.3)`}, 0},
	}
	for _, tt := range tests {
		r := ReadTagList(tt.in, tt.empty)
		r.Base64("b")
		r.Seconds("t")
		sel := r.ReadSelector()
		r.Require(" (RFC 8617 section 4.1.3)", tt.require...)
		if len(r.Fatal) != len(tt.fatal) || len(r.Notes) != tt.notes {
			t.Errorf("ReadTagList(%q): fatal %q, %d notes; want %q, %d notes", tt.in, r.Fatal, len(r.Notes), tt.fatal, tt.notes)
			continue
		}
		for i, want := range tt.fatal {
			if !strings.Contains(r.Fatal[i], want) {
				t.Errorf("ReadTagList(%q): fatal[%d] = %q, want it to say %q", tt.in, i, r.Fatal[i], want)
			}
		}
		if reason, ok := r.FatalReason(); ok != (len(tt.fatal) > 0) || (len(tt.fatal) > 1 && !strings.HasSuffix(reason, "more problems)")) {
			t.Errorf("ReadTagList(%q): FatalReason = %q, %v", tt.in, reason, ok)
		}
		if tt.in == "a=1; b=dGVzdA==; t=5; s=Sel" && sel != "sel" {
			t.Errorf("ReadSelector = %q, want sel", sel)
		}
	}
}
