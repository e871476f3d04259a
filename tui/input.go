package tui

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/render"
)

// key handles one key press: prompts and list filters first (they own
// every key while open), then the global keys, then the focused pane.
func (m *model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.prompt != promptNone {
		return m.promptKey(msg)
	}
	// A status answers the key before; each key that has something to
	// say sets its own.
	m.setStatus("")
	if l := m.focusedList(); l != nil && l.SettingFilter() {
		if key.Matches(msg, m.keys.Quit) && msg.String() == "ctrl+c" {
			return tea.Quit
		}
		return m.forward(msg)
	}
	if m.showHelp {
		return m.helpKey(msg)
	}
	if m.lesson != nil {
		return m.lessonKey(msg)
	}
	if c, ok := m.selected().(cardFinding); ok && m.focus == focusDetail && m.det.view == render.ViewOverview && m.cardKey(c, msg) {
		return nil
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Next):
		m.moveFocus(1)
	case key.Matches(msg, k.Prev):
		m.moveFocus(-1)
	case key.Matches(msg, k.ViewNext):
		m.stepView(1)
	case key.Matches(msg, k.ViewPrev):
		m.stepView(-1)
	case key.Matches(msg, k.Views):
		v := render.View(msg.Code - '1')
		if f := m.selected(); f != nil && !f.supports(v) {
			m.setStatus(fmt.Sprintf("the %s view does not apply to this finding; it has %s", viewNames[v], m.viewsThatApply(f)))
			return nil
		}
		m.setView(v)
	case key.Matches(msg, k.Rerun):
		return m.rerun()
	case key.Matches(msg, k.Live):
		return m.goLive()
	case key.Matches(msg, k.Timeline):
		m.showTimeline()
	case key.Matches(msg, k.Lesson):
		m.startLesson()
	case key.Matches(msg, k.Pack):
		return m.writePack()
	case key.Matches(msg, k.Diff):
		m.toggleDiff()
	case key.Matches(msg, k.Sandbox):
		return m.openSandbox()
	case key.Matches(msg, k.Open):
		return m.openPrompt(promptOpen, "open file (tab completes): ", "")
	case key.Matches(msg, k.Jump) && len(m.docs) > 1:
		return m.openPrompt(promptJump, fmt.Sprintf("go to message (1-%d): ", len(m.docs)), "")
	case key.Matches(msg, k.Sort) && len(m.docs) > 1:
		m.toggleSort()
	case key.Matches(msg, k.Top) && m.focus == focusDetail:
		m.det.vp.GotoTop()
	case key.Matches(msg, k.Bottom) && m.focus == focusDetail:
		m.det.vp.GotoBottom()
	case key.Matches(msg, k.Copy):
		return m.copy()
	case key.Matches(msg, k.Match) && m.focus == focusDetail && m.det.query != "":
		if msg.String() == "N" {
			m.det.next(-1)
		} else {
			m.det.next(1)
		}
		m.setStatus(m.det.searchStatus())
	case key.Matches(msg, k.Search) && m.focus == focusDetail:
		return m.openPrompt(promptSearch, "search: ", m.det.query)
	case key.Matches(msg, k.Enter):
		switch m.focus {
		case focusMessages:
			m.focus = focusFindings
		case focusFindings:
			m.focus = focusDetail
			if c, ok := m.selected().(cardFinding); ok && len(c.card.Evidence) > 0 && m.det.view == render.ViewOverview {
				m.pickEvidence(c, min(m.card.sel, len(c.card.Evidence)-1))
			}
		}
		m.setDelegates()
	case key.Matches(msg, k.Back):
		m.back()
	default:
		return m.forward(msg)
	}
	return nil
}

// back undoes the latest narrowing: a search, a filter, then focus.
func (m *model) back() {
	switch {
	case m.backToCard():
	case m.closeDiff():
	case m.focus == focusDetail && m.det.query != "":
		m.det.search("")
		m.setStatus("")
	case m.focusedList() != nil && m.focusedList().FilterState() != list.Unfiltered:
		// Keep the selected row selected once every row is back.
		l := m.focusedList()
		i := l.GlobalIndex()
		l.ResetFilter()
		l.Select(i)
	case m.focus == focusDetail:
		m.focus = focusFindings
	case m.focus == focusFindings && len(m.docs) > 1:
		m.focus = focusMessages
	}
	m.setDelegates()
}

// forward passes msg to the focused pane and reacts to a new selection.
func (m *model) forward(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch m.focus {
	case focusMessages:
		before := m.current()
		m.msgs, cmd = m.msgs.Update(msg)
		m.msgs.SetShowFilter(m.msgs.SettingFilter())
		if m.current() != before {
			m.showDoc(false)
			return tea.Batch(cmd, m.schedule())
		}
	case focusFindings:
		before := m.finds.Index()
		m.finds, cmd = m.finds.Update(msg)
		m.finds.SetShowFilter(m.finds.SettingFilter())
		if m.finds.Index() != before {
			m.card.back = false
		}
		if m.finds.Index() != before || !m.finds.SettingFilter() {
			m.showFinding(false)
		}
	case focusDetail:
		m.det.vp, cmd = m.det.vp.Update(msg)
	}
	if m.prompt != promptNone {
		var c tea.Cmd
		m.input, c = m.input.Update(msg)
		cmd = tea.Batch(cmd, c)
	}
	return cmd
}

func (m *model) focusedList() *list.Model {
	switch m.focus {
	case focusMessages:
		return &m.msgs
	case focusFindings:
		return &m.finds
	}
	return nil
}

// moveFocus cycles the panes; the message list takes part only when more
// than one message is open.
func (m *model) moveFocus(dir int) {
	order := []focus{focusFindings, focusDetail}
	if len(m.docs) > 1 {
		order = []focus{focusMessages, focusFindings, focusDetail}
	}
	i := 0
	for j, f := range order {
		if f == m.focus {
			i = j
		}
	}
	m.focus = order[(i+dir+len(order))%len(order)]
	m.setDelegates()
}

// setDelegates tells each list whether it has focus, for its cursor style.
func (m *model) setDelegates() {
	m.msgs.SetDelegate(rowDelegate{ch: &m.ch, st: &m.st, focused: m.focus == focusMessages})
	m.finds.SetDelegate(rowDelegate{ch: &m.ch, st: &m.st, focused: m.focus == focusFindings})
}

// setView switches the detail view, keeping the search.
func (m *model) setView(v render.View) {
	if v < 0 || int(v) >= len(viewNames) {
		return
	}
	m.det.view = v
	m.diff = false
	m.showFinding(false)
	if m.det.query != "" {
		m.setStatus(m.det.searchStatus())
	}
}

// stepView moves to the next (dir 1) or previous (dir -1) view that
// applies to the selected finding.
func (m *model) stepView(dir int) {
	n := render.View(len(viewNames))
	v := m.det.view
	for range n {
		v = (v + render.View(dir) + n) % n
		if f := m.selected(); f == nil || f.supports(v) {
			break
		}
	}
	m.setView(v)
}

// viewsThatApply names the views of f with their keys: "1 Overview and
// 6 Raw".
func (m *model) viewsThatApply(f finding) string {
	var vs []string
	for i, n := range viewNames {
		if f.supports(render.View(i)) {
			vs = append(vs, fmt.Sprintf("%d %s", i+1, n))
		}
	}
	switch len(vs) {
	case 0:
		return "none"
	case 1:
		return vs[0]
	}
	return strings.Join(vs[:len(vs)-1], ", ") + " and " + vs[len(vs)-1]
}

// openPrompt shows the text input at the bottom.
func (m *model) openPrompt(p prompt, label, value string) tea.Cmd {
	m.prompt = p
	m.input.Prompt = label
	m.input.SetValue(value)
	m.input.CursorEnd()
	m.input.SetWidth(max(m.width-len(label)-2, 10))
	return m.input.Focus()
}

// promptKey edits the prompt; enter acts on it, esc cancels.
func (m *model) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() != "tab" {
		m.setStatus("")
	}
	switch msg.String() {
	case "ctrl+c":
		return tea.Quit
	case "esc":
		m.prompt = promptNone
		m.input.Blur()
		return nil
	case "enter":
		p, v := m.prompt, strings.TrimSpace(m.input.Value())
		m.prompt = promptNone
		m.input.Blur()
		switch {
		case p == promptOpen && v != "":
			m.setStatus("opening " + render.Safe(v))
			return readFileCmd(v)
		case p == promptSearch:
			m.det.search(m.input.Value())
			m.setStatus(m.det.searchStatus())
		case p == promptJump && v != "":
			return m.jump(v)
		}
		return nil
	case "tab":
		if m.prompt == promptOpen {
			return completeCmd(m.input.Value())
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

// copy copies the value of the selected finding in the current view.
func (m *model) copy() tea.Cmd {
	var value, what string
	switch {
	case m.focus == focusMessages && m.current() != nil:
		value, what = m.current().name, "the message name"
	case m.selected() != nil:
		value, what = m.selected().copyValue(m.det.view)
	}
	if value == "" {
		m.setError("nothing to copy here; select a finding first")
		return nil
	}
	// The runtime writes the OSC 52 sequence; the value is base64 inside
	// it, so message bytes never reach the terminal as text. It is made
	// safe to paste first (render.Clipboard): the shell it is pasted into
	// reads it as text, and an ESC[201~ in it would end a bracketed paste.
	safe, escaped, err := render.Clipboard(value)
	if err != nil {
		m.setError(fmt.Sprintf("could not copy %s: %v", what, err))
		return nil
	}
	status := fmt.Sprintf("copied %s (%d bytes) with OSC 52; if nothing arrived, allow clipboard access in your terminal (tmux: set -g set-clipboard on)", what, len(safe))
	if escaped > 0 {
		status = fmt.Sprintf("copied %s (%d bytes) with OSC 52, %d control or bidi characters escaped (\\x1b, ⟨U+202E⟩) so that pasting it cannot act on a terminal", what, len(safe), escaped)
	}
	m.setStatus(status)
	return tea.SetClipboard(safe)
}

func trimSpace(b []byte) []byte { return bytes.TrimSpace(b) }

// unwrapPathErr drops the path from an *fs.PathError, which the status
// line already quotes.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
