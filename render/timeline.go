package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/received"
	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// implausibleDelay is the delay between two hops past which it is flagged:
// relays hand a message on in seconds or minutes; a day means a clock is
// off or the message was held.
const implausibleDelay = 24 * time.Hour

// Timeline renders the whole header in order, top (newest) first, one
// entry per field (RFC 5322 section 3.6: each hop adds its trace fields
// above those it received): the receiving boundary drawn where it lies,
// each Received hop with its delay and any clock that disagrees with its
// neighbours, where each DKIM-Signature, ARC set and Authentication-Results
// sits with its verdict, and for every other field whether the passing
// signatures cover it: signed, unsigned, or an unsigned copy above a signed
// one (RFC 6376 section 5.4.2: a verifier takes the last copy of a name,
// while a reader is shown the first).
func Timeline(rep *analyze.Report, st Styles, width int) string {
	d := newDoc(st, width)
	if rep.Message == nil || len(rep.Message.Fields) == 0 {
		d.paraStyled("", "", "The message has no header fields.", st.Muted)
		return d.String()
	}
	fields := rep.Message.Fields
	t := newTimeline(rep)
	t.st = st
	d.para("", "", st.Subheading.Render(fmt.Sprintf("Header timeline: %d fields", len(fields)))+" "+
		st.Muted.Render("newest on top, as in the header: each hop adds its fields above those it received"))
	if len(t.sigs) == 0 {
		d.paraStyled("", "", "No signature passes, so no field is known to be signed.", st.Muted)
	} else {
		d.para("", "", "Passing signatures: "+strings.Join(t.legend(), "   "))
	}
	d.blank()
	nw := 0
	for _, f := range fields {
		nw = max(nw, min(len(Safe(f.Name)), 22))
	}
	lw := len(fmt.Sprint(fields[len(fields)-1].Line))
	for _, f := range fields {
		name := Safe(f.Name)
		first := fmt.Sprintf("%*d  %s ", lw, f.Line, pad(name, nw))
		d.para(first, strings.Repeat(" ", lw+2+nw+1), t.note(f.Line, f.Name))
		if h := t.hop(f.Line); h != nil && h.Boundary {
			rule := "──"
			if st.ASCII {
				rule = "--"
			}
			d.paraStyled("", "  ", fmt.Sprintf("%s receiving boundary %s above: added by %s on arrival; below: by anyone, the sender included", rule, rule, orDash(Safe(rep.Received.Receiving.Receiver))), st.Warn)
		}
	}
	return d.String()
}

// passing is a signature that verified, with the fields it covers.
type passing struct {
	label string       // "[1] DKIM d=bank.example s=mail2026"
	r     *dkim.Result // the DKIM-Signature or ARC-Message-Signature
}

// timeline indexes a report by line for Timeline.
type timeline struct {
	st     Styles
	rep    *analyze.Report
	sigs   []passing
	signed map[int][]int    // line -> numbers of the passing signatures covering it
	names  map[string][]int // lower-case name -> signatures that list it in h=
	// chosen holds, per lower-case name and signature, the lines of the
	// copies that signature took.
	chosen map[string]map[int][]int
}

func newTimeline(rep *analyze.Report) *timeline {
	t := &timeline{rep: rep, signed: map[int][]int{}, names: map[string][]int{}, chosen: map[string]map[int][]int{}}
	var all []*dkim.Result
	all = append(all, rep.DKIM...)
	if rep.ARC != nil {
		for _, s := range rep.ARC.Sets {
			if s != nil && s.MessageSignature != nil {
				all = append(all, s.MessageSignature)
			}
		}
	}
	for _, r := range all {
		if r == nil || r.Verdict != verdict.Pass {
			continue
		}
		k := len(t.sigs) + 1
		t.sigs = append(t.sigs, passing{label: fmt.Sprintf("[%d] %s", k, sigName(r)), r: r})
		for _, sf := range r.Header.Fields {
			n := strings.ToLower(sf.Name)
			if !containsInt(t.names[n], k) {
				t.names[n] = append(t.names[n], k)
			}
			if sf.Instance > 0 && sf.Line > 0 {
				t.signed[sf.Line] = append(t.signed[sf.Line], k)
				if t.chosen[n] == nil {
					t.chosen[n] = map[int][]int{}
				}
				t.chosen[n][k] = append(t.chosen[n][k], sf.Line)
			}
		}
	}
	return t
}

func sigName(r *dkim.Result) string {
	if r.Kind == dkim.KindAMS {
		return fmt.Sprintf("ARC-MS i=%d d=%s", r.Instance, Safe(r.Domain))
	}
	return fmt.Sprintf("DKIM d=%s s=%s", Safe(r.Domain), Safe(r.Selector))
}

func (t *timeline) legend() []string {
	var out []string
	for _, s := range t.sigs {
		out = append(out, s.label)
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func refs(ks []int) string {
	var b strings.Builder
	for _, k := range ks {
		fmt.Fprintf(&b, "[%d]", k)
	}
	return b.String()
}

// hop returns the Received hop on line, or nil.
func (t *timeline) hop(line int) *received.Hop {
	if t.rep.Received == nil {
		return nil
	}
	hs := t.rep.Received.Hops
	for i := range hs {
		if hs[i].Line == line {
			return &hs[i]
		}
	}
	return nil
}

// note is what the timeline says about the field on line.
func (t *timeline) note(line int, name string) string {
	st := t.st
	var parts []string
	if h := t.hop(line); h != nil {
		parts = append(parts, HopSummary(t.rep.Received.Hops, h.Index, st))
	}
	for _, r := range t.rep.DKIM {
		if r != nil && r.Line == line {
			parts = append(parts, st.Style(r.Verdict).Render(st.Glyph(r.Verdict)+" "+string(r.Verdict))+" "+sigName(r)+": "+Safe(DKIMReason(r)))
		}
	}
	if a := t.rep.ARC; a != nil {
		for _, s := range a.Sets {
			if s != nil {
				if n := arcNote(s, line, st); n != "" {
					parts = append(parts, n)
				}
			}
		}
	}
	if c := t.rep.Claims; c != nil {
		for _, e := range c.AuthenticationResults {
			if e.Line == line && e.Instance == 0 {
				parts = append(parts, TrustMark(e, st)+" "+orDash(Safe(e.AuthServID))+claimWords(e))
			}
		}
	}
	parts = append(parts, t.coverage(line, name))
	return strings.Join(nonEmpty(parts), "; ")
}

func nonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// claimWords lists an entry's claims, with the re-check where it
// disagrees: ": dkim=pass≠fail spf=pass".
func claimWords(e recheck.Entry) string {
	var cs []string
	for _, c := range e.Results {
		s := Safe(c.Method) + "=" + Safe(c.Result)
		if c.Recheck.Status == recheck.Disagrees && c.Recheck.Result != "" {
			s += "≠" + string(c.Recheck.Result)
		}
		cs = append(cs, s)
	}
	if len(cs) == 0 {
		return ""
	}
	return ": " + strings.Join(cs, " ")
}

// arcNote places one ARC field in its set.
func arcNote(s *arc.Set, line int, st Styles) string {
	switch {
	case s.Seal != nil && s.Seal.Line == line:
		return fmt.Sprintf("ARC set i=%d seal cv=%s by %s: ", s.Instance, Safe(s.CV.String()), Safe(s.Seal.Domain)) +
			st.Style(s.Seal.Verdict).Render(st.Glyph(s.Seal.Verdict)+" "+string(s.Seal.Verdict))
	case s.MessageSignature != nil && s.MessageSignature.Line == line:
		r := s.MessageSignature
		return fmt.Sprintf("ARC set i=%d message signature: ", s.Instance) + st.Style(r.Verdict).Render(st.Glyph(r.Verdict)+" "+string(r.Verdict))
	case s.AAR != nil && s.AAR.Line == line:
		return fmt.Sprintf("ARC set i=%d results recorded by %s", s.Instance, orDash(Safe(s.AAR.AuthServID)))
	}
	return ""
}

// coverage says whether the passing signatures sign the field on line.
func (t *timeline) coverage(line int, name string) string {
	st := t.st
	if len(t.sigs) == 0 {
		return ""
	}
	if ks := t.signed[line]; len(ks) > 0 {
		return st.Pass.Render("signed " + refs(ks))
	}
	n := strings.ToLower(name)
	ks := t.names[n]
	if len(ks) == 0 {
		if isTrace(n) {
			return "" // trace and signature fields are added after signing
		}
		return st.Muted.Render("unsigned")
	}
	// The name is signed, this copy is not: is a signed copy below it?
	var below []string
	for _, k := range ks {
		for _, l := range t.chosen[n][k] {
			if l > line {
				below = append(below, fmt.Sprintf("line %d [%d]", l, k))
			}
		}
	}
	if len(below) > 0 {
		return st.Warn.Render("! unsigned copy above the signed one ("+strings.Join(below, ", ")+")") +
			": a verifier checks the lowest copy, a reader is shown this one"
	}
	return st.Muted.Render("unsigned") + " (another copy of " + Safe(name) + " is signed " + refs(ks) + ")"
}

// isTrace reports whether a field is one hops add as the message travels,
// which no original signature covers.
func isTrace(name string) bool {
	switch name {
	case "received", "return-path", "authentication-results", "received-spf", "dkim-signature", "delivered-to", "x-original-to":
		return true
	}
	return strings.HasPrefix(name, "arc-") || strings.HasPrefix(name, "x-ms-exchange-")
}

// HopSummary is one Received hop in a line: its number, date, the delay
// after the hop below it, and who stamped it from where; a negative or
// implausible delay is flagged with the host whose clock is off, when its
// neighbours show which one it is.
func HopSummary(hops []received.Hop, i int, st Styles) string {
	h := hops[i]
	s := fmt.Sprintf("Received #%d", i+1)
	if h.Date != nil {
		s += " " + h.Date.UTC().Format(time.RFC3339)
	} else {
		s += " " + st.Muted.Render("(no date)")
	}
	w := ClockNote(hops, i)
	if w == "" && h.Delay != nil {
		s += " " + st.Muted.Render("+"+h.Delay.String())
	}
	if h.By != "" {
		s += " by " + Safe(h.By)
	}
	if h.From != "" {
		s += " from " + Safe(h.From)
	}
	if h.IP != "" && h.From != "["+h.IP+"]" {
		s += " [" + Safe(h.IP) + "]"
	}
	if w != "" {
		s += "; " + st.Warn.Render(w)
	}
	return s
}

// ClockNote flags the delay between hop i and the hop below it when it is
// negative (hop i stamped the message before the hop that handed it on) or
// longer than a day, and names the host whose clock is off when the hops
// around the pair agree with one of the two; "" when the delay is
// plausible or unknown.
func ClockNote(hops []received.Hop, i int) string {
	h := hops[i]
	if h.Delay == nil || i+1 >= len(hops) {
		return ""
	}
	dl := *h.Delay
	switch {
	case dl < 0:
		who := skewedHost(hops, i)
		if who == "" {
			who = "of " + hostOr(hops[i].By, i) + " or of " + hostOr(hops[i+1].By, i+1)
		} else {
			who = "of " + who
		}
		return fmt.Sprintf("! %s before the hop below: the clock %s is off", (-dl).String(), who)
	case dl > implausibleDelay:
		return fmt.Sprintf("! +%s after the hop below: implausible for a relay; a clock is off or the message was held", dl.String())
	}
	return ""
}

// skewedHost decides which of hops i and i+1 has the wrong clock: the
// one that disagrees with its other neighbour too. "" when the neighbours
// cannot tell.
func skewedHost(hops []received.Hop, i int) string {
	a, b := hops[i], hops[i+1]
	if a.Date == nil || b.Date == nil {
		return ""
	}
	// a is consistent with the hop below b: b's clock runs ahead.
	if i+2 < len(hops) && hops[i+2].Date != nil && !a.Date.Before(*hops[i+2].Date) {
		return hostOr(b.By, i+1)
	}
	// b is consistent with the hop above a: a's clock runs behind.
	if i > 0 && hops[i-1].Date != nil && !hops[i-1].Date.Before(*b.Date) {
		return hostOr(a.By, i)
	}
	return ""
}

func hostOr(by string, i int) string {
	if by == "" {
		return fmt.Sprintf("hop #%d", i+1)
	}
	return Safe(by)
}
