package arc

import (
	"fmt"

	"github.com/headerscope/headerscope/analyze/verdict"
)

// SeenBy returns the chain validation status the hop that added ARC set i
// could have computed when it received the message: the chain of sets 1
// to i-1 (RFC 8617 section 5.2), which is what its ARC-Authentication-
// Results arc= claim and its seal's cv= record. It returns an empty result
// when that cannot be known any more; the reason says why.
func (r *Result) SeenBy(i int) (verdict.Result, string) {
	set := func(k int) *Set {
		for _, s := range r.Sets {
			if s != nil && s.Instance == k {
				return s
			}
		}
		return nil
	}
	if r == nil || set(i) == nil {
		return "", fmt.Sprintf("there is no ARC set i=%d", i)
	}
	if i == 1 {
		return verdict.None, "hop 1 received the message with no ARC set before its own: the status it saw is none"
	}
	for k := 1; k < i; k++ {
		s := set(k)
		if s == nil || s.Seal == nil || s.MessageSignature == nil || s.AAR == nil {
			return verdict.Fail, fmt.Sprintf("ARC set i=%d, which hop %d received, is incomplete", k, i)
		}
		switch want := map[bool]CVStatus{true: CVNone, false: CVPass}[k == 1]; {
		case s.CV != want:
			return verdict.Fail, fmt.Sprintf("ARC-Seal i=%d has cv=%s, so the chain hop %d received was not valid", k, s.CV, i)
		}
		switch s.Seal.Verdict {
		case verdict.Pass:
		case verdict.TempError:
			return "", fmt.Sprintf("ARC-Seal i=%d could not be verified (%s)", k, s.Seal.Reason)
		default:
			return verdict.Fail, fmt.Sprintf("ARC-Seal i=%d, which hop %d received, does not verify: %s", k, i, s.Seal.Reason)
		}
	}
	ams := set(i - 1).MessageSignature
	switch ams.Verdict {
	case verdict.Pass:
		return verdict.Pass, fmt.Sprintf("the seals of sets 1 to %d and ARC-Message-Signature i=%d verify: the chain hop %d received was valid", i-1, i-1, i)
	case verdict.TempError:
		return "", fmt.Sprintf("ARC-Message-Signature i=%d could not be verified (%s)", i-1, ams.Reason)
	}
	return "", fmt.Sprintf("ARC-Message-Signature i=%d no longer verifies (%s), but the message may have changed after hop %d received it: what that hop saw cannot be repeated", i-1, ams.Reason, i)
}
