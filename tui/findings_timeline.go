package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/list"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/verdict"
	"github.com/headerscope/headerscope/render"
)

// timelineFinding is the whole header in order (render.Timeline): every
// field, the receiving boundary, each hop's delay and what the passing
// signatures cover. t selects it from anywhere.
type timelineFinding struct{ rep *analyze.Report }

func (f timelineFinding) FilterValue() string { return "header timeline " + f.label() }

func (f timelineFinding) label() string {
	t := fmt.Sprintf("Header timeline, %s", plural(len(f.rep.Message.Fields), "field"))
	if h := f.rep.Received.Boundary(); h != nil {
		t += fmt.Sprintf(", boundary at line %d", h.Line)
	}
	if c := f.rep.Received; c != nil {
		for i := range c.Hops {
			if render.ClockNote(c.Hops, i) != "" {
				return t + ", a clock is off"
			}
		}
	}
	return t
}

func (f timelineFinding) result() verdict.Result { return "" }

func (f timelineFinding) supports(v render.View) bool {
	return v == render.ViewOverview || v == render.ViewRaw
}

func (f timelineFinding) detail(v render.View, st render.Styles, width int) string {
	if v == render.ViewRaw {
		var b strings.Builder
		for _, fl := range f.rep.Message.Fields {
			b.WriteString(render.RawField(fl.Name, fl.Line, string(fl.Raw), st, width))
		}
		return b.String()
	}
	return render.Timeline(f.rep, st, width)
}

func (f timelineFinding) copyValue(v render.View) (string, string) {
	if v == render.ViewRaw {
		var b strings.Builder
		for _, fl := range f.rep.Message.Fields {
			b.Write(fl.Raw)
		}
		return b.String(), "the raw header block"
	}
	var b strings.Builder
	for _, fl := range f.rep.Message.Fields {
		fmt.Fprintf(&b, "%d %s\n", fl.Line, fl.Name)
	}
	return b.String(), "the list of header fields"
}

// showTimeline answers t: the selected message's timeline in the detail
// pane.
func (m *model) showTimeline() {
	if m.finds.FilterState() != list.Unfiltered {
		m.finds.ResetFilter()
	}
	for i, it := range m.finds.Items() {
		if _, ok := it.(timelineFinding); ok {
			m.finds.Select(i)
			m.focus = focusDetail
			m.det.view = render.ViewOverview
			m.setDelegates()
			m.showFinding(false)
			return
		}
	}
	m.setStatus("no timeline yet: the message is still being checked, or has no header")
}
