package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/verdict"
	"github.com/headerscope/headerscope/render"
)

// rank orders messages worst first for the sorted message list: lower is
// worse. First the messages whose receiver said pass where headerscope's
// re-check fails (the receiver was fooled, or the message changed after
// it), then failing DMARC, then failing DKIM or ARC, then errors and
// messages not yet checked, then the rest.
func rank(d *document) int {
	if d.err != "" {
		return 4
	}
	if d.state != docDone || d.report == nil {
		return 5
	}
	rep := d.report
	if c := rep.Claims; c != nil {
		for _, e := range c.AuthenticationResults {
			if !e.Trusted || e.Instance > 0 {
				// Only the receiver's own word: an ARC-A-R's pass
				// that a list's change broke is the expected case.
				continue
			}
			for _, cl := range e.Results {
				if verdict.Result(cl.Result) == verdict.Pass && cl.Recheck.Status == recheck.Disagrees {
					return 0
				}
			}
		}
	}
	if d := rep.DMARC; d != nil && d.Verdict == verdict.Fail {
		return 1
	}
	if w := worst(rep); w == verdict.Fail || w == verdict.PermError {
		return 2
	}
	if a := rep.ARC; a != nil && a.Verdict == verdict.Fail {
		return 2
	}
	return 6
}

// sortMessages orders the message list worst first (sorted) or as the
// messages were opened, keeping the selected message selected.
func (m *model) sortMessages() {
	cur := m.current()
	docs := slices.Clone(m.docs)
	if m.sorted {
		slices.SortStableFunc(docs, func(a, b *document) int { return cmp.Compare(rank(a), rank(b)) })
	}
	items := make([]list.Item, len(docs))
	for i, d := range docs {
		items[i] = docItem{d: d}
	}
	filter := m.msgs.FilterValue()
	state := m.msgs.FilterState()
	m.msgs.SetItems(items)
	if state != list.Unfiltered && filter != "" {
		m.msgs.SetFilterText(filter)
		m.msgs.SetFilterState(state)
	}
	if cur != nil {
		m.selectDoc(cur)
	}
}

// toggleSort answers s.
func (m *model) toggleSort() {
	m.sorted = !m.sorted
	m.sortMessages()
	m.msgOff = 0
	if m.sorted {
		m.setStatus("messages worst first: a receiver's pass that the re-check fails, then DMARC fail, then DKIM or ARC fail, then errors; s restores the order of the file")
		return
	}
	m.setStatus("messages in the order they were opened")
}

// jump answers the ":" prompt: select message n (1-based, in the order
// they were opened), clearing a filter that hides it.
func (m *model) jump(v string) tea.Cmd {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > len(m.docs) {
		m.setError(fmt.Sprintf("no message %q: give a number from 1 to %d", v, len(m.docs)))
		return nil
	}
	d := m.docs[n-1]
	if !slices.ContainsFunc(m.msgs.VisibleItems(), func(it list.Item) bool { return it.(docItem).d == d }) {
		m.msgs.ResetFilter()
	}
	m.selectDoc(d)
	m.showDoc(false)
	m.setStatus(fmt.Sprintf("message %d of %d: %s", n, len(m.docs), render.Safe(d.name)))
	return m.schedule()
}
