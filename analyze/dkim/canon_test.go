package dkim

import (
	"bytes"
	"crypto/sha256"
	"testing"
)

func canonBody(body string, can Canon) string {
	var b bytes.Buffer
	canonBodyTo(&bodySink{h: &b, limit: -1}, []byte(body), can == Relaxed, false)
	return b.String()
}

func TestCanonBody(t *testing.T) {
	tests := []struct {
		name, in, simple, relaxed string
	}{
		// RFC 6376 section 3.4.5 example body.
		{"rfc6376 example", " C \r\nD \t E\r\n\r\n\r\n", " C \r\nD \t E\r\n", " C\r\nD E\r\n"},
		{"empty", "", "\r\n", ""},
		{"only line ends", "\r\n\r\n", "\r\n", ""},
		{"no final line end", "abc", "abc\r\n", "abc\r\n"},
		{"bare LF", "a\nb\n\n", "a\r\nb\r\n", "a\r\nb\r\n"},
		{"mixed line ends", "a\r\nb\nc", "a\r\nb\r\nc\r\n", "a\r\nb\r\nc\r\n"},
		{"white space lines at end", "a\r\n  \r\n\t\r\n", "a\r\n  \r\n\t\r\n", "a\r\n"},
		{"inner empty lines kept", "a\r\n\r\nb\r\n", "a\r\n\r\nb\r\n", "a\r\n\r\nb\r\n"},
		{"bare CR is data", "a\rb\r\n", "a\rb\r\n", "a\rb\r\n"},
		{"CR at end", "a\r", "a\r\r\n", "a\r\r\n"},
		{"leading white space", "  x  y \r\n", "  x  y \r\n", " x y\r\n"},
		{"white space only body", "   ", "   \r\n", ""},
	}
	for _, tt := range tests {
		if got := canonBody(tt.in, "simple"); got != tt.simple {
			t.Errorf("%s: simple body %q = %q, want %q", tt.name, tt.in, got, tt.simple)
		}
		if got := canonBody(tt.in, "relaxed"); got != tt.relaxed {
			t.Errorf("%s: relaxed body %q = %q, want %q", tt.name, tt.in, got, tt.relaxed)
		}
		// The shared path: a body that is its own canonical form is
		// hashed as is, and must hash like the rewriting path.
		for _, can := range []Canon{Simple, Relaxed} {
			c := &bodyCache{}
			got := c.get([]byte(tt.in), can, "sha256", -1)
			want := sha256.Sum256([]byte(canonBody(tt.in, can)))
			if !bytes.Equal(got.sum, want[:]) || got.canonical != int64(len(canonBody(tt.in, can))) {
				t.Errorf("%s: %s body hash via cache = %x (%d bytes), want %x", tt.name, can, got.sum, got.canonical, want)
			}
		}
	}
}

func TestCanonHeader(t *testing.T) {
	tests := []struct {
		in, simple, relaxed string
	}{
		// RFC 6376 section 3.4.5 example header fields.
		{"A: X\r\n", "A: X\r\n", "a:X\r\n"},
		{"B : Y\t\r\n\tZ  \r\n", "B : Y\t\r\n\tZ  \r\n", "b:Y Z\r\n"},
		{"Subject:  hello   world \n", "Subject:  hello   world \r\n", "subject:hello world\r\n"},
		{"X-Empty:\r\n", "X-Empty:\r\n", "x-empty:\r\n"},
		{"X-Fold: a\n  b\n", "X-Fold: a\r\n  b\r\n", "x-fold:a b\r\n"},
	}
	for _, tt := range tests {
		if got := string(CanonHeader([]byte(tt.in), "simple")); got != tt.simple {
			t.Errorf("simple header %q = %q, want %q", tt.in, got, tt.simple)
		}
		if got := string(CanonHeader([]byte(tt.in), "relaxed")); got != tt.relaxed {
			t.Errorf("relaxed header %q = %q, want %q", tt.in, got, tt.relaxed)
		}
	}
}

func TestEmptyBodyHash(t *testing.T) {
	// The well-known values: sha256("\r\n") and sha256("").
	simple := sha256.Sum256([]byte("\r\n"))
	relaxed := sha256.Sum256(nil)
	if got := emptyBodyHash("simple", "sha256"); !bytes.Equal(got, simple[:]) {
		t.Errorf("emptyBodyHash(simple) = %x, want %x", got, simple)
	}
	if got := emptyBodyHash("relaxed", "sha256"); !bytes.Equal(got, relaxed[:]) {
		t.Errorf("emptyBodyHash(relaxed) = %x, want %x", got, relaxed)
	}
}

func TestBodyLimit(t *testing.T) {
	for _, in := range []string{"hello world\r\nmore\r\n", "hello  world\r\nmore\r\n"} {
		var b bytes.Buffer
		s := &bodySink{h: &b, limit: 5}
		canonBodyTo(s, []byte(in), true, false)
		if b.String() != "hello" || s.n != int64(len("hello world\r\nmore\r\n")) || s.hashed != 5 {
			t.Errorf("l=5 over %q: hashed %q, n=%d hashed=%d", in, b.String(), s.n, s.hashed)
		}
	}
}

func TestTraceBody(t *testing.T) {
	lines, more := traceBody([]byte("a  b \r\n\r\nc\r\n\r\n \r\n"), "relaxed", 10)
	if more || len(lines) != 5 {
		t.Fatalf("traceBody: %d lines, more=%v", len(lines), more)
	}
	want := []CanonLine{
		{Line: 10, Raw: "a  b \r\n", Canonical: "a b\r\n"},
		{Line: 11, Raw: "\r\n", Canonical: "\r\n"},
		{Line: 12, Raw: "c\r\n", Canonical: "c\r\n"},
		{Line: 13, Raw: "\r\n", Removed: true},
		{Line: 14, Raw: " \r\n", Removed: true},
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, lines[i], want[i])
		}
	}
}

// TestCanonBodyParallel checks that a large body scanned on another
// goroutine canonicalizes as one scanned in line.
func TestCanonBodyParallel(t *testing.T) {
	body := append(benchBody(3<<20), "tail  line \t"...)
	for _, can := range []Canon{Simple, Relaxed} {
		for _, hint := range []bool{false, true} {
			var seq, par bytes.Buffer
			old := parallelScanMin
			parallelScanMin = len(body) + 1
			id1, _, _ := canonBodyTo(&bodySink{h: &seq, limit: -1}, body, can == Relaxed, hint)
			parallelScanMin = 0
			id2, _, _ := canonBodyTo(&bodySink{h: &par, limit: -1}, body, can == Relaxed, hint)
			parallelScanMin = old
			if !bytes.Equal(seq.Bytes(), par.Bytes()) || id1 != id2 {
				t.Errorf("%s (no bare LF %v): the parallel scan gives %d bytes, the sequential %d", can, hint, par.Len(), seq.Len())
			}
		}
	}
}
