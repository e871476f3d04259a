package tui

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/spf"
	"github.com/headerscope/headerscope/analyze/verdict"
	"github.com/headerscope/headerscope/render"
)

// claimFinding is one Authentication-Results (or ARC- or X-MS-Exchange-)
// entry. Its row shows whether the writer can be trusted, not a verdict:
// the claims inside it are what is re-checked.
type claimFinding struct{ e recheck.Entry }

func (f claimFinding) FilterValue() string {
	parts := []string{f.e.Field, f.e.AuthServID}
	if f.e.Trusted {
		parts = append(parts, "trusted")
	} else {
		parts = append(parts, "untrusted")
	}
	for _, c := range f.e.Results {
		parts = append(parts, c.Method+"="+c.Result)
	}
	return strings.Join(parts, " ")
}

// shortField names the kind of entry in a few columns.
func shortField(name string) string {
	switch strings.ToLower(name) {
	case "authentication-results":
		return "A-R"
	case "arc-authentication-results":
		return "ARC-A-R"
	case "x-ms-exchange-authentication-results":
		return "MS-A-R"
	}
	return render.Safe(name)
}

// label leads with the claims headerscope disagrees with
// ("dkim=pass≠fail"), then the others, then the authserv-id, so that a
// narrow column cuts the least decisive part.
func (f claimFinding) label() string {
	e := f.e
	t := shortField(e.Field)
	if e.Instance > 0 {
		t += fmt.Sprintf(" i=%d", e.Instance)
	}
	var bad, rest []string
	for _, c := range e.Results {
		s := render.Safe(c.Method) + "=" + render.Safe(c.Result)
		if c.Recheck.Status == recheck.Disagrees && c.Recheck.Result != "" {
			// The claim and what headerscope found: "dkim=pass≠fail".
			bad = append(bad, s+"≠"+string(c.Recheck.Result))
			continue
		}
		rest = append(rest, s)
	}
	if cs := append(bad, rest...); len(cs) > 0 {
		t += " " + strings.Join(cs, " ")
	}
	return t + " · " + orNone(render.Safe(e.AuthServID))
}

func orNone(s string) string {
	if s == "" {
		return "(no authserv-id)"
	}
	return s
}

func (f claimFinding) result() verdict.Result { return "" }

// mark is the trust glyph and word shown where other rows have a verdict.
func (f claimFinding) mark(st render.Styles) string { return render.TrustMark(f.e, st) }

func (f claimFinding) supports(v render.View) bool {
	return v == render.ViewOverview || v == render.ViewRaw
}

func (f claimFinding) detail(v render.View, st render.Styles, width int) string {
	return render.Claim(f.e, v, st, width)
}

func (f claimFinding) copyValue(v render.View) (string, string) {
	if v == render.ViewRaw {
		return f.e.Raw, "the raw " + f.e.Field + " field"
	}
	var b strings.Builder
	for _, c := range f.e.Results {
		fmt.Fprintf(&b, "%s=%s: %s\n", c.Method, c.Result, c.Recheck.Reason)
	}
	return b.String(), "the claims and their re-checks"
}

// dmarcFinding is headerscope's own DMARC evaluation (RFC 7489).
type dmarcFinding struct{ r *dmarc.Result }

func (f dmarcFinding) FilterValue() string {
	return "dmarc " + string(f.r.Verdict) + " " + f.r.FromDomain + " " + f.r.Reason
}

func (f dmarcFinding) label() string {
	t := "DMARC"
	if f.r.FromDomain != "" {
		t += " " + render.Safe(f.r.FromDomain)
	}
	if f.r.Policy != "" {
		t += " p=" + render.Safe(f.r.Policy.String())
	}
	return t + " " + render.Safe(f.r.Reason)
}

func (f dmarcFinding) result() verdict.Result { return f.r.Verdict }

func (f dmarcFinding) supports(v render.View) bool {
	return v == render.ViewOverview || v == render.ViewDNS
}

func (f dmarcFinding) detail(v render.View, st render.Styles, width int) string {
	if v == render.ViewDNS {
		return render.Lookups(f.r.DNS, st, width)
	}
	return render.DMARC(f.r, st, width)
}

func (f dmarcFinding) copyValue(v render.View) (string, string) {
	if f.r.Record != nil {
		return f.r.Record.Raw, "the DMARC record"
	}
	return fmt.Sprintf("DMARC %s: %s", f.r.Verdict, f.r.Reason), "the verdict"
}

// spfFinding is headerscope's own SPF evaluation (RFC 7208).
type spfFinding struct{ r *spf.Result }

func (f spfFinding) FilterValue() string {
	return "spf " + string(f.r.Verdict) + " " + f.r.Domain + " " + f.r.Reason
}

func (f spfFinding) label() string {
	// The reason names the domain and IP already.
	return "SPF " + render.Safe(f.r.Reason)
}

func (f spfFinding) result() verdict.Result { return f.r.Verdict }

func (f spfFinding) supports(v render.View) bool {
	return v == render.ViewOverview || (v == render.ViewDNS && len(f.r.DNS) > 0)
}

func (f spfFinding) detail(v render.View, st render.Styles, width int) string {
	if v == render.ViewDNS {
		return render.Lookups(f.r.DNS, st, width)
	}
	return render.SPF(f.r, st, width)
}

func (f spfFinding) copyValue(render.View) (string, string) {
	return fmt.Sprintf("SPF %s: %s", f.r.Verdict, f.r.Reason), "the verdict"
}

// receivedFinding is the Received chain and the receiving boundary that
// decides which claims are trusted.
type receivedFinding struct{ rep *analyze.Report }

func (f receivedFinding) FilterValue() string { return "received chain " + f.label() }

func (f receivedFinding) label() string {
	c := f.rep.Received
	t := "Received chain, " + plural(len(c.Hops), "hop")
	if r := c.Receiving; r.Hop >= 0 && r.Receiver != "" {
		t += ", entered " + render.Safe(r.Receiver)
		if r.ConnectingIP != "" {
			t += " from " + render.Safe(r.ConnectingIP)
		}
	}
	return t
}

func (f receivedFinding) result() verdict.Result { return "" }

func (f receivedFinding) supports(v render.View) bool {
	return v == render.ViewOverview || v == render.ViewRaw
}

func (f receivedFinding) detail(v render.View, st render.Styles, width int) string {
	c := f.rep.Received
	if v == render.ViewRaw {
		return rawFields(f.rep, "Received", st, width)
	}
	return render.ReceivedChain(c.Hops, c.Receiving, st, width)
}

func (f receivedFinding) copyValue(v render.View) (string, string) {
	var b strings.Builder
	if m := f.rep.Message; m != nil {
		for _, fl := range m.Header("Received") {
			b.Write(fl.Raw)
		}
	}
	return b.String(), "the raw Received fields"
}

// rawFields shows every field of one name as received.
func rawFields(rep *analyze.Report, name string, st render.Styles, width int) string {
	if rep.Message == nil {
		return ""
	}
	var b strings.Builder
	for _, fl := range rep.Message.Header(name) {
		b.WriteString(render.RawField(fl.Name, fl.Line, fl.Text(), st, width))
	}
	return b.String()
}
