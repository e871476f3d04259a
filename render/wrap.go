package render

import (
	"strings"

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

// lines is how many lines the document has so far: the number of the line
// the next write starts (0 first).
func (d *doc) lines() int { return strings.Count(d.b.String(), "\n") }

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
	if hard {
		text = HardWrap(s, w)
	} else {
		text = Wrap(s, w)
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
