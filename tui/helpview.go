package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/render"
)

// helpKey answers a key while the full help overlay is open: the movement
// keys scroll it (at 80x24 it is taller than the screen), q quits, and
// any other key closes it.
func (m *model) helpKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	page := max(m.bodyHeight()-2, 1)
	switch {
	case key.Matches(msg, k.Down):
		m.helpTop++
	case key.Matches(msg, k.Up):
		m.helpTop--
	case key.Matches(msg, k.PageDown):
		m.helpTop += page
	case key.Matches(msg, k.PageUp):
		m.helpTop -= page
	case key.Matches(msg, k.Top):
		m.helpTop = 0
	case key.Matches(msg, k.Bottom):
		m.helpTop = len(m.helpLines())
	case key.Matches(msg, k.Quit):
		return tea.Quit
	default:
		m.showHelp, m.helpTop = false, 0
	}
	return nil
}

// helpLines is the overlay's text, one screen line each: the key columns
// are cut at the screen's edge (they do not fold), the prose is wrapped.
func (m *model) helpLines() []string {
	m.help.ShowAll = true
	keys := m.help.View(m.keys)
	m.help.ShowAll = false
	var lines []string
	for _, l := range strings.Split(keys, "\n") {
		lines = append(lines, ansi.Truncate(strings.TrimRight(l, " "), m.width, "…"))
	}
	for _, para := range strings.Split(helpText, "\n\n") {
		lines = append(lines, "")
		for _, l := range strings.Split(render.Wrap(strings.ReplaceAll(para, "\n", " "), m.width), "\n") {
			lines = append(lines, strings.TrimRight(l, " "))
		}
	}
	return lines
}

// helpBody draws the overlay in h lines from helpTop, with a title that
// says how to scroll when it does not fit.
func (m *model) helpBody(h int) string {
	lines := m.helpLines()
	rows := max(h-2, 1) // the title and a blank line
	m.helpTop = clamp(m.helpTop, 0, max(len(lines)-rows, 0))
	title := "Keys (any key closes this help)"
	if len(lines) > rows {
		end := min(m.helpTop+rows, len(lines))
		title = fmt.Sprintf("Keys (j/k, pgdn/pgup scroll: lines %d-%d of %d; any other key closes this help)", m.helpTop+1, end, len(lines))
		lines = lines[m.helpTop:end]
	}
	text := ansi.Truncate(title, m.width, "…") + "\n\n" + strings.Join(lines, "\n")
	return lipgloss.NewStyle().Height(h).MaxHeight(h).Render(text)
}
