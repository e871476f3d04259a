package message

import "testing"

func TestSkipComment(t *testing.T) {
	tests := []struct {
		in   string
		end  int
		ok   bool
		what string
	}{
		{"(a) b", 3, true, "simple"},
		{"(a (b) c) d", 9, true, "nested"},
		{`(a \) b) c`, 8, true, "quoted-pair closes nothing"},
		{`(a \( b) c`, 8, true, "quoted-pair opens nothing"},
		{"(a;b=c) d", 7, true, "; and = are comment text"},
		{"(a (b)", 6, false, "unterminated"},
		{`(a \`, 4, false, "quoted-pair at the end"},
		{"()", 2, true, "empty"},
	}
	for _, tt := range tests {
		end, ok := SkipComment(tt.in, 0)
		if end != tt.end || ok != tt.ok {
			t.Errorf("SkipComment(%q, 0) = %d, %v; want %d, %v (%s)", tt.in, end, ok, tt.end, tt.ok, tt.what)
		}
	}
	if end, ok := SkipComment("x (y) z", 2); end != 5 || !ok {
		t.Errorf("SkipComment(%q, 2) = %d, %v; want 5, true", "x (y) z", end, ok)
	}
}

func TestSkipQuoted(t *testing.T) {
	tests := []struct {
		in  string
		end int
		ok  bool
	}{
		{`"a" b`, 3, true},
		{`"a \" b" c`, 8, true},
		{`"a (b" c`, 6, true},
		{`"a`, 2, false},
		{`"a\`, 3, false},
		{`""`, 2, true},
	}
	for _, tt := range tests {
		if end, ok := SkipQuoted(tt.in, 0); end != tt.end || ok != tt.ok {
			t.Errorf("SkipQuoted(%q, 0) = %d, %v; want %d, %v", tt.in, end, ok, tt.end, tt.ok)
		}
	}
}

func FuzzSkipComment(f *testing.F) {
	for _, s := range []string{"(a) b", "(a (b) c) d", `(a \) b) c`, "(a (b)", `(\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || s[0] != '(' {
			return
		}
		end, ok := SkipComment(s, 0)
		if end < 1 || end > len(s) {
			t.Fatalf("SkipComment(%q) = %d, out of range", s, end)
		}
		if (ok && s[end-1] != ')') || (!ok && end != len(s)) {
			t.Fatalf("SkipComment(%q) = %d, %v", s, end, ok)
		}
		if ok && len(s) <= 512 {
			// The comment ends at the first place it can: no shorter
			// prefix holds a whole comment.
			for k := 1; k < end; k++ {
				if e, ok := SkipComment(s[:k], 0); ok {
					t.Fatalf("SkipComment(%q) = %d, but %q is already a comment ending at %d", s, end, s[:k], e)
				}
			}
		}
	})
}

func FuzzSkipQuoted(f *testing.F) {
	for _, s := range []string{`"a" b`, `"a \" b" c`, `"a (b" c`, `"a\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || s[0] != '"' {
			return
		}
		end, ok := SkipQuoted(s, 0)
		if end < 1 || end > len(s) || (ok && (end < 2 || s[end-1] != '"')) || (!ok && end != len(s)) {
			t.Fatalf("SkipQuoted(%q) = %d, %v", s, end, ok)
		}
		if ok {
			// No DQUOTE before the last one is outside a quoted-pair.
			for i := 1; i < end-1; i++ {
				if s[i] == '\\' {
					i++
				} else if s[i] == '"' {
					t.Fatalf("SkipQuoted(%q) = %d: passed the DQUOTE at %d", s, end, i)
				}
			}
		}
	})
}
