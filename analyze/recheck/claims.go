package recheck

import (
	"context"
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/spf"
	"github.com/headerscope/headerscope/analyze/verdict"
)

type checker struct {
	in       Given
	res      *Result
	spfCache map[spf.Input]*spf.Result
	// arrival holds each signature's re-check as of the arrival date, by
	// index: however many claims name a signature (a hostile message can
	// carry thousands), it is verified again once.
	arrival map[int]*TimeTravel
}

// entry re-checks every claim of one entry.
func (c *checker) entry(ctx context.Context, e *Entry) {
	for i := range e.Results {
		cl := &e.Results[i]
		raw := e.parsed.Results[i]
		// An unregistered word is compared as the registered one it
		// stands for (dkim=timeout is temperror).
		orig := raw.Value
		raw.Value = authres.Corresponds(strings.ToLower(cl.Method), raw.Value)
		switch strings.ToLower(cl.Method) {
		case "dkim":
			cl.Recheck = c.dkimClaim(ctx, e, raw)
		case "arc":
			cl.Recheck = c.arcClaim(e, raw)
		case "dmarc":
			cl.Recheck = c.dmarcClaim(raw)
		case "spf":
			cl.Recheck = c.spfClaim(ctx, e, raw)
		default:
			cl.Recheck = Recheck{Status: NotRechecked, Reason: notRechecked(cl.Method)}
		}
		if orig != raw.Value {
			cl.Recheck.Reason = strings.Replace(cl.Recheck.Reason, "claimed "+raw.Value, fmt.Sprintf("claimed %s (which stands for %s)", orig, raw.Value), 1)
		}
	}
}

// compare fills in Status and a side-by-side Reason. A result headerscope
// could not reach (temperror: a lookup not made or failed) is no evidence
// either way, so the claim is "not re-checked", never "disagrees", and a
// temperror claim is not "agreed" with one.
func compare(claimed string, got verdict.Result, why string) Recheck {
	if got == verdict.TempError || got == "" {
		return Recheck{Status: NotRechecked, Reason: "not re-checked: " + strings.TrimPrefix(why, "not checked: ")}
	}
	if strings.EqualFold(claimed, string(verdict.TempError)) {
		// The writer reached no verdict: there is nothing to agree or
		// disagree with.
		return Recheck{Status: NotRechecked, Reason: fmt.Sprintf("not re-checked: claimed temperror, so the writer reached no verdict to compare; headerscope finds %s: %s", got, why)}
	}
	rc := Recheck{Result: got, Status: Agrees}
	verb := "re-verified"
	if !strings.EqualFold(claimed, string(got)) {
		rc.Status = Disagrees
	}
	rc.Reason = fmt.Sprintf("claimed %s, %s %s: %s", strings.ToLower(claimed), verb, got, why)
	return rc
}

// hopOf returns the ARC instance whose hop wrote e: its i= for an
// ARC-Authentication-Results, the set whose ARC-Authentication-Results has
// the same authserv-id for an Authentication-Results, 0 for none.
func (c *checker) hopOf(e *Entry) int {
	if e.Instance > 0 {
		return e.Instance
	}
	ids := c.res.arc.AuthServIDs
	if e.AuthServID == "" {
		return 0
	}
	for i := len(ids); i >= 1; i-- {
		if strings.EqualFold(ids[i-1], e.AuthServID) {
			return i
		}
	}
	return 0
}

// arcClaim compares an arc= claim with the chain its writer could see.
// RFC 8617 section 5.2: a hop validates the chain it received before it
// adds its own set, so the ARC-Authentication-Results of set i speaks of
// sets 1 to i-1 (hop 1's arc=none is right), and so does an
// Authentication-Results written by the hop that sealed set i.
func (c *checker) arcClaim(e *Entry, r authres.Result) Recheck {
	a := c.res.arc
	if a.Result == "" {
		return Recheck{Status: NotRechecked, Reason: "not re-checked: the ARC chain was not validated"}
	}
	inst := c.hopOf(e)
	if inst > 0 && a.SeenBy != nil {
		got, why := a.SeenBy(inst)
		if got == "" {
			return Recheck{Status: NotRechecked, Reason: "not re-checked: " + why}
		}
		rc := compare(r.Value, got, why)
		if inst > 1 {
			rc.Reason += fmt.Sprintf(" (compared with the chain hop %d received: sets 1 to %d)", inst, inst-1)
		}
		return rc
	}
	rc := compare(r.Value, a.Result, a.Reason)
	if rc.Status != NotRechecked {
		rc.Reason += " (headerscope's verdict covers the whole chain, including any set added after this claim was written)"
	}
	return rc
}

func (c *checker) dmarcClaim(r authres.Result) Recheck {
	d := c.in.DMARC
	if d == nil {
		return Recheck{Status: NotRechecked, Reason: "not re-checked: DMARC was not evaluated"}
	}
	rc := compare(r.Value, d.Verdict, d.Reason)
	if hf := strings.ToLower(r.Prop("header.from")); hf != "" && d.FromDomain != "" && hf != d.FromDomain {
		rc.Reason += fmt.Sprintf("; the claim names header.from=%s but the message's From domain is %s", hf, d.FromDomain)
	}
	return rc
}

func (c *checker) spfCheck(ctx context.Context, in spf.Input) *spf.Result {
	if r, ok := c.spfCache[in]; ok {
		return r
	}
	r := spf.Check(ctx, c.in.Resolver, in)
	c.spfCache[in] = r
	return r
}

// spfClaim compares one spf claim with an evaluation for the same
// identity and the IP the claiming host saw.
func (c *checker) spfClaim(ctx context.Context, e *Entry, r authres.Result) Recheck {
	var in spf.Input
	if own := c.in.SPF; own != nil {
		in = own.Input
	}
	if !e.Trusted || e.Instance > 0 {
		// Another host's claim: it saw another connection. Its IP is
		// known only if it wrote it down.
		in = spf.Input{}
		if ip, ok := r.ClientIP(); ok {
			in.IP, in.IPSource = ip, fmt.Sprintf("the comment of the claim on line %d", e.Line)
		}
	}
	if v, ok := r.Lookup("smtp.mailfrom"); ok {
		in.MailFrom, in.MailFromSource = v.Value, "smtp.mailfrom of the claim"
	}
	if h := r.Prop("smtp.helo"); h != "" {
		in.HELO, in.HELOSource = h, "smtp.helo of the claim"
	}
	if !in.IP.IsValid() {
		return Recheck{Status: NotRechecked, Reason: "not re-checked: the connecting IP this host saw is not in the message"}
	}
	got := c.spfCheck(ctx, in)
	if got.Identity == "" {
		return Recheck{Status: NotRechecked, Reason: got.Reason}
	}
	return compare(r.Value, got.Verdict, got.Reason)
}

// notRechecked says why a method is explained but not re-checked.
func notRechecked(method string) string {
	m := strings.ToLower(method)
	why := map[string]string{
		"iprev":      "the reverse DNS of the client as the receiver saw it at arrival is not repeatable later: PTR records change hands (RFC 8601 section 3)",
		"auth":       "SMTP AUTH happened inside the receiver's session (RFC 4954); nothing in the message proves it",
		"bimi":       "BIMI selects a logo to show; it authenticates nothing by itself, and headerscope does not fetch logos or certificates",
		"compauth":   "Microsoft's composite authentication is proprietary; its inputs (dkim, spf, dmarc) are re-checked on their own",
		"dkim-atps":  "third-party signature authorization (RFC 6541) is not implemented by headerscope",
		"dkim-adsp":  "ADSP (RFC 5617) is historic; DMARC replaced it",
		"domainkeys": "DomainKeys (RFC 4870) is historic; DKIM replaced it",
		"sender-id":  "Sender ID (RFC 4406) is historic",
		"vbr":        "vouch-by-reference (RFC 5518) needs the vouching service's DNS, which headerscope does not query",
		"rrvs":       "RRVS (RFC 7293) depends on the receiver's mailbox history",
		"smime":      "S/MIME signatures are not verified by headerscope",
		"dnswl":      "DNS allow-lists answer differently from day to day",
	}[m]
	if why == "" {
		why = "headerscope does not implement " + m
	}
	return "not re-checked: " + why
}
