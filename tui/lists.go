package tui

import (
	"strings"

	"charm.land/bubbles/v2/list"
	"github.com/charmbracelet/x/ansi"
)

// leftWidth is the width of the lists beside the detail pane: what their
// longest row needs, so that the decisive end of a row (dkim=pass≠fail)
// is not cut, but at most half the screen and never so much that the
// detail pane drops under 64 columns.
func (m *model) leftWidth() int {
	need := 0
	for _, l := range []*list.Model{&m.msgs, &m.finds} {
		if l == &m.msgs && len(m.docs) <= 1 {
			continue
		}
		d := rowDelegate{ch: &m.ch, st: &m.st}
		for _, it := range l.VisibleItems() {
			need = max(need, d.width(it))
		}
	}
	hi := max(min(m.width/2, m.width-64), 30)
	return clamp(need, 30, hi)
}

// scroll moves a list's window (off, the first row shown) just enough to
// show its selection, and never past the last row, so that a full list
// fills its pane.
func scroll(l *list.Model, off *int) {
	h := l.Height()
	if l.SettingFilter() {
		h-- // the filter input takes the first line
	}
	h = max(h, 1)
	n, sel := len(l.VisibleItems()), l.Index()
	if sel < *off {
		*off = sel
	}
	if sel >= *off+h {
		*off = sel - h + 1
	}
	*off = clamp(*off, 0, max(n-h, 0))
}

// listView draws the rows of a list from off, one per line, padded to the
// list's height; the filter input first while a filter is typed.
func (m *model) listView(l *list.Model, off int, focused bool) string {
	h := l.Height()
	var lines []string
	if l.SettingFilter() {
		lines = append(lines, ansi.Truncate(l.FilterInput.View(), l.Width(), "…"))
	}
	d := rowDelegate{ch: &m.ch, st: &m.st, focused: focused}
	items := l.VisibleItems()
	for i := off; i < len(items) && len(lines) < h; i++ {
		var b strings.Builder
		d.Render(&b, *l, i, items[i])
		lines = append(lines, b.String())
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func (m *model) msgsView() string  { return m.listView(&m.msgs, m.msgOff, m.focus == focusMessages) }
func (m *model) findsView() string { return m.listView(&m.finds, m.findOff, m.focus == focusFindings) }
