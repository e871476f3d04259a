package arc

import (
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// ChangedBy returns the instance of the ARC hop that changed the message
// after sig was made, or 0 when that cannot be told. sig is either the AMS
// of a set or a DKIM-Signature (which comes before every hop). Each
// ARC-Message-Signature signs the message as it left its hop (RFC 8617
// section 4.1.2): when sig no longer verifies because the content differs,
// and the AMS of the next hop does, that hop made the change, and the
// diagnosis of sig (dkim.Result.Diagnosis) says what it changed.
func ChangedBy(r *Result, sig *dkim.Result) int {
	if r == nil || sig == nil || (sig.Body.Status != dkim.Mismatch && sig.Header.Status != dkim.Mismatch) {
		return 0
	}
	next := 1
	if sig.Kind == dkim.KindAMS {
		next = sig.Instance + 1
	}
	for _, s := range r.Sets {
		if s != nil && s.Instance == next && s.MessageSignature != nil && s.MessageSignature.Verdict == verdict.Pass {
			return next
		}
	}
	return 0
}
