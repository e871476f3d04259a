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
		if ok {
			// The comment's parentheses balance outside quoted-pairs.
			depth := 0
			for i := 0; i < end; i++ {
				switch s[i] {
				case '\\':
					i++
				case '(':
					depth++
				case ')':
					depth--
				}
			}
			if depth != 0 {
				t.Fatalf("SkipComment(%q) = %d: %q does not balance", s, end, s[:end])
			}
		}
	})
}
