package tui

import (
	"context"
	"fmt"
	"github.com/headerscope/headerscope/render"
	"io"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// focus is the pane that receives movement keys.
type focus int

const (
	focusMessages focus = iota
	focusFindings
	focusDetail
)

// prompt is what the bottom text input is asking for, if anything.
type prompt int

const (
	promptNone prompt = iota
	promptOpen
	promptSearch
)

// model is the root of the program. Update handles size, global keys and
// results, then forwards to the focused pane.
type model struct {
	ctx   context.Context
	keys  keyMap
	st    render.Styles
	ch    chrome
	title string // what was opened: "gallery ..." or "3 messages"
	// clip is where OSC 52 sequences are written (the terminal); only a
	// tea.Cmd writes to it.
	clip io.Writer
	// newDoc makes a message opened or pasted inside the program, with
	// the resolver and clock of Options.
	newDoc func(name string, raw []byte, note string) *document
	docs   []*document

	msgs, finds list.Model
	det         detail
	focus       focus
	spin        spinner.Model
	spinning    bool
	help        help.Model
	showHelp    bool
	input       textinput.Model
	prompt      prompt

	status    string
	statusErr bool
	width     int
	height    int
	wide      bool
	pastes    int
}

// newModel builds the model; it does no I/O.
func newModel(ctx context.Context, title string, docs []*document, newDoc func(name string, raw []byte, note string) *document, color bool, clip io.Writer) *model {
	m := &model{
		ctx:    ctx,
		keys:   newKeyMap(),
		st:     render.NewStyles(color),
		ch:     newChrome(color),
		title:  title,
		clip:   clip,
		newDoc: newDoc,
		docs:   docs,
		det:    newDetail(),
		spin:   spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		help:   help.New(),
		input:  textinput.New(),
		focus:  focusFindings,
	}
	m.msgs = newList(&m.ch, &m.st)
	m.finds = newList(&m.ch, &m.st)
	items := make([]list.Item, len(docs))
	for i, d := range docs {
		items[i] = docItem{d: d}
	}
	m.msgs.SetItems(items)
	if len(docs) > 1 {
		m.focus = focusMessages
	}
	m.setDelegates()
	m.input.CharLimit = 4096
	// A steady cursor: no blink timer running behind a prompt.
	m.input.Cursor.SetMode(cursor.CursorStatic)
	return m
}

// Init starts the analysis of the first messages.
func (m *model) Init() tea.Cmd { return m.schedule() }

// Update is the root of the program.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case analyzedMsg:
		return m, m.analyzed(msg)
	case fileMsg:
		return m, m.opened(msg)
	case clipboardMsg:
		if msg.err != nil {
			m.setError(fmt.Sprintf("could not copy %s: %v", msg.what, msg.err))
		} else {
			status := fmt.Sprintf("copied %s (%d bytes) with OSC 52; if nothing arrived, allow clipboard access in your terminal (tmux: set -g set-clipboard on)", msg.what, msg.n)
			if msg.escaped > 0 {
				status = fmt.Sprintf("copied %s (%d bytes) with OSC 52, %d control or bidi characters escaped (\\x1b, ⟨U+202E⟩) so that pasting it cannot act on a terminal", msg.what, msg.n, msg.escaped)
			}
			m.setStatus(status)
		}
		return m, nil
	case spinner.TickMsg:
		if !m.busy() {
			m.spinning = false
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case tea.MouseMsg:
		var cmd tea.Cmd
		m.det.vp, cmd = m.det.vp.Update(msg)
		return m, cmd
	case tea.KeyMsg:
		if msg.Paste {
			return m, m.paste(string(msg.Runes))
		}
		return m, m.key(msg)
	}
	// Anything else (cursor blinks, list filter results) goes to the
	// component that asked for it.
	return m, m.forward(msg)
}

// busy reports whether any analysis is running.
func (m *model) busy() bool {
	for _, d := range m.docs {
		if d.state == docRunning {
			return true
		}
	}
	return false
}

// current returns the selected message, or nil when there is none.
func (m *model) current() *document {
	if it, ok := m.msgs.SelectedItem().(docItem); ok {
		return it.d
	}
	return nil
}

// selected returns the selected finding, or nil.
func (m *model) selected() finding {
	if f, ok := m.finds.SelectedItem().(finding); ok {
		return f
	}
	return nil
}

// schedule starts analyses: the selected message first, then one other
// pending message at a time, so that an mbox of hundreds of messages does
// not send hundreds of DNS queries at once.
func (m *model) schedule() tea.Cmd {
	var cmds []tea.Cmd
	start := func(d *document) {
		d.state = docRunning
		id := m.index(d)
		cmds = append(cmds, analyzeCmd(m.ctx, id, d.gen, d.raw, d.resolver, d.now))
	}
	if d := m.current(); d != nil && d.state == docPending {
		start(d)
	}
	running := 0
	for _, d := range m.docs {
		if d.state == docRunning {
			running++
		}
	}
	for _, d := range m.docs {
		if running >= 2 {
			break
		}
		if d.state == docPending {
			start(d)
			running++
		}
	}
	if len(cmds) > 0 && !m.spinning {
		m.spinning = true
		cmds = append(cmds, m.spin.Tick)
	}
	return tea.Batch(cmds...)
}

func (m *model) index(d *document) int {
	for i, x := range m.docs {
		if x == d {
			return i
		}
	}
	return -1
}

// analyzed stores a finished analysis and starts the next.
func (m *model) analyzed(msg analyzedMsg) tea.Cmd {
	if msg.id < 0 || msg.id >= len(m.docs) {
		return nil
	}
	d := m.docs[msg.id]
	if msg.gen != d.gen {
		return nil // a re-run superseded it
	}
	d.state, d.report, d.err = docDone, msg.report, msg.err
	if d == m.current() {
		m.showDoc(true)
		if d.err != "" {
			m.setError(d.err)
		}
	}
	return m.schedule()
}

// rerun analyses the selected message again (new DNS answers).
func (m *model) rerun() tea.Cmd {
	d := m.current()
	if d == nil {
		return nil
	}
	d.gen++
	d.state = docPending
	m.setStatus("checking " + render.Safe(d.name) + " again")
	return m.schedule()
}

// add opens new messages, selects the first and starts its analysis.
func (m *model) add(docs ...*document) tea.Cmd {
	if len(docs) == 0 {
		return nil
	}
	for _, d := range docs {
		m.docs = append(m.docs, d)
		m.msgs.InsertItem(len(m.msgs.Items()), docItem{d: d})
	}
	m.msgs.ResetFilter()
	m.msgs.Select(len(m.docs) - len(docs))
	m.focus = focusFindings
	m.setDelegates()
	m.showDoc(false)
	m.layout()
	return m.schedule()
}

// paste opens a bracketed paste as a new message.
func (m *model) paste(s string) tea.Cmd {
	if m.prompt != promptNone {
		// A path pasted into the open prompt, or a search term.
		m.input.SetValue(m.input.Value() + s)
		m.input.CursorEnd()
		return nil
	}
	raw := normalizePaste(s)
	if len(trimSpace(raw)) == 0 {
		return nil
	}
	m.pastes++
	name := fmt.Sprintf("pasted #%d", m.pastes)
	note := "pasted at " + time.Now().Format("15:04:05") + "; line ends normalised to CRLF (a terminal paste does not keep them)"
	return m.add(m.newDoc(name, raw, note))
}

// opened adds the messages of a file read with o.
func (m *model) opened(msg fileMsg) tea.Cmd {
	if msg.err != nil {
		m.setError(fmt.Sprintf("cannot open %q: %v; check the path and press o to try again", msg.path, unwrapPathErr(msg.err)))
		return nil
	}
	var docs []*document
	for i, raw := range msg.msgs {
		name := msg.path
		if len(msg.msgs) > 1 {
			name = fmt.Sprintf("%s #%d", msg.path, i+1)
		}
		docs = append(docs, m.newDoc(name, raw, "opened from "+msg.path))
	}
	m.setStatus(fmt.Sprintf("opened %s from %q", plural(len(docs), "message"), msg.path))
	return m.add(docs...)
}

func (m *model) setStatus(s string) { m.status, m.statusErr = s, false }
func (m *model) setError(s string)  { m.status, m.statusErr = s, true }
