package render

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestWrapKeepsEscapesWhole checks that wrapping never splits an escape
// written by Safe or Visible across lines (issue 12, B10), in prose and in
// hard-wrapped text, and that every line fits the width.
func TestWrapKeepsEscapesWhole(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	pieces := []string{"a", "bc", " ", "  ", "\u202e", "\u200b", "\x1b", "\x07", "é", "\t", "word", "\u2066", "\x9b"}
	whole := regexp.MustCompile(`⟨U\+[0-9A-F]{4,5}⟩|\\x[0-9a-f]{2}`)
	for n := 0; n < 500; n++ {
		var b strings.Builder
		for k := rng.Intn(60); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		raw := b.String()
		width := minWidth + rng.Intn(30)
		for _, hard := range []bool{false, true} {
			d := newDoc(Styles{}, width)
			text := Safe(raw)
			if hard {
				d.hard("  ", "  ", Visible(raw))
				text = Visible(raw)
			} else {
				d.para("  ", "  ", text)
			}
			out := d.String()
			for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if w := ansi.StringWidth(l); w > width {
					t.Errorf("line %q is %d columns, wider than %d", l, w, width)
				}
				rest := whole.ReplaceAllString(l, "")
				if strings.ContainsAny(rest, "⟨⟩") || strings.Contains(rest, `\x`) {
					t.Errorf("Safe(%q) wrapped at %d (hard %v): line %q holds part of an escape", raw, width, hard, l)
				}
			}
			// Nothing is lost: the escapes all appear whole.
			if got, want := len(whole.FindAllString(out, -1)), len(whole.FindAllString(text, -1)); got != want {
				t.Errorf("Safe(%q) wrapped: %d escapes, want %d:\n%s", raw, got, want, out)
			}
		}
	}
}
