package tui

import (
	"cmp"
	"slices"

	"charm.land/bubbles/v2/list"

	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/verdict"
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
			if !e.Trusted {
				continue
			}
			for _, cl := range e.Results {
				if cl.Result == "pass" && cl.Recheck.Status == recheck.Disagrees {
					return 0
				}
			}
		}
		if c.DMARC != nil && c.DMARC.Verdict == verdict.Fail {
			return 1
		}
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
