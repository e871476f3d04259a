package received

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/message"
)

// BoundaryRule is how the receiving boundary is decided, for display and
// the README.
const BoundaryRule = "the topmost receiver's own evidence decides: the client IP its topmost Authentication-Results " +
	"(or X-MS-Exchange-Authentication-Results, or Received-SPF) names marks the hop where the message entered it, " +
	"provided every hop above that one was stamped by the client of the hop above it (the chain links up, as inside one " +
	"provider's many hosts) and the field's authserv-id, if any, names one of those hosts; without such evidence, " + Heuristic

// evidence is the client IP the topmost result field names, and where.
type evidence struct {
	ip    netip.Addr
	pos   int    // header position of the field
	id    string // its authserv-id
	where string
}

// topEvidence finds the topmost Authentication-Results, X-MS-Exchange-
// Authentication-Results or Received-SPF field and the client IP it
// names: a receiver writes its results on top of what arrived, so the
// topmost one is the receiver's unless the receiver wrote none.
func topEvidence(m *message.Message) (evidence, bool) {
	for pos, f := range m.Fields {
		switch {
		case strings.EqualFold(f.Name, "Received"):
			continue
		case strings.EqualFold(f.Name, "Authentication-Results") || strings.EqualFold(f.Name, "X-MS-Exchange-Authentication-Results"):
			h := authres.Parse(string(f.Value()))
			for _, s := range h.ResultsFor("spf") {
				if ip, ok := s.ClientIP(); ok {
					return evidence{ip, pos, h.AuthServID, fmt.Sprintf("%s on line %d", f.Name, f.Line)}, true
				}
			}
			if len(h.Results) > 0 {
				return evidence{}, false
			}
		case strings.EqualFold(f.Name, "Received-SPF"):
			p := authres.ParseReceivedSPF(string(f.Value()))
			if ip, err := netip.ParseAddr(p.Get("client-ip")); err == nil {
				return evidence{ip, pos, "", fmt.Sprintf("Received-SPF on line %d", f.Line)}, true
			}
		}
	}
	return evidence{}, false
}

// byEvidence moves the boundary b found by the heuristic to the hop whose
// client IP the receiver's topmost result field names, when the chain
// supports it. It returns the new boundary and why, or b and "".
func byEvidence(m *message.Message, hs []Hop, b int) (int, string) {
	ev, ok := topEvidence(m)
	if !ok {
		return b, ""
	}
	j := -1
	for i, h := range hs {
		if ip, err := netip.ParseAddr(h.IP); err == nil && ip == ev.ip {
			j = i
			break
		}
	}
	switch {
	case j < 0:
		return b, ""
	case j == b:
		return b, fmt.Sprintf("the receiver's %s names client IP %s, which the boundary hop #%d recorded", ev.where, ev.ip, j+1)
	case j < b:
		// Up: the hops between were taken for the receiver's own, but
		// the receiver says the message came from hop j's client (two
		// tenants of one provider share its host names).
		return j, fmt.Sprintf("the receiver's %s names client IP %s, which hop #%d recorded", ev.where, ev.ip, j+1)
	}
	// Down: the field must sit above hop j's Received (written after
	// it), every hop from b to j-1 must be stamped by the client of the
	// hop below it, and the authserv-id must name one of their hosts.
	if ev.pos > hs[j].Position {
		return b, ""
	}
	for k := b; k < j; k++ {
		if !linked(hs[k], hs[k+1]) {
			return b, ""
		}
	}
	if ev.id != "" {
		names := map[string]bool{}
		for k := 0; k < j; k++ {
			by := strings.TrimSuffix(strings.ToLower(hs[k].By), ".")
			names[by] = true
			if o := hostOrg(by); o != "" {
				names[o] = true
			}
		}
		if !idMatches(ev.id, names) {
			return b, ""
		}
	}
	return j, fmt.Sprintf("the receiver's %s names client IP %s, which hop #%d recorded, and each hop above it was stamped by the host that received the one below", ev.where, ev.ip, j+1)
}

// linked reports whether hop h's client is the host that stamped the hop
// below it: the client IP is the by-host's address written in the hop
// below, or the two host names share their first label (Microsoft 365
// names one machine BL1PR19MB6083.namprd19.prod.outlook.com as a client
// and BL1PR19MB6083.outlook.office365.com as a server).
func linked(h, below Hop) bool {
	if h.parsed == nil || below.parsed == nil {
		return false
	}
	if ip, err := netip.ParseAddr(h.IP); err == nil {
		if bip, ok := byIP(below); ok && bip == ip {
			return true
		}
	}
	first := func(s string) string {
		s = strings.ToLower(strings.TrimSuffix(s, "."))
		if i := strings.IndexByte(s, '.'); i > 0 {
			return s[:i]
		}
		return ""
	}
	for _, n := range []string{h.From, h.HELO, h.ReverseName} {
		if f := first(n); f != "" && len(f) >= 6 && f == first(below.By) {
			return true
		}
	}
	return false
}

// byIP is the address in the by clause's comment, "(10.13.174.212)".
func byIP(h Hop) (netip.Addr, bool) {
	c := h.parsed.Clause("by")
	if c == nil {
		return netip.Addr{}, false
	}
	for _, cm := range c.Comments {
		for _, w := range strings.FieldsFunc(cm.Text, func(r rune) bool { return r == ' ' || r == '[' || r == ']' }) {
			if ip, err := netip.ParseAddr(strings.TrimPrefix(strings.ToLower(w), "ipv6:")); err == nil {
				return ip, true
			}
		}
	}
	return netip.Addr{}, false
}
