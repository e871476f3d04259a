package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/viewport"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/render"
)

// viewNames are the tab labels, in key order (1-6).
var viewNames = []string{"Overview", "Tags", "Canonicalization", "Hashes", "DNS", "Raw"}

// shortViewNames are used when the full labels do not fit.
var shortViewNames = []string{"Overview", "Tags", "Canon", "Hashes", "DNS", "Raw"}

// detail is the right-hand pane: view tabs over a scrolling text.
type detail struct {
	vp    viewport.Model
	view  render.View
	text  string // the rendered text, before search marks
	lines []string
	// query is the active search; matches are the line numbers holding
	// it, and match the current one.
	query   string
	matches []int
	match   int
	// shown is true once a text was set for the current size.
	shown bool
}

func newDetail() detail {
	vp := viewport.New()
	vp.MouseWheelEnabled = true
	vp.MouseWheelDelta = 3
	// The root handles left/right (views) and h/l; keep vertical keys only.
	vp.KeyMap.Left.SetEnabled(false)
	vp.KeyMap.Right.SetEnabled(false)
	return detail{vp: vp}
}

// setText replaces the content and keeps the search, if any. keepOffset
// keeps the scroll position (a re-run of the same view).
func (d *detail) setText(s string, keepOffset bool) {
	off := d.vp.YOffset()
	d.shown = true
	d.text = strings.TrimRight(s, "\n")
	d.lines = strings.Split(d.text, "\n")
	d.find()
	d.refresh()
	if keepOffset {
		d.vp.SetYOffset(off)
	} else {
		d.vp.GotoTop()
	}
}

// setSize resizes the viewport.
func (d *detail) setSize(w, h int) {
	d.vp.SetWidth(max(w, 1))
	d.vp.SetHeight(max(h, 1))
	d.refresh()
}

// search sets the query (case-insensitive) and jumps to the first match.
func (d *detail) search(q string) {
	d.query = q
	d.find()
	d.refresh()
	d.jump()
}

// next moves to the next (dir 1) or previous (dir -1) match.
func (d *detail) next(dir int) {
	if len(d.matches) == 0 {
		return
	}
	d.match = (d.match + dir + len(d.matches)) % len(d.matches)
	d.refresh()
	d.jump()
}

func (d *detail) find() {
	d.matches, d.match = nil, 0
	if d.query == "" {
		return
	}
	q := strings.ToLower(d.query)
	for i, l := range d.lines {
		if strings.Contains(strings.ToLower(ansi.Strip(l)), q) {
			d.matches = append(d.matches, i)
		}
	}
}

// refresh puts the text in the viewport, matching lines marked: a "»" in
// the left margin for the current match and reverse video for all, so the
// mark survives NO_COLOR.
func (d *detail) refresh() {
	if len(d.matches) == 0 {
		d.vp.SetContent(d.text)
		return
	}
	lines := make([]string, len(d.lines))
	copy(lines, d.lines)
	for k, i := range d.matches {
		mark := "  "
		if k == d.match {
			mark = "» "
		}
		lines[i] = mark + lipgloss.NewStyle().Reverse(true).Render(ansi.Strip(lines[i]))
	}
	d.vp.SetContent(strings.Join(lines, "\n"))
}

func (d *detail) jump() {
	if len(d.matches) == 0 {
		return
	}
	line := d.matches[d.match]
	if top := d.vp.YOffset(); line < top || line >= top+d.vp.Height() {
		d.vp.SetYOffset(max(line-d.vp.Height()/3, 0))
	}
}

// searchStatus describes the search for the status line.
func (d *detail) searchStatus() string {
	if d.query == "" {
		return ""
	}
	if len(d.matches) == 0 {
		return fmt.Sprintf("no line matches %q in this view; press / to search again or esc to clear", d.query)
	}
	return fmt.Sprintf("match %d of %d for %q (n next, N previous, esc clears)", d.match+1, len(d.matches), d.query)
}

// tabs draws the view tabs; views a finding does not support are faint.
func tabs(ch *chrome, active render.View, supports func(render.View) bool, width int) string {
	for _, names := range [][]string{viewNames, shortViewNames} {
		var parts []string
		for i, n := range names {
			v := render.View(i)
			label := fmt.Sprintf(" %d %s ", i+1, n)
			switch {
			case v == active:
				parts = append(parts, ch.tabActive.Render("["+label[1:len(label)-1]+"]"))
			case supports != nil && !supports(v):
				// No number: the key does nothing here. Faint and
				// struck through where the terminal can show it.
				parts = append(parts, ch.tabOff.Render(fmt.Sprintf(" - %s ", n)))
			default:
				parts = append(parts, ch.tab.Render(label))
			}
		}
		s := strings.Join(parts, "")
		if ansi.StringWidth(s) <= width {
			return s
		}
	}
	return ansi.Truncate(fmt.Sprintf("[%d %s] ←/→ or 1-6", active+1, viewNames[active]), width, "…")
}
