package conclusion

import (
	"strings"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/received"
	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// falseClaims lists the Authentication-Results claims of pass that sit
// below the receiving boundary (so the sender could have written them,
// RFC 8601 section 5) and that headerscope's own re-check contradicts with
// a definite result. A claim re-checked as temperror or neutral, or not
// re-checked, is no contradiction. ARC-Authentication-Results are left
// out: their trust is the chain's (RFC 8617 section 4.1.1).
func (f *facts) falseClaims() []Evidence {
	c, h := f.rep.Claims, f.rep.Received.Boundary()
	if c == nil || h == nil {
		return nil
	}
	boundary := h.Position
	var out []Evidence
	for i, e := range c.AuthenticationResults {
		if e.Trusted || e.Instance > 0 || e.Position < boundary {
			continue
		}
		for j, cl := range e.Results {
			if !strings.EqualFold(cl.Result, "pass") {
				continue
			}
			got, byContent, ok := f.contradicts(cl.Recheck)
			if !ok {
				continue
			}
			out = append(out, Evidence{Cause: FalseClaim, Host: e.AuthServID, Method: strings.ToLower(cl.Method),
				Claimed: strings.ToLower(cl.Result), Result: got, Detail: cl.Recheck.Reason, ByContent: byContent,
				Impersonates: namesReceiver(e.AuthServID, f.rep.Received.Receiving),
				Pointer:      Pointer{Finding: FindingAuthRes, Index: i, Claim: j, Field: e.Field, Line: e.Line}})
		}
	}
	return out
}

// contradicts reports whether a re-check found a definite result other
// than the pass claimed, and whether the message itself proves it wrong:
// a dkim claim matched to a signature whose body hash differs, or whose
// header hash differs with a usable key, was false when written or the
// message changed since (RFC 6376 section 6.1.3), even when the key was
// not looked up now. Any other contradiction rests on DNS as it is today,
// and a key, an SPF record or a DMARC record may have changed since the
// claim was written.
func (f *facts) contradicts(rc recheck.Recheck) (verdict.Result, bool, bool) {
	if i := rc.DKIMIndex; i != nil && *i >= 0 && *i < len(f.rep.DKIM) {
		r := f.rep.DKIM[*i]
		if r != nil && (r.Body.Status == dkim.Mismatch || (r.Verdict == verdict.Fail && r.Header.Status == dkim.Mismatch)) {
			return verdict.Fail, true, true
		}
	}
	if rc.Status != recheck.Disagrees {
		return "", false, false
	}
	switch rc.Result {
	case verdict.Fail, verdict.SoftFail, verdict.PermError, verdict.Policy, verdict.None:
		return rc.Result, false, true
	}
	return "", false, false
}

// namesReceiver reports whether an authserv-id names the receiver: its
// by-host or a name in the receiver's Organizational Domain.
func namesReceiver(id string, rc received.Receiving) bool {
	id = strings.TrimSuffix(strings.ToLower(id), ".")
	if id == "" {
		return false
	}
	if strings.EqualFold(id, strings.TrimSuffix(rc.Receiver, ".")) {
		return true
	}
	o := orgs.OrgDomain(id)
	return o != "" && rc.ReceiverOrg != "" && strings.EqualFold(o, rc.ReceiverOrg)
}
