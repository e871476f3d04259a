package dmarc

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// align checks each DKIM signature and the SPF domain against the From
// domain (RFC 7489 sections 3.1.1 and 3.1.2).
func (r *Result) align(org OrgDomainer, dkimResults []*dkim.Result, spf *SPFInput) {
	for _, d := range dkimResults {
		if d == nil || d.Kind != dkim.KindDKIM || d.Domain == "" {
			continue
		}
		a := r.check(org, "dkim", d.Domain, d.Verdict, r.Record.DKIMAlignment)
		a.Selector = d.Selector
		r.Alignments = append(r.Alignments, a)
	}
	if spf != nil && spf.Domain != "" {
		r.Alignments = append(r.Alignments, r.check(org, "spf", spf.Domain, spf.Result, r.Record.SPFAlignment))
	}
}

func (r *Result) check(org OrgDomainer, method, domain string, res verdict.Result, mode string) Alignment {
	domain = strings.TrimSuffix(strings.ToLower(domain), ".")
	a := Alignment{Method: method, Domain: domain, Result: res, Mode: Relaxed}
	tag := "adkim"
	if method == "spf" {
		tag = "aspf"
	}
	if mode == "s" {
		// Strict: the domains must be identical.
		a.Mode = Strict
		a.Aligned = domain == r.FromDomain
	} else {
		// Relaxed: the Organizational Domains must be identical.
		a.Aligned = org.OrgDomain(domain) == r.OrgDomain
	}
	a.Pass = a.Aligned && res == verdict.Pass
	switch {
	case a.Aligned && a.Pass:
		a.Reason = fmt.Sprintf("%s passed for %s, which aligns with From %s (%s, %s=%s)", method, domain, r.FromDomain, a.Mode, tag, mode)
	case a.Aligned:
		a.Reason = fmt.Sprintf("%s aligns with From %s (%s) but its result is %s, not pass", domain, r.FromDomain, a.Mode, res)
	case mode == "s" && org.OrgDomain(domain) == r.OrgDomain:
		a.Reason = fmt.Sprintf("%s is not %s: %s=s asks for strict alignment, identical domains (relaxed would have aligned)", domain, r.FromDomain, tag)
	case mode == "s":
		a.Reason = fmt.Sprintf("%s is not %s (strict alignment, %s=s)", domain, r.FromDomain, tag)
	default:
		a.Reason = fmt.Sprintf("%s (organizational domain %s) does not align with From %s (organizational domain %s)", domain, org.OrgDomain(domain), r.FromDomain, r.OrgDomain)
	}
	return a
}

// decide sets the verdict and the policy that applies (RFC 7489 sections
// 4.2, 6.3 and 6.6.4).
func (r *Result) decide() {
	rec := r.Record
	r.Policy, r.PolicyTag = rec.Policy, "p"
	if r.Fallback && rec.Tag("sp") != nil && rec.SubdomainPolicy != "" {
		// sp= applies to subdomains of the Organizational Domain whose
		// policy was found by the fallback (RFC 7489 section 6.3).
		r.Policy, r.PolicyTag = rec.SubdomainPolicy, "sp"
	}
	r.Percent = rec.Percent
	if rec.NonexistentPolicy != "" {
		r.Notes = append(r.Notes, fmt.Sprintf("np=%s is DMARCbis's policy for non-existent subdomains; RFC 7489 does not define it, so it is not applied here", rec.NonexistentPolicy))
	}
	if r.Fallback {
		r.Notes = append(r.Notes, fmt.Sprintf("no record at _dmarc.%s; the Organizational Domain's record at %s applies (RFC 7489 section 6.6.3)", r.FromDomain, r.RecordName))
	}
	var passed []string
	for _, a := range r.Alignments {
		if a.Pass {
			passed = append(passed, fmt.Sprintf("%s (%s)", a.Method, a.Domain))
		}
	}
	if len(passed) > 0 {
		r.Verdict = verdict.Pass
		r.Reason = "aligned pass from " + strings.Join(passed, " and ")
		r.Disposition = "accept: DMARC passed"
		return
	}
	r.Verdict = verdict.Fail
	r.Reason = r.failReason()
	for _, a := range r.Alignments {
		// Pasted headers: an aligned signature that is neutral only
		// because the body is missing could pass with the whole message.
		if a.Method == "dkim" && a.Aligned && a.Result == verdict.Neutral {
			r.Reason += fmt.Sprintf("; the aligned DKIM signature d=%s is neutral only because no body was supplied, so with the whole message DMARC may pass", a.Domain)
			break
		}
	}
	r.Disposition = r.disposition()
}

func (r *Result) failReason() string {
	var dkimN, spfN int
	for _, a := range r.Alignments {
		if a.Method == "dkim" {
			dkimN++
		} else {
			spfN++
		}
	}
	var parts []string
	if dkimN == 0 {
		parts = append(parts, "no DKIM signature")
	} else {
		parts = append(parts, "no DKIM signature both passed and aligned")
	}
	if spfN == 0 {
		parts = append(parts, "no SPF result to align")
	} else {
		parts = append(parts, "SPF did not both pass and align")
	}
	return fmt.Sprintf("%s with From %s", strings.Join(parts, ", and "), r.FromDomain)
}

// disposition says what the policy asks for, with pct= (RFC 7489 section
// 6.6.4: mail outside the pct= sample gets the next less strict policy).
func (r *Result) disposition() string {
	d := fmt.Sprintf("%s=%s: ", r.PolicyTag, r.Policy)
	switch r.Policy {
	case Reject:
		d += "the domain asks receivers to reject the message"
	case Quarantine:
		d += "the domain asks receivers to treat the message as suspicious (spam folder)"
	default:
		d += "the domain asks for no action (monitoring only)"
	}
	if r.Percent < 100 && r.Policy != PolicyNone {
		lower := map[Policy]Policy{Reject: Quarantine, Quarantine: PolicyNone}[r.Policy]
		d += fmt.Sprintf("; pct=%d: only %d%% of failing messages get it, the rest get %s (RFC 7489 section 6.6.4)", r.Percent, r.Percent, lower)
	}
	return d
}
