package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/render"
)

// The break-it sandbox (key e) edits a copy of a message: a header field
// or a body line, a field added or removed, a signature's c= or l=. The
// copy is a document of its own in the message list, so that each edit
// reruns the whole analysis exactly as r does (a new generation; the
// result of an older one is dropped, see model.analyzed) and the panes,
// the verdict card included, show the copy when the sandbox is left. S
// signs the copy again with the gallery's teaching key, W writes it to a
// new file; the file it came from is never written.

// sandbox is the state of the sandbox screen of one copy.
type sandbox struct {
	orig *document // the message the copy was made from
	doc  *document // the copy; its raw is replaced, never written to

	rows     []sbRow
	more     int // body lines beyond maxBodyRows, not offered
	cur, off int // the selected row and the first row shown
	sig      int // the DKIM-Signature (0 the topmost) c=, l= and S act on
	scroll   int // first line of the comparison shown

	// before is the version the comparison starts from: the last one
	// analysed before the latest edits. touched says what those edits
	// changed.
	before  sbStep
	touched sbTouched
	undo    []sbUndo

	// edits counts the edits applied, for the comparison's cache.
	edits int
	// text is the comparison last rendered, for textKey.
	text    []string
	textKey sbTextKey

	editing sbEditing
	input   textinput.Model
	keys    sandboxKeys
	help    bool
}

// sbStep is one analysed version of the copy.
type sbStep struct {
	raw    []byte
	report *analyze.Report
}

// sbUndo is a version of the copy before an edit, with what the edit
// changed (an undo changes it back).
type sbUndo struct {
	raw  []byte
	what sbTouched
}

// sbTouched is what the edits since sandbox.before changed.
type sbTouched = render.SandboxChanges

// sbEditing is what the line editor is asking for.
type sbEditing int

const (
	sbNone sbEditing = iota
	sbEditRow
	sbAddField
	sbLength
	sbSaveDir
)

// openSandbox opens the sandbox of the selected message, making its copy
// the first time (a copy's own sandbox reopens).
func (m *model) openSandbox() tea.Cmd {
	d := m.current()
	if d == nil {
		m.setStatus("no message open: open one (o) or paste one, then press e")
		return nil
	}
	if m.boxes == nil {
		m.boxes = map[*document]*sandbox{}
	}
	if b := m.boxes[d]; b != nil {
		m.box = b
		m.selectDoc(b.doc)
		m.showDoc(true)
		return nil
	}
	for _, b := range m.boxes {
		if b.doc == d {
			m.box = b
			return nil
		}
	}
	cp := &document{
		name: d.name + " (sandbox)", raw: d.raw, resolver: d.resolver, now: d.now,
		clock: d.clock, live: d.live, canGoLive: d.canGoLive,
		note:  "sandbox copy of " + d.name + ": edits never touch the file; e returns to the sandbox, where W saves the copy as a new file",
		state: d.state, report: d.report, err: d.err,
	}
	if d.state != docDone {
		// The original's analysis is still running, under its own
		// id: the copy gets one of its own.
		cp.state, cp.report, cp.err = docPending, nil, ""
	}
	b := &sandbox{orig: d, doc: cp, keys: newSandboxKeys(), input: textinput.New()}
	b.input.CharLimit = 1 << 20
	// A steady cursor: a blinking one is a timer per key, and the
	// editor has nothing to animate.
	ist := m.input.Styles() // the program's, for its colours and NO_COLOR
	ist.Cursor.Blink = false
	b.input.SetStyles(ist)
	b.before = sbStep{raw: d.raw, report: d.report}
	b.refreshRows()
	m.boxes[d] = b
	m.box = b
	cmd := m.add(cp)
	m.setStatus(render.SandboxOpened)
	return cmd
}

// refreshRows splits the copy into rows again after an edit.
func (b *sandbox) refreshRows() {
	b.rows, b.more = sandboxRows(b.doc.raw)
	b.cur = clamp(b.cur, 0, max(len(b.rows)-1, 0))
	if n := countSignatures(b.doc.raw); b.sig >= n {
		b.sig = max(n-1, 0)
	}
}

// apply makes raw the copy's bytes and starts its analysis. The version
// it replaces becomes the comparison's "before" when its analysis has
// finished; otherwise the older analysed one stays, and what changed
// accumulates.
func (m *model) apply(b *sandbox, raw []byte, what sbTouched, status string) tea.Cmd {
	d := b.doc
	if d.state == docDone {
		b.before = sbStep{raw: d.raw, report: d.report}
		b.touched = sbTouched{}
	}
	b.undo = append(b.undo, sbUndo{raw: d.raw, what: what})
	b.edits++
	b.touched = b.touched.Merge(what)
	d.raw = raw
	d.gen++
	d.state = docPending
	d.err = ""
	b.refreshRows()
	b.scroll = 0
	m.setStatus(status)
	return m.schedule()
}

// sandboxUpdate handles the sandbox's own messages, and every key while
// its screen is open. It reports false for what the rest of the program
// handles (analysis results, window sizes).
func (m *model) sandboxUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case sbSignedMsg:
		return m.signed(msg), true
	case sbSavedMsg:
		m.saved(msg)
		return nil, true
	}
	b := m.box
	if b == nil {
		return nil, false
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if b.editing != sbNone {
			return m.sandboxInputKey(b, msg), true
		}
		return m.sandboxKey(b, msg), true
	case tea.PasteMsg:
		if b.editing == sbNone {
			m.setStatus("a paste goes into the editor here (enter opens it); esc leaves the sandbox to open a pasted message")
			return nil, true
		}
		b.input.SetValue(b.input.Value() + editable(normalizePaste(msg.Content)))
		b.input.CursorEnd()
		return nil, true
	}
	if b.editing != sbNone {
		var cmd tea.Cmd
		b.input, cmd = b.input.Update(msg)
		return cmd, false
	}
	return nil, false
}

// sandboxKey answers a key on the sandbox screen.
func (m *model) sandboxKey(b *sandbox, msg tea.KeyPressMsg) tea.Cmd {
	if b.help {
		b.help = false
		if key.Matches(msg, b.keys.Quit) {
			return tea.Quit
		}
		return nil
	}
	k := b.keys
	m.setStatus("")
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		b.help = true
	case key.Matches(msg, k.Back):
		m.box = nil
		m.selectDoc(b.doc)
		m.showDoc(true)
		m.setStatus(render.SandboxLeft)
	case key.Matches(msg, k.Up):
		b.cur = max(b.cur-1, 0)
	case key.Matches(msg, k.Down):
		b.cur = min(b.cur+1, max(len(b.rows)-1, 0))
	case key.Matches(msg, k.Top):
		b.cur = 0
	case key.Matches(msg, k.Bottom):
		b.cur = max(len(b.rows)-1, 0)
	case key.Matches(msg, k.PageUp):
		b.scroll = max(b.scroll-m.sandboxPage(), 0)
	case key.Matches(msg, k.PgDown):
		b.scroll += m.sandboxPage()
	case key.Matches(msg, k.Signature):
		n := countSignatures(b.doc.raw)
		if n == 0 {
			m.setStatus("the copy has no DKIM-Signature field")
			return nil
		}
		b.sig = (b.sig + 1) % n
		b.scroll = 0
		m.setStatus(fmt.Sprintf("signature %d of %d", b.sig+1, n))
	case key.Matches(msg, k.Edit):
		return m.editRow(b)
	case key.Matches(msg, k.Add):
		return m.sandboxPrompt(b, sbAddField, "add field above (Name: value): ", "")
	case key.Matches(msg, k.Remove):
		return m.removeSelected(b)
	case key.Matches(msg, k.HeaderCanon):
		return m.toggleCanon(b, true)
	case key.Matches(msg, k.BodyCanon):
		return m.toggleCanon(b, false)
	case key.Matches(msg, k.Length):
		if countSignatures(b.doc.raw) == 0 {
			m.setStatus("the copy has no DKIM-Signature field")
			return nil
		}
		return m.sandboxPrompt(b, sbLength, fmt.Sprintf("l= of signature %d (bytes; empty removes l=): ", b.sig+1), sigTag(b.doc.raw, b.sig, "l"))
	case key.Matches(msg, k.Undo):
		if len(b.undo) == 0 {
			m.setStatus("nothing to undo")
			return nil
		}
		prev := b.undo[len(b.undo)-1]
		b.undo = b.undo[:len(b.undo)-1]
		cmd := m.apply(b, prev.raw, prev.what, "undone: the copy is as it was before the last edit")
		b.undo = b.undo[:len(b.undo)-1] // apply kept the undone version
		return cmd
	case key.Matches(msg, k.Resign):
		return m.resign(b)
	case key.Matches(msg, k.Save):
		return m.sandboxPrompt(b, sbSaveDir, "save the copy in directory (empty: the current one): ", "")
	}
	return nil
}

// sandboxError shows an error, made safe: some quote the message.
func (m *model) sandboxError(err error) { m.setError(render.Safe(err.Error())) }

// sandboxPage is how far pgup and pgdn scroll the comparison.
func (m *model) sandboxPage() int { return max(m.height/3, 1) }

// sandboxPrompt opens the line editor.
func (m *model) sandboxPrompt(b *sandbox, e sbEditing, label, value string) tea.Cmd {
	b.editing = e
	b.input.Prompt = label
	b.input.SetValue(value)
	b.input.CursorEnd()
	b.input.SetWidth(max(m.width-len([]rune(label))-2, 10))
	return b.input.Focus()
}

// editRow opens the editor on the selected row, its bytes made typable.
func (m *model) editRow(b *sandbox) tea.Cmd {
	if len(b.rows) == 0 {
		m.setStatus("the copy has no header field or body line to edit; a adds a field")
		return nil
	}
	r := b.rows[b.cur]
	c := r.content(b.doc.raw)
	if len(c) > maxEditable {
		m.setError(fmt.Sprintf("this row is %d bytes, more than the %d the editor takes; x removes it", len(c), maxEditable))
		return nil
	}
	label := fmt.Sprintf("edit body line %d: ", r.line)
	if r.kind == rowField {
		label = "edit field (\\n = line break, \\t = tab): "
	}
	return m.sandboxPrompt(b, sbEditRow, label, editable(c))
}

// sandboxInputKey edits the prompt; enter applies it, esc cancels.
func (m *model) sandboxInputKey(b *sandbox, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "ctrl+c":
		return tea.Quit
	case "esc":
		b.editing = sbNone
		b.input.Blur()
		m.setStatus("edit cancelled")
		return nil
	case "enter":
		e, v := b.editing, b.input.Value()
		b.editing = sbNone
		b.input.Blur()
		return m.submit(b, e, v)
	}
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	return cmd
}

// submit acts on what was typed in the editor.
func (m *model) submit(b *sandbox, e sbEditing, v string) tea.Cmd {
	raw := b.doc.raw
	switch e {
	case sbSaveDir:
		dir := strings.TrimSpace(v)
		m.setStatus("saving…")
		return saveCmd(dir, b.orig.name, raw)
	case sbLength:
		l, err := parseLength(v)
		if err != nil {
			m.sandboxError(err)
			return nil
		}
		nr, err := setSignatureTag(raw, b.sig, "l", l)
		if err != nil {
			m.sandboxError(err)
			return nil
		}
		return m.apply(b, nr, sbTouched{Signature: true, Body: true}, render.SandboxTagChanged(b.sig, "l", l))
	}
	text, err := unedit(v)
	if err != nil {
		m.sandboxError(err)
		return nil
	}
	if e == sbAddField {
		if err := checkField(text); err != nil {
			m.sandboxError(err)
			return nil
		}
		at := headerEnd(raw)
		if len(b.rows) > 0 && b.rows[b.cur].kind == rowField {
			at = b.rows[b.cur].start
		}
		name, _, _ := strings.Cut(string(text), ":")
		crlf := !strings.Contains(string(raw[:at]), "\n") || strings.Contains(string(raw[:at]), "\r\n")
		return m.apply(b, insertField(raw, at, text, crlf), sbTouched{Fields: []string{name}}, "added a "+render.Safe(strings.TrimSpace(name))+" field")
	}
	r := b.rows[b.cur]
	if r.kind == rowField {
		if err := checkField(text); err != nil {
			m.sandboxError(err)
			return nil
		}
		name, _, _ := strings.Cut(string(text), ":")
		what := sbTouched{Fields: []string{r.name, strings.TrimSpace(name)}}
		return m.apply(b, replaceRow(raw, r, text), what, "edited the "+render.Safe(r.name)+" field")
	}
	i := b.bodyIndex(b.cur)
	return m.apply(b, replaceRow(raw, r, text), sbTouched{Body: true, BodyLines: []render.SandboxLine{{Before: i, After: i}}}, fmt.Sprintf("edited body line %d", r.line))
}

// bodyIndex is the 0-based body line of row i.
func (b *sandbox) bodyIndex(i int) int {
	n := 0
	for _, r := range b.rows[:i] {
		if r.kind == rowBody {
			n++
		}
	}
	return n
}

// removeSelected removes the selected field or body line.
func (m *model) removeSelected(b *sandbox) tea.Cmd {
	if len(b.rows) == 0 {
		return nil
	}
	r := b.rows[b.cur]
	if r.kind == rowField {
		return m.apply(b, removeRow(b.doc.raw, r), sbTouched{Fields: []string{r.name}}, "removed the "+render.Safe(r.name)+" field")
	}
	i := b.bodyIndex(b.cur)
	return m.apply(b, removeRow(b.doc.raw, r), sbTouched{Body: true, BodyLines: []render.SandboxLine{{Before: i, After: -1}}}, fmt.Sprintf("removed body line %d", r.line))
}
