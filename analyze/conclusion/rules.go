package conclusion

import (
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// Of concludes about the message of rep. It reads rep and never changes
// it; a report without re-checked claims (built by hand) still gets a
// verdict from what it holds.
func Of(rep *analyze.Report) Verdict {
	f := gather(rep)
	v := Verdict{FromDomain: f.from}
	if f.from == "" {
		return f.noFrom(v)
	}
	fromLooks := f.fromLookalike()
	if ok := f.authentic(&v); ok {
		if len(fromLooks) > 0 {
			// Authenticated, but for a domain built to pass for another:
			// that says who sent it, not who the reader takes it for.
			v.Kind = Suspicious
			for i := range v.Evidence {
				// "nothing changed" is no reassurance here.
				v.Evidence[i].Primary = v.Evidence[i].Primary && v.Evidence[i].Cause != Unchanged
			}
			v.Evidence = append(fromLooks, v.Evidence...)
		}
		return v
	}
	if e, ok := f.arcVouch(); ok {
		v.Kind = Forwarded
		v.Evidence = append(v.Evidence, e)
		for _, r := range f.broken {
			v.Evidence = append(v.Evidence, brokenEvidence(r, e.ChangedBy == ""))
		}
		if len(fromLooks) > 0 {
			v.Kind = Suspicious
			v.Evidence = append(fromLooks, v.Evidence...)
		}
		return v
	}
	claims := f.falseClaims()
	looks := f.lookalikes()
	if len(f.pending) > 0 || len(f.noBody) > 0 {
		v = f.cannotTell(v, claims, looks)
	} else {
		v = f.notAuthentic(v, claims, looks)
	}
	if len(fromLooks) > 0 {
		if v.Kind == Unauthenticated {
			v.Kind = Suspicious
		}
		v.Evidence = append(fromLooks, v.Evidence...)
	}
	return v
}

// notAuthentic applies rules 4 to 7, once nothing aligned verifies,
// nothing vouches and nothing waits for DNS.
func (f *facts) notAuthentic(v Verdict, claims, looks []Evidence) Verdict {
	// A claim in the receiver's own name below the boundary is one the
	// receiver should have removed (RFC 8601 section 5); when the message
	// itself proves it false, someone wrote it to deceive.
	impersonated, impersonating := false, false
	for _, c := range claims {
		impersonated = impersonated || (c.Impersonates && c.ByContent)
		impersonating = impersonating || c.Impersonates
	}
	altered := f.altered()
	dmarcFail, enforced := f.dmarcFailure()
	switch {
	case impersonated || len(looks) > 0 || (enforced && f.allChecked()):
		v.Kind = Spoofed
		if dmarcFail != nil {
			v.Evidence = append(v.Evidence, *dmarcFail)
		}
		v.Evidence = append(v.Evidence, primary(claims)...)
		v.Evidence = append(v.Evidence, looks...)
		v.Evidence = append(v.Evidence, f.failures(false)...)
	case len(altered) > 0:
		v.Kind = Altered
		v.Evidence = append(v.Evidence, altered...)
		if dmarcFail != nil {
			v.Evidence = append(v.Evidence, *dmarcFail)
		}
		v.Evidence = append(v.Evidence, claims...)
	case impersonating:
		v.Kind = Suspicious
		for _, c := range claims {
			c.Primary = c.Impersonates
			v.Evidence = append(v.Evidence, c)
		}
		v.Evidence = append(v.Evidence, f.failures(true)...)
		if dmarcFail != nil {
			v.Evidence = append(v.Evidence, *dmarcFail)
		}
	default:
		v.Kind = Unauthenticated
		v.Evidence = append(v.Evidence, f.failures(true)...)
		if dmarcFail != nil {
			dmarcFail.Primary = enforced
			v.Evidence = append(v.Evidence, *dmarcFail)
		}
		// Claims by other hosts that no longer hold are what a list or a
		// gateway that changed the message leaves: shown, not concluded on.
		v.Evidence = append(v.Evidence, claims...)
	}
	for _, e := range f.policyPending {
		e.Primary = false
		v.Evidence = append(v.Evidence, e)
	}
	return v
}

// noFrom: without a single From domain nothing can align. Several From
// fields or domains are a known way to show one author and authenticate
// another, hence suspicious; none at all is only unauthenticated.
func (f *facts) noFrom(v Verdict) Verdict {
	v.Kind = Unauthenticated
	e := Evidence{Cause: FromProblem, Primary: true, Pointer: Pointer{Finding: FindingDMARC, Index: -1, Claim: -1}}
	if f.dm != nil {
		e.Detail = f.dm.FromProblem
	}
	if m := f.rep.Message; m != nil {
		fs := m.Header("From")
		if len(fs) > 0 {
			e.Pointer = Pointer{Finding: FindingHeaderField, Index: -1, Claim: -1, Field: "From", Line: fs[0].Line}
		}
		if len(fs) > 1 || strings.Contains(e.Detail, "domains") {
			v.Kind = Suspicious
		}
	}
	v.Evidence = append(v.Evidence, e)
	return v
}

// authentic applies rule 1: an aligned DKIM pass (the best of them), or
// an aligned SPF pass.
func (f *facts) authentic(v *Verdict) bool {
	if len(f.pass) > 0 {
		var best []Evidence
		for i, r := range f.pass {
			ev := f.shownVsSigned(r)
			if i == 0 || len(ev) < len(best) {
				best = ev
			}
		}
		v.Kind = Authentic
		changed := false
		for _, e := range best {
			changed = changed || e.Cause == UnsignedBody || e.Cause == UnsignedCopy
		}
		if changed {
			v.Kind = AuthenticChanged
		}
		v.Evidence = append(v.Evidence, best...)
		return true
	}
	s := f.spf()
	if s == nil || s.Verdict != verdict.Pass || !f.aligned(s.Domain, f.aspf) {
		return false
	}
	v.Kind = Authentic
	v.Evidence = append(v.Evidence, Evidence{Cause: AlignedSPFPass, Primary: true, Domain: s.Domain,
		Host: s.Input.IP.String(), Pointer: Pointer{Finding: FindingSPF, Index: -1, Claim: -1}})
	switch {
	case len(f.broken) > 0:
		v.Kind = AuthenticChanged
		for _, r := range f.broken {
			v.Evidence = append(v.Evidence, brokenEvidence(r, true))
		}
	case len(f.keyGone)+len(f.invalid) > 0:
		// The content is not authenticated either, and the card says why.
		v.Evidence = append(v.Evidence, f.failures(true)[:len(f.keyGone)+len(f.invalid)]...)
	default:
		v.Evidence = append(v.Evidence, Evidence{Cause: ContentNotSigned, Primary: true, Domain: f.from,
			Pointer: Pointer{Finding: FindingDMARC, Index: -1, Claim: -1}})
	}
	return true
}

func brokenEvidence(r *dkim.Result, primary bool) Evidence {
	e := Evidence{Cause: AlignedDKIMBroken, Primary: primary, Domain: r.Domain, Part: brokenPart(r),
		Result: r.Verdict, Detail: r.Reason, Pointer: dkimPointer(r)}
	if r.Verdict != verdict.Fail && r.Body.Status == dkim.Mismatch {
		// The key was not looked up, but the body hash already fails
		// the signature (RFC 6376 section 6.1.3).
		e.Result, e.Detail, e.Body = verdict.Fail, "body hash mismatch", r.Body.Cause
	}
	return e
}

// cannotTell applies rule 3: the answer waits for DNS or for the body.
// Signs of forgery found meanwhile are shown, not concluded on.
func (f *facts) cannotTell(v Verdict, claims, looks []Evidence) Verdict {
	v.Kind = CannotTell
	if f.offline() {
		v.Kind = CannotTellOffline
	}
	for _, r := range f.noBody {
		v.Evidence = append(v.Evidence, Evidence{Cause: BodyMissing, Primary: true, Domain: r.Domain,
			Part: intactHalf(r), Pointer: dkimPointer(r)})
	}
	v.Evidence = append(v.Evidence, f.pending...)
	for _, e := range f.policyPending {
		e.Primary = false
		v.Evidence = append(v.Evidence, e)
	}
	for _, r := range f.broken {
		v.Evidence = append(v.Evidence, brokenEvidence(r, false))
	}
	// Only claims in the receiver's own name are worth the summary here:
	// a list's claim of what it saw is what an ARC chain may confirm.
	for _, c := range claims {
		c.Primary = c.Impersonates
		v.Evidence = append(v.Evidence, c)
	}
	v.Evidence = append(v.Evidence, looks...)
	return v
}

func intactHalf(r *dkim.Result) string {
	if r.Header.Status == dkim.Match {
		return "header"
	}
	return ""
}

// altered lists the aligned signatures that show their domain signed the
// message before it was changed (rule 5).
func (f *facts) altered() []Evidence {
	var out []Evidence
	for _, r := range f.broken {
		if halfIntact(r) {
			out = append(out, brokenEvidence(r, true))
		}
	}
	return out
}

// dmarcFailure returns the DMARC failure as evidence, and whether the
// policy that applies asks receivers to act on it (p=reject or
// p=quarantine, RFC 7489 section 6.3).
func (f *facts) dmarcFailure() (*Evidence, bool) {
	if f.dm == nil || f.dm.Verdict != verdict.Fail {
		return nil, false
	}
	e := &Evidence{Cause: DMARCFail, Primary: true, Domain: f.from, Policy: f.dm.PolicyTag + "=" + f.dm.Policy.String(),
		Count: int64(f.dm.Percent), Pointer: Pointer{Finding: FindingDMARC, Index: -1, Claim: -1}}
	return e, f.dm.Policy == dmarc.Reject || f.dm.Policy == dmarc.Quarantine
}

// allChecked reports whether a DMARC failure shows that the domain did
// not send the message, rather than a lack of data or a change in
// transit: the From domain has no signature at all (a key gone, a
// permerror or a signature broken on the way would leave the question
// open: a list that tags the Subject and adds a footer breaks both halves
// of a genuine signature), and SPF was evaluated.
func (f *facts) allChecked() bool {
	if len(f.keyGone) > 0 || len(f.invalid) > 0 || len(f.broken) > 0 {
		return false
	}
	s := f.spf()
	return s != nil && s.Identity != ""
}

// failures explains why nothing aligned verified, for unauthenticated and
// spoofed messages.
func (f *facts) failures(primaryFirst bool) []Evidence {
	var out []Evidence
	p := primaryFirst
	add := func(e Evidence) {
		e.Primary = p
		out = append(out, e)
	}
	for _, r := range f.keyGone {
		e := Evidence{Cause: KeyUnavailable, Domain: r.Domain, Detail: r.Reason, Pointer: dkimPointer(r)}
		if r.DNS != nil {
			e.Query, e.Outcome = r.DNS.Query, r.DNS.Outcome
		}
		add(e)
	}
	for _, r := range f.invalid {
		add(Evidence{Cause: AlignedDKIMInvalid, Domain: r.Domain, Result: r.Verdict, Detail: r.Reason, Pointer: dkimPointer(r)})
	}
	for _, r := range f.broken {
		add(brokenEvidence(r, p))
	}
	if f.dkimSeen == 0 {
		add(Evidence{Cause: NoSignature, Domain: f.from, Pointer: Pointer{Finding: FindingDMARC, Index: -1, Claim: -1}})
	} else if len(f.keyGone)+len(f.invalid)+len(f.broken) == 0 {
		add(Evidence{Cause: NoAlignedPass, Domain: f.from, Pointer: Pointer{Finding: FindingDMARC, Index: -1, Claim: -1}})
	}
	for _, r := range f.unaligns {
		add(Evidence{Cause: UnalignedSignature, Domain: r.Domain, Pointer: dkimPointer(r)})
	}
	if s := f.spf(); s != nil {
		sp := Pointer{Finding: FindingSPF, Index: -1, Claim: -1}
		switch {
		case s.Identity == "":
			// Worth knowing, not worth the summary: most pasted and
			// saved messages carry no client IP.
			out = append(out, Evidence{Cause: SPFNotEvaluated, Detail: s.Reason, Pointer: sp})
		case f.aligned(s.Domain, f.aspf):
			add(Evidence{Cause: SPFResult, Domain: s.Domain, Host: s.Input.IP.String(), Result: s.Verdict, Detail: s.Reason, Pointer: sp})
		}
	}
	if a := f.rep.ARC; a != nil && a.Verdict == verdict.Fail {
		out = append(out, Evidence{Cause: ARCChainFail, Result: a.Verdict, Detail: a.Reason,
			Pointer: Pointer{Finding: FindingARC, Index: -1, Claim: -1, Instance: a.FailedInstance}})
	}
	if f.dm != nil && f.dm.Verdict != verdict.Fail && f.dm.Verdict != verdict.Pass && f.dm.Verdict != verdict.TempError {
		add(Evidence{Cause: NoDMARCPolicy, Domain: f.from, Result: f.dm.Verdict, Detail: f.dm.Reason,
			Pointer: Pointer{Finding: FindingDMARC, Index: -1, Claim: -1}})
	}
	if len(out) > 2 {
		for i := 2; i < len(out); i++ {
			out[i].Primary = false
		}
	}
	return out
}

// primary marks evidence for the summary.
func primary(es []Evidence) []Evidence {
	out := make([]Evidence, len(es))
	for i, e := range es {
		e.Primary = true
		out[i] = e
	}
	return out
}
