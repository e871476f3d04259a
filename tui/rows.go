package tui

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/verdict"
	"github.com/headerscope/headerscope/render"
)

// rowDelegate draws one list item per line: a cursor mark, the verdict as
// glyph and word, and the label cut to the pane's width.
type rowDelegate struct {
	ch      *chrome
	st      *render.Styles
	focused bool
}

func (d rowDelegate) Height() int                         { return 1 }
func (d rowDelegate) Spacing() int                        { return 0 }
func (d rowDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

// row is the lead (verdict, trust mark or badges) and the text of a row.
func (d rowDelegate) row(it list.Item) (lead, text string) {
	switch it := it.(type) {
	case marker:
		return it.mark(*d.st), it.(finding).label()
	case finding:
		return verdictWord(d.st, it.result()), it.label()
	case docItem:
		return it.badges(d.st), it.label()
	}
	return "", ""
}

// width is how many columns the row of it needs, uncut.
// A message row's width is kept with its document, for the report it was
// measured on: layout asks for every row after every key, and an mbox can
// hold thousands.
func (d rowDelegate) width(it list.Item) int {
	if di, ok := it.(docItem); ok && di.d.rowWidth > 0 && di.d.rowWidthOf == di.d.report && di.d.rowWidthState == di.d.state {
		return di.d.rowWidth
	}
	lead, text := d.row(it)
	w := 3 + ansi.StringWidth(lead) + ansi.StringWidth(text)
	if di, ok := it.(docItem); ok {
		di.d.rowWidth, di.d.rowWidthOf, di.d.rowWidthState = w, di.d.report, di.d.state
	}
	return w
}

func (d rowDelegate) Render(w io.Writer, m list.Model, index int, it list.Item) {
	lead, text := d.row(it)
	width := m.Width()
	if index != m.Index() {
		fmt.Fprint(w, ansi.Truncate("  "+lead+" "+text, width, "…"))
		return
	}
	// The selected row is one plain run of text in reverse video (bold
	// when its pane has no focus), marked with "›" as well.
	line := ansi.Truncate("› "+ansi.Strip(lead)+" "+text, width, "…")
	line += strings.Repeat(" ", max(width-ansi.StringWidth(line), 0))
	if d.focused {
		fmt.Fprint(w, d.ch.rowSelected.Render(line))
		return
	}
	fmt.Fprint(w, d.ch.rowCursor.Render(line))
}

// verdictWord is a verdict as glyph and word, styled; "·" when there is
// none.
func verdictWord(st *render.Styles, res verdict.Result) string {
	if res == "" {
		return "·"
	}
	return st.Style(res).Render(st.Glyph(res) + " " + string(res))
}

// newList returns a list with the program's keys: no quit key (the root
// handles it), no left/right paging (they switch views), no chrome.
func newList(ch *chrome, st *render.Styles) list.Model {
	l := list.New(nil, rowDelegate{ch: ch, st: st}, 0, 0)
	l.SetShowTitle(false)
	l.SetShowStatusBar(false)
	l.SetShowHelp(false)
	l.SetShowPagination(false)
	// The filter line shows only while a filter is typed (see forward).
	l.SetShowFilter(false)
	l.DisableQuitKeybindings()
	l.KeyMap.PrevPage = key.NewBinding(key.WithKeys("pgup", "b"))
	l.KeyMap.NextPage = key.NewBinding(key.WithKeys("pgdown", "f", "space"))
	// The filter's styles follow the background: see setBackground.
	l.FilterInput.Prompt = "/"
	return l
}

// docItem is one row of the message list.
type docItem struct {
	d *document
}

func (i docItem) FilterValue() string {
	if i.d.report != nil {
		return i.d.name + " " + i.d.report.Summary.Subject
	}
	return i.d.name
}

func (i docItem) label() string {
	d := i.d
	name := render.Safe(shortName(d.name))
	switch {
	case d.state != docDone:
		return name + " (checking…)"
	case d.err != "":
		return name + " (error)"
	}
	return name + " — " + render.Safe(d.report.Summary.Subject)
}

// shortName drops the directories of a path, which would hide the file
// name in a narrow column; the full name is in the header line.
func shortName(name string) string { return filepath.Base(name) }

// badges are the row's DKIM, ARC and DMARC badges in short form
// ("DKIM✓ ARC✓ DMARC✗"), once known.
func (i docItem) badges(st *render.Styles) string {
	if i.d.state != docDone || i.d.report == nil {
		return "·"
	}
	by := map[string]render.Badge{}
	for _, b := range render.Badges(i.d.report) {
		by[b.Mechanism] = b
	}
	var out []string
	for _, name := range []string{"DKIM", "ARC", "DMARC"} {
		b, ok := by[name]
		if !ok {
			b = render.Badge{Mechanism: name}
		}
		out = append(out, b.Short(*st))
	}
	return strings.Join(out, " ")
}

// worst is the least favourable DKIM verdict of a report, as its badge
// says.
func worst(rep *analyze.Report) verdict.Result {
	for _, b := range render.Badges(rep) {
		if b.Mechanism == "DKIM" {
			return b.Worst()
		}
	}
	return verdict.None
}
