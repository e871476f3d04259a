package received

import (
	"net/netip"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/message"
)

// Chain is the Received chain of one message: every hop, top first, and
// where the message entered the receiver.
type Chain struct {
	Hops      []Hop
	Receiving Receiving
	// end is the header position where the fields the receiver wrote on
	// arrival end, and names the host names and Organizational Domains
	// that identify the receiver (see ReceiverEnd, NamesReceiver).
	end   int
	names map[string]bool
}

// ReadChain parses every Received field of m and finds the receiving
// boundary. It does no I/O.
func ReadChain(m *message.Message) *Chain {
	c := &Chain{Hops: hops(m)}
	c.Receiving = receiving(m, c.Hops)
	c.end = receiverBlockEnd(m, c.Hops, c.Receiving)
	c.names = receiverNames(c.Hops, c.Receiving)
	return c
}

// ReceiverEnd returns the header position where the fields the receiver
// added on arrival end: a field above it was written by the receiver or
// inside it, one at or below it arrived with the message. It is 0 when
// there is no Received field.
func (c *Chain) ReceiverEnd() int { return c.end }

// NamesReceiver reports whether a host name (an authserv-id) names the
// receiver: the by-host of the boundary hop or of a hop above it, or a
// name in the Organizational Domain of one of them.
func (c *Chain) NamesReceiver(id string) bool { return idMatches(id, c.names) }

// BelowLast reports whether header position pos is below the boundary
// hop's Received field with no other Received field under that hop.
func (c *Chain) BelowLast(pos int) bool {
	b := c.Receiving.Hop
	return b >= 0 && b == len(c.Hops)-1 && pos > c.Hops[b].Position
}

// Boundary returns the hop where the message entered the receiver, nil
// when there is no Received field.
func (c *Chain) Boundary() *Hop {
	if c == nil || c.Receiving.Hop < 0 || c.Receiving.Hop >= len(c.Hops) {
		return nil
	}
	return &c.Hops[c.Receiving.Hop]
}

// Hop is one Received field: one relay of the message (RFC 5321 section
// 4.4). Index 0 is the top field, the newest hop.
type Hop struct {
	Index       int
	Position    int // index in the header
	Line        int
	From        string
	HELO        string
	ReverseName string
	IP          string
	By          string
	Via         string
	With        string
	ID          string
	For         string
	Date        *time.Time
	// Delay is how long after the hop below it this hop stamped the
	// message; nil when either date is missing. A negative delay means
	// one of the two clocks was wrong.
	Delay *time.Duration
	// Internal is true for hops inside the receiver, above the boundary.
	Internal bool
	// Boundary is true for the hop where the message entered the
	// receiver.
	Boundary bool
	Problems []Problem
	parsed   *Received
}

// Receiving is where the message entered the receiver.
type Receiving struct {
	// Hop is the index of the boundary hop, -1 when there is no Received
	// field.
	Hop int
	// ConnectingIP is the address the receiver saw the sender connect
	// from, empty when the boundary hop does not give one.
	ConnectingIP string
	HELO         string
	// Receiver is the boundary hop's by-host and ReceiverOrg its
	// Organizational Domain.
	Receiver    string
	ReceiverOrg string
	Arrival     *time.Time
	// Heuristic says how boundaries are found in general, and Evidence
	// how this one was.
	Heuristic string
	Evidence  string
}

// hops parses every Received field, top first, with the delay between
// each hop and the one below it.
func hops(m *message.Message) []Hop {
	var out []Hop
	for pos, f := range m.Fields {
		if !strings.EqualFold(f.Name, "Received") {
			continue
		}
		p := Parse(f.ValueText())
		h := Hop{Index: len(out), Position: pos, Line: f.Line, parsed: p,
			From: p.From, HELO: p.HELO, ReverseName: p.ReverseName, By: p.By, Via: p.Via,
			With: p.With, ID: p.ID, For: p.For, Problems: p.Problems}
		if p.IP.IsValid() {
			h.IP = p.IP.String()
		}
		if !p.Date.IsZero() {
			d := p.Date
			h.Date = &d
		}
		out = append(out, h)
	}
	for i := 0; i+1 < len(out); i++ {
		if out[i].Date != nil && out[i+1].Date != nil {
			d := out[i].Date.Sub(*out[i+1].Date)
			out[i].Delay = &d
		}
	}
	return out
}

var org dmarc.PublicSuffix

// idMatches reports whether an authserv-id names the receiver: the
// by-host itself, or a name in the same Organizational Domain.
func idMatches(id string, names map[string]bool) bool {
	id = strings.TrimSuffix(strings.ToLower(id), ".")
	if id == "" {
		return false
	}
	if names[id] {
		return true
	}
	o := hostOrg(id)
	return o != "" && names[o]
}

// hostOrg returns the Organizational Domain of a host name, or "" for an
// address literal or a name without a dot.
func hostOrg(host string) string {
	host = strings.Trim(strings.ToLower(host), "[].")
	if host == "" || !strings.Contains(host, ".") {
		return ""
	}
	if _, err := netip.ParseAddr(strings.TrimPrefix(host, "ipv6:")); err == nil {
		return ""
	}
	return org.OrgDomain(host)
}

// Heuristic is how receiving finds the boundary, for display.
const Heuristic = "walking down from the top Received field, a hop is inside the receiver when it has no from clause (local submission), " +
	"when the client's IP is private, loopback or link-local, or when the client's name (HELO or reverse DNS) has the organizational " +
	"domain of a by-host above it or of its own by-host; the first hop that is none of these is where the message entered the receiver"

// receiving finds the receiving boundary: the topmost hop whose from side
// is outside the receiver.
func receiving(m *message.Message, hs []Hop) Receiving {
	rc := Receiving{Hop: -1, Heuristic: BoundaryRule}
	if len(hs) == 0 {
		return rc
	}
	orgs := map[string]bool{}
	b := len(hs) - 1
	for i := range hs {
		if o := hostOrg(hs[i].By); o != "" {
			orgs[o] = true
		}
		if !internal(hs[i], orgs) {
			b = i
			break
		}
	}
	rc.Evidence = "no result field names the client IP: found by walking the Received chain"
	if nb, why := byEvidence(m, hs, b); why != "" {
		b, rc.Evidence = nb, why
	}
	for i := range hs {
		hs[i].Internal = i < b
	}
	hs[b].Boundary = true
	h := hs[b]
	rc.Hop, rc.ConnectingIP, rc.Receiver, rc.Arrival = b, h.IP, h.By, h.Date
	rc.HELO = h.HELO
	rc.ReceiverOrg = hostOrg(h.By)
	if rc.ReceiverOrg == "" {
		for i := b - 1; i >= 0 && rc.ReceiverOrg == ""; i-- {
			rc.ReceiverOrg = hostOrg(hs[i].By)
		}
	}
	return rc
}

// internal reports whether hop h was made inside the receiver.
func internal(h Hop, orgs map[string]bool) bool {
	p := h.parsed
	if p.Clause("from") == nil {
		return true
	}
	if ip, err := netip.ParseAddr(h.IP); err == nil && (ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast()) {
		return true
	}
	for _, name := range []string{h.HELO, h.ReverseName, h.From} {
		if o := hostOrg(name); o != "" && orgs[o] {
			return true
		}
	}
	return false
}

// receiverBlockEnd returns the header position where the fields the
// receiver wrote end. They are the fields above the Received field of the
// hop below the boundary (the first one the receiver did not write). When
// there is no such hop, they are the boundary field and the trace and
// result fields right under it (Gmail writes Received-SPF and
// Authentication-Results below its Received field): the first other field
// ends the block.
func receiverBlockEnd(m *message.Message, hs []Hop, rc Receiving) int {
	if rc.Hop < 0 {
		return 0
	}
	if rc.Hop+1 < len(hs) {
		return hs[rc.Hop+1].Position
	}
	pos := hs[rc.Hop].Position + 1
	for pos < len(m.Fields) && receiverField(m.Fields[pos].Name) {
		pos++
	}
	return pos
}

// receiverField reports whether a field is one receivers add on arrival.
func receiverField(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "received-spf", "authentication-results", "return-path", "delivered-to", "x-original-to":
		return true
	}
	return strings.HasPrefix(n, "arc-") || strings.HasPrefix(n, "x-ms-exchange-") ||
		strings.HasPrefix(n, "x-google-") || n == "x-received" || n == "x-gm-message-state"
}

// receiverNames returns the host names and Organizational Domains that
// identify the receiver: the by-hosts of the boundary hop and of every hop
// above it.
func receiverNames(hs []Hop, rc Receiving) map[string]bool {
	names := map[string]bool{}
	for i := 0; i <= rc.Hop && i < len(hs); i++ {
		by := strings.TrimSuffix(strings.ToLower(hs[i].By), ".")
		if by == "" {
			continue
		}
		names[by] = true
		if o := hostOrg(by); o != "" {
			names[o] = true
		}
	}
	return names
}
