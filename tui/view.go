package tui

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/render"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// wideWidth is the width from which the lists sit left of the detail pane;
// below it the panes are stacked.
const wideWidth = 100

// tallHeight is the height from which the full summary (From, Subject and
// Date on lines of their own, then the badges) is shown; below it a
// two-line summary keeps room for the panes.
const tallHeight = 30

// showDoc refreshes the findings list after the selected message changed
// or its analysis finished; keep holds the selected finding and scroll.
func (m *model) showDoc(keep bool) {
	idx := m.finds.Index()
	d := m.current()
	if d == nil || d.report == nil {
		m.finds.SetItems(nil)
	} else {
		m.finds.SetItems(findingsOf(d.report))
		if !keep {
			// Start on the verdict card: the conclusion, each piece of
			// evidence a link to the finding that proves it.
			// The card has one view: the overview.
			idx = 0
			m.card = cardLinks{}
			m.det.view = render.ViewOverview
		}
	}
	m.finds.Select(min(idx, max(len(m.finds.Items())-1, 0)))
	m.showFinding(keep)
}

// showFinding renders the selected finding in the current view.
func (m *model) showFinding(keep bool) {
	f := m.selected()
	d := m.current()
	var text string
	switch {
	case d == nil:
		text = "No message open. Paste a header block, or press o to open a file."
	case d.state != docDone:
		text = "Checking signatures… (DNS: " + render.Safe(d.dnsSource()) + ")"
	case d.err != "":
		text = d.err
	case f == nil:
		text = "No finding matches the filter; press esc to clear it."
	case !f.supports(m.det.view):
		text = fmt.Sprintf("The %s view does not apply to this finding; press 1 for the overview.", viewNames[m.det.view])
	default:
		if c, ok := f.(cardFinding); ok {
			text, m.card.starts = c.linked(m.st, m.det.vp.Width(), m.card.sel)
			break
		}
		if t, ok := m.diffText(f); ok {
			text = t
			break
		}
		text = f.detail(m.det.view, m.st, m.det.vp.Width())
	}
	m.det.setText(text, keep)
}

// layout sizes the panes for the window and the current state; Update
// calls it after every message. The detail text is rendered again only
// when its width changed, so that a search and the scroll survive.
func (m *model) layout() {
	if m.width == 0 {
		return
	}
	m.wide = m.width >= wideWidth
	body := m.bodyHeight()
	before := m.det.vp.Width()
	if m.wide {
		left := m.leftWidth()
		right := m.width - left - 1
		if len(m.docs) > 1 {
			mh := (body - 2) / 2
			m.msgs.SetSize(left, max(mh, 1))
			m.finds.SetSize(left, max(body-2-mh, 1))
		} else {
			m.finds.SetSize(left, max(body-1, 1))
		}
		m.det.setSize(right, body-1)
	} else {
		used := 0
		if len(m.docs) > 1 {
			used++ // the message pane title, which carries the selected name
			if m.focus == focusMessages {
				mh := clamp(len(m.msgs.VisibleItems()), 1, max(body/3, 1))
				m.msgs.SetSize(m.width, mh)
				used += mh
			}
		}
		fh := clamp(len(m.finds.VisibleItems()), 1, 4)
		if m.focus == focusFindings {
			fh = clamp(len(m.finds.VisibleItems()), 1, max(body/3, 1))
		}
		m.finds.SetSize(m.width, fh)
		used += 1 + fh
		m.det.setSize(m.width, max(body-used-1, 1))
	}
	scroll(&m.msgs, &m.msgOff)
	scroll(&m.finds, &m.findOff)
	m.sizeLesson()
	if m.det.vp.Width() != before || !m.det.shown {
		m.showFinding(true)
	}
}

// headerLines is the title line and the summary.
func (m *model) headerLines() []string {
	d := m.current()
	title := m.ch.title.Render("headerscope") + " " + m.titleText()
	lines := []string{ansi.Truncate(title, m.width, "…")}
	if d == nil {
		return lines
	}
	src := render.Safe(d.name) + " · DNS: " + render.Safe(d.dnsSource()) + " · clock: " + d.clock
	lines = append(lines, ansi.Truncate(m.ch.dim.Render(src), m.width, "…"))
	var sum string
	switch {
	case d.report != nil && m.height >= tallHeight:
		sum = render.Summary(d.report, m.st, m.width)
	case d.report != nil:
		sum = m.compactSummary(d.report)
	case d.err != "":
		sum = m.ch.statusErr.Render("error:") + " " + render.Safe(d.name) + " could not be checked"
	default:
		sum = m.spin.View() + " checking " + render.Safe(d.name) + "…"
	}
	// The summary and the note are wrapped, not cut: the end of a line
	// ("968 not evaluated") can be what matters.
	for _, l := range strings.Split(strings.TrimRight(sum, "\n"), "\n") {
		lines = append(lines, strings.Split(render.Wrap(l, m.width), "\n")...)
	}
	if d.note != "" {
		for _, l := range strings.Split(render.Wrap(render.Safe(d.note), m.width), "\n") {
			lines = append(lines, m.ch.dim.Render(l))
		}
	}
	return lines
}

// compactSummary is the summary in two lines: From and Subject, then the
// badges and the Date.
func (m *model) compactSummary(rep *analyze.Report) string {
	s := rep.Summary
	var bs []string
	for _, b := range render.Badges(rep) {
		bs = append(bs, b.Render(m.st))
	}
	// The badges are the verdicts and are wrapped whole; the Date comes
	// only where it fits beside them.
	line := strings.Join(bs, "   ")
	if date := "   Date: " + render.Safe(s.Date); ansi.StringWidth(line+date) <= m.width {
		line += date
	}
	return ansi.Truncate("From: "+render.Safe(s.From)+"  Subject: "+render.Safe(s.Subject), m.width, "…") + "\n" + line
}

// bodyHeight is what is left for the panes once the header, the status
// line and the help bar are drawn.
func (m *model) bodyHeight() int {
	return max(m.height-len(m.headerLines())-len(m.statusLines())-1, 3)
}

// View draws the whole screen on the alternate screen, with mouse wheel
// reports for the detail pane.
func (m *model) View() tea.View {
	v := tea.NewView(m.screen())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	return v
}

// screen is the text of the whole screen.
func (m *model) screen() string {
	if m.width == 0 {
		return ""
	}
	if m.box != nil {
		return m.sandboxScreen()
	}
	head := strings.Join(m.headerLines(), "\n")
	var body string
	switch {
	case m.showHelp:
		body = m.helpBody(m.bodyHeight())
	case m.lesson != nil:
		body = m.lessonView()
	case m.wide:
		body = m.wideBody()
	default:
		body = m.narrowBody()
	}
	return lipgloss.JoinVertical(lipgloss.Left, head, body, m.statusLine(), m.helpLine())
}

func (m *model) wideBody() string {
	h := m.bodyHeight()
	left := m.msgs.Width()
	if len(m.docs) <= 1 {
		left = m.finds.Width()
	}
	var l []string
	if len(m.docs) > 1 {
		l = append(l, m.paneTitle(focusMessages, m.messagesTitle(), left), m.msgsView())
	}
	l = append(l, m.paneTitle(focusFindings, m.findingsTitle(), left), m.findsView())
	leftCol := lipgloss.NewStyle().Width(left).Height(h).MaxHeight(h).Render(strings.Join(l, "\n"))
	rule := m.ch.rule.Render(strings.TrimRight(strings.Repeat("│\n", h), "\n"))
	right := lipgloss.NewStyle().Height(h).MaxHeight(h).Render(m.detailView())
	return lipgloss.JoinHorizontal(lipgloss.Top, leftCol, rule, right)
}

func (m *model) narrowBody() string {
	h := m.bodyHeight()
	var parts []string
	if len(m.docs) > 1 {
		t := m.messagesTitle()
		if d := m.current(); d != nil && m.focus != focusMessages {
			t = fmt.Sprintf("Message %d/%d: %s (shift+tab to choose)", m.index(d)+1, len(m.docs), render.Safe(shortName(d.name)))
		}
		parts = append(parts, m.paneTitle(focusMessages, t, m.width))
		if m.focus == focusMessages {
			parts = append(parts, m.msgsView())
		}
	}
	parts = append(parts, m.paneTitle(focusFindings, m.findingsTitle(), m.width), m.findsView(), m.detailView())
	return lipgloss.NewStyle().Height(h).MaxHeight(h).Render(strings.Join(parts, "\n"))
}

func (m *model) findingsTitle() string {
	return listTitle(&m.finds, "Findings")
}

func (m *model) messagesTitle() string {
	t := listTitle(&m.msgs, "Messages")
	if m.sorted {
		t += ", worst first"
	}
	return t
}

// listTitle is a pane title with its count, and the filter while one is
// typed or applied: "Messages (1 of 12) filter "11", esc clears".
func listTitle(l *list.Model, name string) string {
	n := len(l.Items())
	v := l.FilterValue()
	if v == "" || l.FilterState() == list.Unfiltered {
		return fmt.Sprintf("%s (%d)", name, n)
	}
	return fmt.Sprintf("%s (%d of %d) filter %q, esc clears", name, len(l.VisibleItems()), n, v)
}

// detailView is the tab bar over the detail text.
func (m *model) detailView() string {
	var supports func(render.View) bool
	if f := m.selected(); f != nil {
		supports = f.supports
	}
	bar := tabs(&m.ch, m.det.view, supports, m.det.vp.Width())
	if m.focus == focusDetail {
		bar = ansi.Truncate("▸"+bar, m.det.vp.Width(), "")
	}
	return bar + "\n" + m.det.vp.View()
}

// paneTitle marks the focused pane with "▸" as well as a style.
func (m *model) paneTitle(f focus, text string, width int) string {
	if f == m.focus {
		return ansi.Truncate(m.ch.paneFocused.Render("▸ "+text), width, "…")
	}
	return ansi.Truncate(m.ch.pane.Render("  "+text), width, "…")
}

func (m *model) helpLine() string {
	m.help.SetWidth(m.width)
	if m.lesson != nil {
		return ansi.Truncate(m.help.View(m.lessonKeys()), m.width, "…")
	}
	// help.Model lets the last item overflow when its ellipsis does not
	// fit; cut it here so that the line never wraps.
	return ansi.Truncate(m.help.View(m.keys), m.width, "…")
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// helpText explains the screen in the full help overlay.
const helpText = `Findings: first the verdict card (in it, j/k and enter or 1-9 follow its
evidence to the finding that proves it; esc comes back), the header timeline (t), each DKIM signature, the ARC chain and
each of its sets, each Authentication-Results entry, DMARC, SPF, the Received chain. A row
says its verdict as a word and a glyph (✓ pass, ✗ fail, ! permerror,
? temperror, ✓! policy, - none). An Authentication-Results row says instead
what is known of its writer: ✓ trusted (the receiver), ✓ sealed (valid ARC),
! claims receiver (gives the receiver's name where the receiver could not have
written it), · upstream (written before arrival, as a list's is), · other host,
· no valid seal; a claim headerscope disagrees with shows as dkim=pass≠fail. Message rows show DKIM, ARC and
DMARC at a glance: DKIM✓ ARC- DMARC✗.

Paste a header block at any time (bracketed paste) to check it.`
