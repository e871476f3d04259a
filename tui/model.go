package tui

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/render"
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
	promptJump
)

// model is the root of the program. Update handles size, global keys and
// results, then forwards to the focused pane.
type model struct {
	ctx   context.Context
	keys  keyMap
	st    render.Styles
	ch    chrome
	color bool // false under NO_COLOR
	// newDoc makes a message opened or pasted inside the program, with
	// the resolver and clock of Options.
	newDoc func(name string, raw []byte, note string) *document
	docs   []*document
	// wall tells the time of day for notes such as "pasted at 10:04:05";
	// time.Now in the program, pinned by tests. Verdicts never use it:
	// each document has its own clock.
	wall func() time.Time

	msgs, finds list.Model
	det         detail
	focus       focus
	spin        spinner.Model
	spinning    bool
	help        help.Model
	showHelp    bool
	helpTop     int // first line of the help overlay shown
	input       textinput.Model
	prompt      prompt

	// lesson is lesson mode (key w) while it is open, else nil.
	lesson *lesson
	// packDir is where P writes evidence packs ("" the current
	// directory), and version is headerscope's, which a pack states.
	packDir, version string

	// card is the verdict card's links (see cardKey).
	card cardLinks

	// msgOff and findOff are the first rows the lists show (see scroll).
	msgOff, findOff int
	// sorted is true while the message list is ordered worst first.
	sorted bool
	// diff is true while the detail shows received vs repaired (d).
	diff bool

	// goLive builds the live resolver when the user asks for live
	// lookups (L); nil when the command line chose how to answer DNS.
	liveBuilder func() (dns.Resolver, error)
	// live is that resolver once built: messages opened from then on use
	// it.
	live dns.Resolver
	// gallery is how many of docs are the gallery's (the first ones).
	gallery int
	// rerunning is the message whose re-run the status line announces.
	rerunning *document
	// box is the sandbox on screen (nil: the panes); boxes holds each
	// message's sandbox, by the message it copies (sandbox.go).
	box   *sandbox
	boxes map[*document]*sandbox

	status    string
	statusErr bool
	width     int
	height    int
	wide      bool
	pastes    int
}

// tuiStyles are the render styles of the TUI: its advice names keys, not
// the flags of a report.
func tuiStyles(color bool) render.Styles {
	st := render.NewStyles(color)
	st.Interactive = true
	return st
}

// newModel builds the model; it does no I/O.
func newModel(ctx context.Context, docs []*document, newDoc func(name string, raw []byte, note string) *document, color bool) *model {
	m := &model{
		ctx:    ctx,
		keys:   newKeyMap(),
		st:     tuiStyles(color),
		ch:     newChrome(color, true),
		color:  color,
		newDoc: newDoc,
		docs:   docs,
		det:    newDetail(),
		spin:   spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		help:   help.New(),
		input:  textinput.New(),
		focus:  focusFindings,
		wall:   time.Now,
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
	m.setBackground(true)
	return m
}

// Init starts the analysis of the first messages and asks the terminal
// for its background colour, which arrives as a tea.BackgroundColorMsg
// (or never: the dark shades stay).
func (m *model) Init() tea.Cmd {
	return tea.Batch(m.schedule(), tea.RequestBackgroundColor)
}

// Update is the root of the program. Whatever a message changed (the
// documents, their findings, the focus, the status, the window), the
// layout is recomputed from the model afterwards, in one place, so that
// no pane keeps a size or a text made for an earlier state.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	if _, tick := msg.(spinner.TickMsg); !tick {
		m.layout()
	}
	return m, cmd
}

func (m *model) update(msg tea.Msg) tea.Cmd {
	if cmd, done := m.sandboxUpdate(msg); done {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return nil
	case tea.BackgroundColorMsg:
		m.setBackground(msg.IsDark())
		return nil
	case analyzedMsg:
		return m.analyzed(msg)
	case fileMsg:
		return m.opened(msg)
	case liveMsg:
		return m.wentLive(msg)
	case packMsg:
		m.packed(msg)
		return nil
	case completionMsg:
		m.completed(msg)
		return nil
	case spinner.TickMsg:
		if !m.busy() {
			m.spinning = false
			return nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		m.det.vp, cmd = m.det.vp.Update(msg)
		return cmd
	case tea.PasteMsg:
		return m.paste(msg.Content)
	case pasteTooBigMsg:
		m.setError(fmt.Sprintf("a paste larger than %d MiB was dropped; save it to a file and press o to open it", maxPaste>>20))
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	// Anything else (cursor blinks, list filter results) goes to the
	// component that asked for it.
	return m.forward(msg)
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
	if d == m.rerunning {
		m.rerunning = nil
		if m.status == m.rerunStatus(d) {
			m.setStatus("checked " + render.Safe(d.name) + " again")
		}
	}
	if d == m.current() {
		// A re-run keeps the selected finding; a first analysis starts
		// on the finding that matters (see showDoc).
		m.showDoc(len(m.finds.Items()) > 0)
		if d.err != "" {
			m.setError(d.err)
		}
	}
	if m.sorted {
		m.sortMessages()
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
	m.rerunning = d
	m.setStatus(m.rerunStatus(d))
	return m.schedule()
}

func (m *model) rerunStatus(d *document) string {
	return "checking " + render.Safe(d.name) + " again"
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
	m.selectDoc(docs[0])
	m.focus = focusFindings
	m.setDelegates()
	m.showDoc(false)
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
	m.setStatus("")
	m.pastes++
	name := fmt.Sprintf("pasted #%d", m.pastes)
	note := "pasted at " + m.wall().Format("15:04:05") + "; line ends normalised to CRLF (a terminal paste does not keep them)"
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

// titleText is the rest of the title line: how many messages are open
// and where they come from. It is computed on each draw, so it follows
// every o and paste.
func (m *model) titleText() string {
	n := len(m.docs)
	switch {
	case m.gallery > 0 && n == m.gallery:
		return fmt.Sprintf("· gallery: %d teaching messages", n)
	case m.gallery > 0:
		return fmt.Sprintf("· %s: %d of the gallery, %d more", plural(n, "message"), m.gallery, n-m.gallery)
	}
	return "· " + plural(n, "message")
}

// selectDoc selects d in the message list, wherever it is shown.
func (m *model) selectDoc(d *document) {
	for i, it := range m.msgs.VisibleItems() {
		if it.(docItem).d == d {
			m.msgs.Select(i)
			return
		}
	}
}

func (m *model) setStatus(s string) { m.status, m.statusErr = s, false }
func (m *model) setError(s string)  { m.status, m.statusErr = s, true }
