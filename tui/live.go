package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/render"
)

// liveMsg carries the live resolver built after L, or why it could not be.
type liveMsg struct {
	res dns.Resolver
	err error
}

// goLiveCmd builds the live resolver (it reads /etc/resolv.conf: I/O, so
// in a tea.Cmd).
func goLiveCmd(build func() (dns.Resolver, error)) tea.Cmd {
	return func() tea.Msg {
		res, err := build()
		return liveMsg{res: res, err: err}
	}
}

// goLive answers L: the user's choice to look keys up live.
func (m *model) goLive() tea.Cmd {
	switch {
	case m.live != nil:
		m.setStatus("DNS lookups are already live (" + render.Safe(m.live.Describe()) + ")")
		return nil
	case m.liveBuilder == nil:
		m.setStatus("the command line chose how DNS is answered (--dns-zone, --resolver or --offline); start without them to choose live lookups here")
		return nil
	}
	m.setStatus("setting up live DNS lookups…")
	return goLiveCmd(m.liveBuilder)
}

// wentLive re-checks, with live lookups, every message that was offline
// only because no choice had been made; the gallery keeps its zone.
func (m *model) wentLive(msg liveMsg) tea.Cmd {
	if msg.err != nil {
		m.setError(fmt.Sprintf("cannot look keys up live: %v; restart with --resolver ADDR", msg.err))
		return nil
	}
	m.live = msg.res
	n := 0
	for _, d := range m.docs {
		if !d.canGoLive || d.live {
			continue
		}
		d.resolver, d.live = msg.res, true
		d.gen++
		d.state = docPending
		n++
	}
	m.showDoc(true)
	m.setStatus(fmt.Sprintf("DNS lookups are live (%s); re-checking %s", render.Safe(msg.res.Describe()), plural(n, "message")))
	return m.schedule()
}
