package tui

import "github.com/charmbracelet/lipgloss"

// chrome holds the styles of the program's frame: pane titles, tabs, the
// selected row, the status line. The text inside panes is styled by render;
// these only frame it. Meaning is never carried by colour alone: the
// focused pane has a "▸", the active tab has brackets, the selected row a
// "›" and errors the word "error".
type chrome struct {
	title       lipgloss.Style
	pane        lipgloss.Style
	paneFocused lipgloss.Style
	tab         lipgloss.Style
	tabActive   lipgloss.Style
	tabOff      lipgloss.Style
	row         lipgloss.Style
	rowSelected lipgloss.Style
	rowCursor   lipgloss.Style // the selected row of a pane without focus
	status      lipgloss.Style
	statusErr   lipgloss.Style
	dim         lipgloss.Style
	match       lipgloss.Style
	rule        lipgloss.Style
}

// newChrome returns the frame styles; with color false (NO_COLOR) only
// bold, reverse and underline are used. Colours adapt to light and dark
// backgrounds.
func newChrome(color bool) chrome {
	c := chrome{
		title:       lipgloss.NewStyle().Bold(true),
		pane:        lipgloss.NewStyle(),
		paneFocused: lipgloss.NewStyle().Bold(true).Underline(true),
		tab:         lipgloss.NewStyle(),
		tabActive:   lipgloss.NewStyle().Bold(true).Reverse(true),
		tabOff:      lipgloss.NewStyle().Faint(true),
		row:         lipgloss.NewStyle(),
		rowSelected: lipgloss.NewStyle().Reverse(true),
		rowCursor:   lipgloss.NewStyle().Bold(true),
		status:      lipgloss.NewStyle(),
		statusErr:   lipgloss.NewStyle().Bold(true),
		dim:         lipgloss.NewStyle().Faint(true),
		match:       lipgloss.NewStyle().Reverse(true),
		rule:        lipgloss.NewStyle().Faint(true),
	}
	if !color {
		return c
	}
	accent := lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#B4A7F5"}
	bad := lipgloss.AdaptiveColor{Light: "#B00020", Dark: "#FF7A85"}
	subtle := lipgloss.AdaptiveColor{Light: "#8A8A8A", Dark: "#6C6C6C"}
	c.title = c.title.Foreground(accent)
	c.paneFocused = c.paneFocused.Foreground(accent)
	c.tabActive = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#1A1A1A"}).Background(accent)
	c.statusErr = c.statusErr.Foreground(bad)
	c.rule = lipgloss.NewStyle().Foreground(subtle)
	return c
}
