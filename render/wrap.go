package render

import (
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// minWidth is the narrowest layout render attempts; narrower requests are
// laid out at this width and left to the terminal to fold.
const minWidth = 40

// doc accumulates the lines of one rendered section at a fixed width.
type doc struct {
	b     strings.Builder
	st    Styles
	width int
}

func newDoc(st Styles, width int) *doc {
	if width < minWidth {
		width = minWidth
	}
	return &doc{st: st, width: width}
}

func (d *doc) String() string { return d.b.String() }

// line writes one already laid-out line.
func (d *doc) line(s string) {
	d.b.WriteString(strings.TrimRight(s, " "))
	d.b.WriteByte('\n')
}

func (d *doc) blank() { d.b.WriteByte('\n') }

// para writes prose (already made safe) word-wrapped, every line starting
// with prefix; the first line starts with first instead when it is given.
func (d *doc) para(first, prefix, s string) {
	d.wrapped(first, prefix, s, false, nil)
}

// paraStyled is para with each wrapped line styled on its own.
func (d *doc) paraStyled(first, prefix, s string, sty lipgloss.Style) {
	d.wrapped(first, prefix, s, false, &sty)
}

// hard writes text without useful break points (base64, hex, lines with
// visible white space) cut at the width, never truncated.
func (d *doc) hard(first, prefix, s string) {
	d.wrapped(first, prefix, s, true, nil)
}

// hardStyled is hard with each wrapped piece styled on its own, so that no
// escape sequence spans a line end.
func (d *doc) hardStyled(first, prefix, s string, sty lipgloss.Style) {
	d.wrapped(first, prefix, s, true, &sty)
}

func (d *doc) wrapped(first, prefix, s string, hard bool, sty *lipgloss.Style) {
	if first == "" {
		first = prefix
	}
	if ansi.StringWidth(first) > d.width-10 {
		// A lead too wide to hang text from goes on lines of its own,
		// under a prefix that leaves room (or none).
		p := prefix
		if ansi.StringWidth(p) > d.width-10 {
			p = ""
		}
		d.wrapped("", p, strings.TrimRight(first, " "), false, nil)
		first = prefix
	}
	w := d.width - ansi.StringWidth(first)
	if pw := d.width - ansi.StringWidth(prefix); pw < w {
		w = pw
	}
	if w < 10 {
		w = 10
	}
	var text string
	switch {
	case hasEscapes(s):
		text = wrapAtoms(s, w, hard)
	case hard:
		text = ansi.Hardwrap(s, w, true)
	default:
		text = ansi.Wrap(s, w, "")
	}
	for i, l := range strings.Split(text, "\n") {
		if sty != nil && d.st.Color {
			l = sty.Render(l)
		}
		if i == 0 {
			d.line(first + l)
		} else {
			d.line(prefix + l)
		}
	}
}

// kv writes "label  value" with the label padded to lw columns, the value
// wrapped under itself.
func (d *doc) kv(indent string, lw int, label, value string, hard bool) {
	first := indent + d.st.Label.Render(pad(label, lw)) + " "
	prefix := indent + strings.Repeat(" ", lw+1)
	d.wrapped(first, prefix, value, hard, nil)
}

// pad right-pads s with spaces to w columns.
func pad(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// hasEscapes reports whether s holds an escape written by Safe or Visible
// (⟨U+202E⟩, \x1b), which wrapping must keep whole.
func hasEscapes(s string) bool {
	return strings.Contains(s, "⟨U+") || strings.Contains(s, `\x`)
}

// wrapAtoms wraps s at w columns as ansi.Wrap (words) or ansi.Hardwrap
// (hard) do, but never inside an escape written by Safe: a reader must
// see "⟨U+202E⟩" or "\x1b" on one line, not "⟨U+20" and "2E⟩" (issue 12,
// B10). Styling sequences are copied through with no width.
func wrapAtoms(s string, w int, hard bool) string {
	var out strings.Builder
	for i, para := range strings.Split(s, "\n") {
		if i > 0 {
			out.WriteByte('\n')
		}
		col := 0
		var word []string // the atoms of the word being placed (prose)
		wordW := 0
		put := func(a string, aw int) {
			if col > 0 && col+aw > w {
				out.WriteByte('\n')
				col = 0
			}
			out.WriteString(a)
			col += aw
		}
		flush := func() {
			if len(word) == 0 {
				return
			}
			if col > 0 && col+wordW > w && wordW <= w {
				out.WriteByte('\n')
				col = 0
			}
			for _, a := range word {
				put(a, ansi.StringWidth(a))
			}
			word, wordW = word[:0], 0
		}
		for j := 0; j < len(para); {
			a := nextAtom(para[j:])
			j += len(a)
			aw := ansi.StringWidth(a)
			if hard {
				put(a, aw)
				continue
			}
			if a == " " {
				flush()
				if col > 0 && col < w {
					out.WriteByte(' ')
					col++
				}
				continue
			}
			word = append(word, a)
			wordW += aw
		}
		flush()
	}
	// Prose lines do not end in the space that separated them.
	lines := strings.Split(out.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// nextAtom returns the unit of s that starts it and must not be split: an
// escape written by Safe or Visible, an ANSI styling sequence, or one
// rune.
func nextAtom(s string) string {
	switch {
	case strings.HasPrefix(s, "⟨U+"):
		if k := strings.Index(s, "⟩"); k > 0 && k < 16 {
			return s[:k+len("⟩")]
		}
	case strings.HasPrefix(s, `\x`) && len(s) >= 4:
		return s[:4]
	case len(s) >= 2 && s[0] == '\\' && (s[1] == 't' || s[1] == 'n' || s[1] == 'r'):
		return s[:2]
	case s[0] == 0x1b && len(s) > 1 && s[1] == '[':
		k := 2
		for k < len(s) && (s[k] < 0x40 || s[k] > 0x7e) {
			k++
		}
		if k < len(s) {
			return s[:k+1]
		}
	}
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}
