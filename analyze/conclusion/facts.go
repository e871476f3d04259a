package conclusion

import (
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/spf"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// orgs finds Organizational Domains as the DMARC evaluation does (RFC 7489
// section 3.2).
var orgs dmarc.PublicSuffix

// facts are the findings of a report sorted by what they mean for the
// From domain.
type facts struct {
	rep  *analyze.Report
	from string
	dm   *dmarc.Result
	// adkim and aspf are the alignment modes of the policy record, "r"
	// (relaxed, RFC 7489's default) when no record is known.
	adkim, aspf string

	pass    []*dkim.Result // aligned, verified
	broken  []*dkim.Result // aligned, failed for good (a hash differs)
	keyGone []*dkim.Result // aligned, key missing or revoked
	invalid []*dkim.Result // aligned, permerror or policy for another reason
	noBody  []*dkim.Result // aligned, neutral: the body was not supplied
	pending []Evidence     // lookups not made or failed that could still give an aligned pass
	// policyPending is the DMARC policy lookup not made or failed: it
	// cannot make the message authentic, only decide how a failure reads.
	policyPending []Evidence
	unaligns      []*dkim.Result // verified, not aligned
	dkimSeen      int            // DKIM-Signatures evaluated
}

// aligned reports whether domain aligns with the From domain in mode "s"
// (identical) or "r" (same Organizational Domain), RFC 7489 section 3.1.
func (f *facts) aligned(domain, mode string) bool {
	domain = strings.TrimSuffix(strings.ToLower(domain), ".")
	if domain == "" || f.from == "" {
		return false
	}
	if mode == "s" {
		return domain == f.from
	}
	return orgs.OrgDomain(domain) == orgs.OrgDomain(f.from)
}

func gather(rep *analyze.Report) *facts {
	f := &facts{rep: rep, adkim: "r", aspf: "r"}
	if rep.DMARC != nil {
		f.dm = rep.DMARC
		f.from = strings.ToLower(f.dm.FromDomain)
		if rec := f.dm.Record; rec != nil {
			if rec.DKIMAlignment == "s" {
				f.adkim = "s"
			}
			if rec.SPFAlignment == "s" {
				f.aspf = "s"
			}
		}
	}
	for _, r := range rep.DKIM {
		if r == nil || r.Kind != dkim.KindDKIM {
			continue
		}
		f.dkimSeen++
		if !f.aligned(r.Domain, f.adkim) {
			if r.Verdict == verdict.Pass {
				f.unaligns = append(f.unaligns, r)
			}
			continue
		}
		f.sortAligned(r)
	}
	f.lookupsPending()
	f.pending = append(f.pending, f.arcPending()...)
	f.pending = dedupe(f.pending)
	return f
}

// sortAligned files one aligned signature by what its result means.
func (f *facts) sortAligned(r *dkim.Result) {
	switch {
	case r.Verdict == verdict.Pass:
		f.pass = append(f.pass, r)
	case r.Verdict == verdict.Fail || (r.Verdict == verdict.TempError && r.Body.Status == dkim.Mismatch):
		// A body hash that differs fails the signature whatever the key
		// says, even when the key was not looked up (RFC 6376 section
		// 6.1.3). A permerror (syntax, key, expiry) stays a permerror:
		// the verifier's own verdict decides.
		f.broken = append(f.broken, r)
	case r.Verdict == verdict.TempError:
		f.pending = append(f.pending, lookupEvidence("DKIM key", r.DNS, Pointer{Finding: FindingDKIM, Index: r.Index, Claim: -1, Line: r.Line}))
	case r.Verdict == verdict.Neutral:
		f.noBody = append(f.noBody, r)
	case keyGone(r):
		f.keyGone = append(f.keyGone, r)
	default:
		f.invalid = append(f.invalid, r)
	}
}

// keyGone reports whether a signature could not be verified only because
// its key is not published any more: NXDOMAIN, no TXT record, or an empty
// p= (RFC 6376 section 3.6.1). That proves nothing about the message.
func keyGone(r *dkim.Result) bool {
	if r.Key != nil && r.Key.Revoked {
		return true
	}
	return r.Key == nil && r.DNS != nil && (r.DNS.Outcome == dns.NXDomain || r.DNS.Outcome == dns.NoData)
}

// lookupsPending notes the DMARC and SPF lookups that were not made or
// failed for now. An SPF result only matters when its domain aligns.
func (f *facts) lookupsPending() {
	if f.dm != nil && f.dm.Verdict == verdict.TempError {
		for _, t := range f.dm.DNS {
			if t != nil && (t.Outcome.Temporary() || t.Outcome == dns.TooMany) {
				f.policyPending = append(f.policyPending, lookupEvidence("DMARC policy", t, Pointer{Finding: FindingDMARC, Index: -1, Claim: -1}))
				break
			}
		}
	}
	s := f.spf()
	if s != nil && s.Verdict == verdict.TempError && f.aligned(s.Domain, f.aspf) {
		var bad *dns.Trace
		for _, t := range s.DNS {
			if t != nil && t.Outcome.Temporary() {
				bad = t
				break
			}
		}
		e := lookupEvidence("SPF", bad, Pointer{Finding: FindingSPF, Index: -1, Claim: -1})
		if bad == nil {
			e.Query, e.Detail = s.Domain, s.Reason
		}
		f.pending = append(f.pending, e)
	}
}

// lookupEvidence says that a lookup was not made or failed.
func lookupEvidence(method string, t *dns.Trace, p Pointer) Evidence {
	e := Evidence{Cause: LookupFailed, Method: method, Pointer: p, Primary: true}
	if t != nil {
		e.Query, e.Outcome, e.Detail = t.Query, t.Outcome, t.Detail
		if t.Outcome == dns.NotMade {
			e.Cause = NotLookedUp
		}
	}
	return e
}

// offline reports whether every pending lookup was one not made.
func (f *facts) offline() bool {
	for _, e := range f.pending {
		if e.Cause != NotLookedUp {
			return false
		}
	}
	return len(f.pending) > 0
}

func (f *facts) spf() *spf.Result {
	return f.rep.SPF
}

func dkimPointer(r *dkim.Result) Pointer {
	return Pointer{Finding: FindingDKIM, Index: r.Index, Claim: -1, Line: r.Line}
}

// brokenPart says which half of a failed signature no longer matches.
func brokenPart(r *dkim.Result) string {
	body, header := r.Body.Status == dkim.Mismatch, r.Header.Status == dkim.Mismatch
	switch {
	case body && header:
		return "body and header"
	case body:
		return "body"
	case header:
		return "header"
	}
	return ""
}

// halfIntact reports whether a failed aligned signature still shows that
// its domain signed this message: its key was found and one half matches
// (the body, or the signed header fields).
func halfIntact(r *dkim.Result) bool {
	if r.Key == nil || r.Key.Revoked {
		return false
	}
	return (r.Body.Status == dkim.Match && r.Header.Status == dkim.Mismatch) ||
		(r.Body.Status == dkim.Mismatch && r.Header.Status == dkim.Match)
}

// dedupe drops a lookup already listed (an ARC-Seal and its AMS share a
// key).
func dedupe(es []Evidence) []Evidence {
	seen := map[string]bool{}
	out := es[:0]
	for _, e := range es {
		k := e.Method + "\x00" + strings.ToLower(e.Query)
		if e.Query != "" && seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}
