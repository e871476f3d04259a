package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/render"
)

// sandboxScreen draws the sandbox: the title, the copy's rows (fields,
// then body lines) with the selected one marked, a rule, the comparison
// from render.SandboxView, the editor or the status line, and the help.
func (m *model) sandboxScreen() string {
	b := m.box
	w := m.width
	title := m.ch.title.Render("headerscope sandbox") + " " + render.Safe(b.orig.name) + m.ch.dim.Render(" · a copy: the file is not changed")
	lines := []string{ansi.Truncate(title, w, "…")}
	var foot []string
	if b.editing != sbNone {
		foot = append(foot, ansi.Truncate(b.input.View(), w, ""))
	} else {
		foot = append(foot, m.statusLines()...)
	}
	m.help.SetWidth(w)
	foot = append(foot, ansi.Truncate(m.help.View(b.keys), w, "…"))
	body := max(m.height-len(lines)-len(foot), 4)
	if b.help {
		m.help.ShowAll = true
		text := "Sandbox keys (any key closes this help)\n\n" + m.help.View(b.keys)
		m.help.ShowAll = false
		// The key columns do not fold: cut them; the prose is wrapped.
		var out []string
		for _, l := range strings.Split(text, "\n") {
			out = append(out, ansi.Truncate(strings.TrimRight(l, " "), w, "…"))
		}
		out = append(out, "")
		out = append(out, strings.Split(render.Wrap(strings.ReplaceAll(render.SandboxHelp, "\n", " "), w), "\n")...)
		lines = append(lines, fit(out, body)...)
		return strings.Join(append(lines, foot...), "\n")
	}
	// The rows take a quarter of the room, the comparison the rest.
	rh := clamp(len(b.rows)+1, 2, max(body/4, 2))
	lines = append(lines, m.sandboxRowLines(b, rh)...)
	lines = append(lines, m.ch.rule.Render(strings.Repeat("─", w)))
	ch := body - rh - 1
	cmp := m.sandboxText(b, w)
	b.scroll = clamp(b.scroll, 0, max(len(cmp)-ch, 0))
	cmp = cmp[b.scroll:]
	if len(cmp) > ch && ch > 0 {
		cmp = append(cmp[:ch-1], m.ch.dim.Render(fmt.Sprintf("… %d more lines: pgdn", len(cmp)-ch+1)))
	}
	lines = append(lines, fit(cmp, ch)...)
	return strings.Join(append(lines, foot...), "\n")
}

// sbTextKey is what the comparison's text depends on: it is made again
// only when one of these changed, not on every frame (a spinner tick, a
// key that moves the selection), since it parses both versions.
type sbTextKey struct {
	gen, sig, width int
	state           docState
	before          *analyze.Report
	origDone        bool
	changes         int
}

// sandboxText is the comparison's lines, from the cache when nothing it
// depends on changed.
func (m *model) sandboxText(b *sandbox, w int) []string {
	k := sbTextKey{gen: b.doc.gen, sig: b.sig, width: w, state: b.doc.state, before: b.before.report,
		origDone: b.orig.state == docDone, changes: b.edits}
	if b.text == nil || b.textKey != k {
		b.text = strings.Split(strings.TrimRight(render.SandboxView(m.sandboxCompare(b), m.st, w), "\n"), "\n")
		b.textKey = k
	}
	return append([]string(nil), b.text...)
}

// fit pads or cuts lines to exactly n.
func fit(lines []string, n int) []string {
	if len(lines) > n {
		return lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return lines
}

// sandboxCompare is what render.SandboxView compares.
func (m *model) sandboxCompare(b *sandbox) render.Sandbox {
	after := render.SandboxSide{Raw: b.doc.raw}
	if b.doc.state == docDone {
		after.Report = b.doc.report
	}
	before := render.SandboxSide{Raw: b.before.raw, Report: b.before.report}
	if before.Report == nil && b.orig.state == docDone && sameSlice(b.before.raw, b.orig.raw) {
		// The sandbox opened while the original was being checked.
		before.Report = b.orig.report
	}
	return render.Sandbox{
		Before:    before,
		After:     after,
		Signature: b.sig,
		Changes:   b.touched,
		KeyNote:   b.keyNote(),
	}
}

// sandboxRowLines is the list of rows, h lines high with its title, the
// selected row kept in view.
func (m *model) sandboxRowLines(b *sandbox, h int) []string {
	n := h - 1
	if b.cur < b.off {
		b.off = b.cur
	}
	if b.cur >= b.off+n {
		b.off = b.cur - n + 1
	}
	b.off = clamp(b.off, 0, max(len(b.rows)-n, 0))
	t := fmt.Sprintf("Rows of the copy (%d fields, %d body lines", b.fieldCount(), len(b.rows)-b.fieldCount())
	if b.more > 0 {
		t += fmt.Sprintf(", %d more not shown", b.more)
	}
	out := []string{ansi.Truncate(m.ch.paneFocused.Render("▸ "+t+")"), m.width, "…")}
	for i := b.off; i < min(b.off+n, len(b.rows)); i++ {
		r := b.rows[i]
		c := r.content(b.doc.raw)
		label := fmt.Sprintf("%4d ", r.line)
		if r.kind == rowBody {
			label = fmt.Sprintf("%4d│", r.line)
		}
		text := render.Safe(render.Clip(string(c), 4*m.width))
		line := ansi.Truncate(label+text, m.width-2, "…")
		if i == b.cur {
			out = append(out, m.ch.paneFocused.Render("▸ "+line))
		} else {
			out = append(out, "  "+line)
		}
	}
	return out
}

func (b *sandbox) fieldCount() int {
	n := 0
	for _, r := range b.rows {
		if r.kind == rowField {
			n++
		}
	}
	return n
}

// sameSlice reports whether a and b are the same bytes in memory.
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
