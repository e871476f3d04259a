package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze/received"
)

// ReceivedChain renders the Received fields (RFC 5321 section 4.4, RFC
// 5322 section 3.6.7) top down, newest first, with the delay between hops,
// and marks the receiving boundary: the fields above it were written by
// the receiver, those below it by anyone, the sender included.
func ReceivedChain(hops []received.Hop, rc received.Receiving, st Styles, width int) string {
	text, _ := receivedView(hops, rc, st, width, true)
	return text
}

// ReceivedHopStarts says on which line of ReceivedChain (0 first) each hop
// begins, so that a link to one hop can show it.
func ReceivedHopStarts(hops []received.Hop, rc received.Receiving, st Styles, width int) []int {
	_, starts := receivedView(hops, rc, st, width, true)
	return starts
}

// receivedView is ReceivedChain, with or without the paragraph on how the
// boundary was found (the report leaves it out: it is the same every time).
func receivedView(hops []received.Hop, rc received.Receiving, st Styles, width int, how bool) (string, []int) {
	d := newDoc(st, width)
	if len(hops) == 0 {
		d.paraStyled("", "", "The message has no Received field: nothing shows where it came from, so no Authentication-Results field can be trusted.", st.Muted)
		return d.String(), nil
	}
	starts := make([]int, 0, len(hops))
	receivingLines(d, hops, rc, how)
	d.blank()
	d.para("", "", st.Subheading.Render(fmt.Sprintf("%d Received field%s", len(hops), plural(len(hops))))+" "+st.Muted.Render("newest first, as in the header: each hop adds its field on top"))
	for _, h := range hops {
		starts = append(starts, d.lines())
		hopLines(d, h)
		if h.Boundary {
			rule := "──"
			if st.ASCII {
				rule = "--"
			}
			d.paraStyled("   ", "   ", rule+" receiving boundary "+rule+" above: added by the receiver; below: by anyone, the sender included", st.Warn)
		}
	}
	return d.String(), starts
}

// receivingLines says where the message entered the receiver and how
// that was decided.
func receivingLines(d *doc, hops []received.Hop, rc received.Receiving, how bool) {
	st := d.st
	const lw = 10
	if rc.Hop < 0 || rc.Hop >= len(hops) {
		d.kv("", lw, "receiver", st.Warn.Render("not found"), false)
	} else {
		who := orDash(Safe(rc.Receiver))
		if rc.ReceiverOrg != "" {
			who += st.Muted.Render(" (organization " + Safe(rc.ReceiverOrg) + ")")
		}
		d.kv("", lw, "receiver", fmt.Sprintf("hop #%d (line %d), by ", rc.Hop+1, hops[rc.Hop].Line)+who, false)
	}
	if rc.ConnectingIP != "" {
		d.kv("", lw, "client IP", Safe(rc.ConnectingIP), false)
	} else {
		d.kv("", lw, "client IP", st.Warn.Render("not recorded")+" in the boundary hop's Received field", false)
	}
	if rc.HELO != "" {
		d.kv("", lw, "HELO", Safe(rc.HELO), false)
	}
	if rc.Arrival != nil {
		d.kv("", lw, "arrived", rc.Arrival.UTC().Format(time.RFC3339), false)
	}
	if rc.Evidence != "" {
		d.kv("", lw, "because", Safe(rc.Evidence), false)
	}
	if how && rc.Heuristic != "" {
		d.kv("", lw, "found by", Safe(rc.Heuristic), false)
	}
}

// hopLines writes one hop: number, line, date and delay, then its clauses.
func hopLines(d *doc, h received.Hop) {
	st := d.st
	head := fmt.Sprintf("#%d line %d", h.Index+1, h.Line)
	if h.Date != nil {
		head += "  " + h.Date.UTC().Format(time.RFC3339)
	} else {
		head += "  " + st.Muted.Render("(no date)")
	}
	if h.Delay != nil {
		head += "  " + delay(st, *h.Delay)
	}
	switch {
	case h.Boundary:
		head += "  " + st.Label.Render("entered the receiver here")
	case h.Internal:
		head += "  " + st.Muted.Render("inside the receiver")
	}
	d.para("", "   ", head)
	var parts []string
	if h.From != "" || h.IP != "" {
		from := "from " + orDash(Safe(h.From))
		var in []string
		if h.ReverseName != "" {
			in = append(in, Safe(h.ReverseName))
		}
		if h.IP != "" && h.From != "["+h.IP+"]" {
			in = append(in, "["+Safe(h.IP)+"]")
		}
		if len(in) > 0 {
			from += " (" + strings.Join(in, " ") + ")"
		}
		parts = append(parts, from)
	}
	if h.HELO != "" && h.HELO != h.From {
		parts = append(parts, "helo "+Safe(h.HELO))
	}
	for _, c := range []struct{ k, v string }{{"by", h.By}, {"via", h.Via}, {"with", h.With}, {"id", h.ID}, {"for", h.For}} {
		if c.v != "" {
			parts = append(parts, c.k+" "+Safe(c.v))
		}
	}
	if len(parts) > 0 {
		d.para("   ", "     ", strings.Join(parts, " "))
	}
	for _, p := range h.Problems {
		d.para("   "+st.Warn.Render("! problem")+" ", "     ", fmt.Sprintf("offset %d: %s", p.Offset, Safe(p.Text)))
	}
}

// delay shows the time since the hop below; a negative one means a clock
// was wrong.
func delay(st Styles, dl time.Duration) string {
	if dl < 0 {
		return st.Warn.Render(fmt.Sprintf("%s before the hop below: one of the two clocks is wrong", (-dl).String()))
	}
	s := "+" + dl.String()
	if dl >= time.Hour {
		return st.Warn.Render(s)
	}
	return st.Muted.Render(s)
}
