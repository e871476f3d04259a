package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

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
// bold, reverse and underline are used. isDark picks the shades for a dark
// or a light background (the program asks the terminal, see Init).
func newChrome(color, isDark bool) chrome {
	c := chrome{
		title:       lipgloss.NewStyle().Bold(true),
		pane:        lipgloss.NewStyle(),
		paneFocused: lipgloss.NewStyle().Bold(true).Underline(true),
		tab:         lipgloss.NewStyle(),
		tabActive:   lipgloss.NewStyle().Bold(true).Reverse(true),
		tabOff:      lipgloss.NewStyle().Faint(true).Strikethrough(true),
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
	shade := lipgloss.LightDark(isDark)
	accent := shade(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B4A7F5"))
	bad := shade(lipgloss.Color("#B00020"), lipgloss.Color("#FF7A85"))
	subtle := shade(lipgloss.Color("#8A8A8A"), lipgloss.Color("#6C6C6C"))
	c.title = c.title.Foreground(accent)
	c.paneFocused = c.paneFocused.Foreground(accent)
	c.tabActive = lipgloss.NewStyle().Bold(true).Foreground(shade(lipgloss.Color("#FFFFFF"), lipgloss.Color("#1A1A1A"))).Background(accent)
	c.statusErr = c.statusErr.Foreground(bad)
	c.rule = lipgloss.NewStyle().Foreground(subtle)
	return c
}

// inputStyles are the styles of a text input (the prompt, a list's
// filter) for the background: a steady cursor (no blink timer running
// behind a prompt), the prompt and text in the terminal's own colour, and
// no colour at all without color.
func inputStyles(color, isDark bool) textinput.Styles {
	s := textinput.DefaultStyles(isDark)
	s.Cursor.Blink = false
	plain := lipgloss.NewStyle()
	s.Focused.Prompt, s.Focused.Text = plain, plain
	s.Blurred.Prompt, s.Blurred.Text = plain, plain
	if !color {
		s.Focused.Placeholder, s.Focused.Suggestion = plain, plain
		s.Blurred.Placeholder, s.Blurred.Suggestion = plain, plain
		s.Cursor.Color = nil
	}
	return s
}

// helpStyles are the help bar's styles for the background; plain without
// color.
func helpStyles(color, isDark bool) help.Styles {
	if color {
		return help.DefaultStyles(isDark)
	}
	p := lipgloss.NewStyle()
	return help.Styles{Ellipsis: p, ShortKey: p, ShortDesc: p, ShortSeparator: p, FullKey: p, FullDesc: p, FullSeparator: p}
}

// setBackground rebuilds the styles that depend on the terminal's
// background: the frame, the help bar and the text inputs. The lists draw
// their rows with the frame styles (rowDelegate holds a pointer to m.ch).
func (m *model) setBackground(isDark bool) {
	m.ch = newChrome(m.color, isDark)
	m.help.Styles = helpStyles(m.color, isDark)
	m.input.SetStyles(inputStyles(m.color, isDark))
	for _, l := range []*list.Model{&m.msgs, &m.finds} {
		l.FilterInput.SetStyles(inputStyles(m.color, isDark))
	}
}
