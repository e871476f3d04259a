package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze/conclusion"
	"github.com/headerscope/headerscope/render"
)

// cardLinks is the state of the verdict card's links: which piece of
// evidence is picked, where each starts in the detail text, and whether
// esc goes back to the card after a link was followed.
type cardLinks struct {
	sel    int
	starts []int
	// back is true while the finding shown was reached from the card.
	back bool
}

// cardKey answers the keys of the verdict card's detail: j/k pick a piece
// of evidence, enter or its number follows it. It reports false for keys
// it leaves to the rest of the program.
func (m *model) cardKey(c cardFinding, msg tea.KeyPressMsg) bool {
	n := len(c.card.Evidence)
	if n == 0 {
		return false
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Down):
		m.pickEvidence(c, min(m.card.sel+1, n-1))
	case key.Matches(msg, k.Up):
		m.pickEvidence(c, max(m.card.sel-1, 0))
	case key.Matches(msg, k.Enter):
		m.follow(c, min(m.card.sel, n-1))
	case key.Matches(msg, k.Follow):
		i := int(msg.Code - '1')
		if i >= n {
			m.setStatus(fmt.Sprintf("the verdict has %s; press 1-%d", plural(n, "piece of evidence"), min(n, 9)))
			return true
		}
		m.follow(c, i)
	default:
		return false
	}
	return true
}

// pickEvidence marks evidence i and scrolls it into view.
func (m *model) pickEvidence(c cardFinding, i int) {
	m.card.sel = i
	m.showFinding(true)
	if i < len(m.card.starts) {
		line := m.card.starts[i]
		if top := m.det.vp.YOffset(); line < top || line >= top+m.det.vp.Height() {
			m.det.vp.SetYOffset(max(line-1, 0))
		}
	}
	m.setStatus(fmt.Sprintf("evidence %d of %d: %s; enter shows it", i+1, len(c.card.Evidence), render.Safe(render.PointerLabel(c.card.Evidence[i].Pointer))))
}

// follow selects the finding evidence i of the card points at and shows
// its overview; a header field is shown on its line of the timeline.
func (m *model) follow(c cardFinding, i int) {
	m.card.sel = i
	p := c.card.Evidence[i].Pointer
	label := render.Safe(render.PointerLabel(p))
	if m.finds.FilterState() != list.Unfiltered {
		m.finds.ResetFilter()
	}
	claims := 0
	for j, it := range m.finds.Items() {
		f, ok := it.(finding)
		if !ok {
			continue
		}
		ci := -1
		if _, isClaim := f.(claimFinding); isClaim {
			ci = claims
			claims++
		}
		if !pointsAt(f, p, ci) {
			continue
		}
		m.finds.Select(j)
		m.focus = focusDetail
		m.det.view = render.ViewOverview
		m.setDelegates()
		m.showFinding(false)
		if _, tl := f.(timelineFinding); tl && p.Line > 0 {
			m.scrollToLine(p.Line)
		} else if line, ok := m.anchor(f, p); ok && line+3 > m.det.vp.Height() {
			// Scrolled only when the part would not be in view from the
			// top: the entry's head says who wrote it.
			m.det.vp.SetYOffset(max(line-1, 0))
		}
		m.card.back = true
		m.setStatus(fmt.Sprintf("evidence %d: %s; esc goes back to the verdict", i+1, label))
		return
	}
	m.setError(fmt.Sprintf("evidence %d points at %s, which is not among the findings", i+1, label))
}

// scrollToLine scrolls the timeline to the row of message line n.
func (m *model) scrollToLine(n int) {
	want := fmt.Sprint(n)
	for i, l := range m.det.lines {
		if f := strings.Fields(ansi.Strip(l)); len(f) > 0 && f[0] == want {
			m.det.vp.SetYOffset(max(i-1, 0))
			return
		}
	}
}

// backToCard answers esc after a link was followed: the card again, with
// the same piece of evidence picked.
func (m *model) backToCard() bool {
	if !m.card.back || m.focus != focusDetail || m.det.query != "" {
		return false
	}
	m.card.back = false
	items := m.finds.Items()
	if len(items) == 0 {
		return false
	}
	if _, ok := items[0].(cardFinding); !ok {
		return false
	}
	m.finds.Select(0)
	m.det.view = render.ViewOverview
	m.showFinding(false)
	return true
}

// anchor is the line of f's overview where the part p points at begins:
// one claim of an Authentication-Results entry, one hop of the Received
// chain. ok is false when p names the whole finding.
func (m *model) anchor(f finding, p conclusion.Pointer) (line int, ok bool) {
	var starts []int
	var i int
	switch f := f.(type) {
	case claimFinding:
		starts, i = render.ClaimStarts(f.e, m.st, m.det.vp.Width()), p.Claim
	case receivedFinding:
		c := f.rep.Received
		starts, i = render.ReceivedHopStarts(c.Hops, c.Receiving, m.st, m.det.vp.Width()), p.Index
	default:
		return 0, false
	}
	if i < 0 || i >= len(starts) {
		return 0, false
	}
	return starts[i], true
}
