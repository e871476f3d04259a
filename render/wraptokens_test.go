package render

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestWrapKeepsTokens folds escaped text at every width and checks that
// each line holds whole tokens only and fits the width.
func TestWrapKeepsTokens(t *testing.T) {
	inputs := []string{
		Visible("a\r\nb\r\n\r\n" + strings.Repeat("x", 30) + "\r\n"),
		Safe("pay\u202Eexe.pdf and \x1b[31mred\x1b[0m and \x7f and \r\n tail"),
		Safe(strings.Repeat("\u202E", 12)),
		Visible(strings.Repeat("\r\n", 20)),
		Safe(strings.Repeat("\x01", 20)),
	}
	tokens := []string{"⟨U+202E⟩", `\x1b`, `\x7f`, `\x01`, `\r`, `\n`, "␍␊"}
	for _, in := range inputs {
		for w := 1; w <= 40; w++ {
			for _, hard := range []bool{false, true} {
				out := wrapTokens(in, w, hard)
				joined := strings.ReplaceAll(out, "\n", "")
				if hard && joined != in {
					t.Errorf("HardWrap(%q, %d) lost text: %q", in, w, out)
				}
				for _, tok := range tokens {
					if strings.Count(joined, tok) != strings.Count(in, tok) && (hard || tok != " ") {
						t.Errorf("wrapTokens(%q, %d, %v) split %q:\n%s", in, w, hard, tok, out)
					}
				}
				for _, l := range strings.Split(out, "\n") {
					if lw := ansi.StringWidth(l); lw > w && lw > 9 {
						t.Errorf("wrapTokens(%q, %d, %v): line %q is %d wide", in, w, hard, l, lw)
					}
				}
			}
		}
	}
}

func TestWrapWords(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want string
	}{
		{"one two three", 7, "one two\nthree"},
		{"re-folded text", 4, "re-\nfold\ned\ntext"},
		{"a  b", 10, "a  b"},
		{"x ⟨U+202E⟩y", 6, "x\n⟨U+202E⟩\ny"},
	}
	for _, tt := range tests {
		if got := Wrap(tt.in, tt.w); got != tt.want {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
	}
}
