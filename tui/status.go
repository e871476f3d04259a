package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/render"
)

// statusLine is the status, wrapped (never cut short while there is room:
// an error must be read whole), with the DNS mode of the selected message
// at the right of its first line.
func (m *model) statusLine() string { return strings.Join(m.statusLines(), "\n") }

// maxStatusLines bounds the status so that the panes keep most of a small
// screen.
func (m *model) maxStatusLines() int { return max(m.height/6, 2) }

func (m *model) statusLines() []string {
	if m.width == 0 {
		return []string{""}
	}
	if m.prompt != promptNone {
		// A status over the prompt: the completions of a path.
		var lines []string
		if m.status != "" {
			lines = strings.Split(render.Wrap(m.status, m.width), "\n")
			lines = lines[:min(len(lines), m.maxStatusLines())]
		}
		return append(lines, ansi.Truncate(m.input.View(), m.width, ""))
	}
	s := m.status
	if s == "" && m.focus == focusDetail {
		s = m.det.searchStatus()
	}
	if m.busy() {
		n := 0
		for _, d := range m.docs {
			if d.state != docDone {
				n++
			}
		}
		s = strings.TrimSpace(fmt.Sprintf("%s checking %s… ", m.spin.View(), plural(n, "message")) + s)
	}
	sty := m.ch.status
	if m.statusErr && m.status != "" {
		s, sty = "error: "+s, m.ch.statusErr
	}
	mode := m.modeText()
	mw := ansi.StringWidth(mode)
	w := m.width
	if mw+2 < m.width/2 {
		w = m.width - mw - 2
	} else {
		mode, mw = "", 0
	}
	lines := strings.Split(render.Wrap(s, w), "\n")
	if limit := m.maxStatusLines(); len(lines) > limit {
		lines = lines[:limit]
		lines[limit-1] = ansi.Truncate(lines[limit-1]+" …", w, "…")
	}
	for i, l := range lines {
		lines[i] = sty.Render(l)
	}
	if mode != "" {
		gap := m.width - ansi.StringWidth(lines[0]) - mw
		lines[0] += strings.Repeat(" ", max(gap, 1)) + m.ch.dim.Render(mode)
	}
	return lines
}

// modeText says how the selected message's DNS questions are answered.
func (m *model) modeText() string {
	d := m.current()
	if d == nil {
		if m.liveBuilder != nil && m.live == nil {
			return "DNS: offline (L: live)"
		}
		return ""
	}
	_, off := d.resolver.(dns.Offline)
	switch {
	case d.live:
		return "DNS: live"
	case off:
		return "DNS: offline"
	case d.resolver == nil && d.canGoLive && m.liveBuilder != nil:
		return "DNS: offline (L: live)"
	case d.resolver == nil:
		return "DNS: offline"
	}
	return "DNS: zone file"
}
