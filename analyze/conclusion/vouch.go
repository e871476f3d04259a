package conclusion

import (
	"strings"

	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// arcVouch applies rule 2 (RFC 8617 section 7.2): when the chain validates,
// the ARC-Authentication-Results of its sets say what each hop saw on
// arrival. The oldest set that records an aligned pass for the From
// domain (dmarc=pass for it, or dkim=pass or spf=pass for an aligned
// domain) vouches for the message as it was before it reached that hop.
// Whether to act on it is the reader's call on the sealers, which the
// summary names.
func (f *facts) arcVouch() (Evidence, bool) {
	a := f.rep.ARC
	if a == nil || a.Verdict != verdict.Pass {
		return Evidence{}, false
	}
	return f.vouching(a)
}

// arcPending returns the ARC key lookups not made or failed, when the
// chain could not be validated only for them and one of its sets would
// vouch for the From domain if it validated.
func (f *facts) arcPending() []Evidence {
	a := f.rep.ARC
	if a == nil || a.Verdict == verdict.Pass || a.Verdict == verdict.None {
		return nil
	}
	if _, ok := f.vouching(a); !ok {
		return nil
	}
	var out []Evidence
	for _, s := range a.Sets {
		if s == nil {
			continue
		}
		if s.Seal != nil && s.Seal.Verdict == verdict.TempError {
			out = append(out, lookupEvidence("ARC key", s.Seal.DNS, Pointer{Finding: FindingARC, Index: -1, Claim: -1, Instance: s.Instance, Field: "ARC-Seal", Line: s.Seal.Line}))
		}
		if m := s.MessageSignature; m != nil && m.Verdict == verdict.TempError {
			out = append(out, lookupEvidence("ARC key", m.DNS, Pointer{Finding: FindingARC, Index: -1, Claim: -1, Instance: s.Instance, Field: "ARC-Message-Signature", Line: m.Line}))
		}
	}
	return out
}

// vouching finds the oldest set whose ARC-Authentication-Results record
// an aligned pass for the From domain.
func (f *facts) vouching(a *arc.Result) (Evidence, bool) {
	for _, s := range a.Sets {
		if s == nil || s.AAR == nil || s.AAR.Parsed == nil {
			continue
		}
		sealer := ""
		if s.Seal != nil {
			sealer = s.Seal.Domain
		}
		for _, r := range s.AAR.Parsed.Results {
			if !strings.EqualFold(r.Value, "pass") {
				continue
			}
			var who string
			switch strings.ToLower(r.Method) {
			case "dmarc":
				who = r.Prop("header.from")
				if who == "" {
					who = f.from
				}
			case "dkim":
				who = r.Prop("header.d")
				if who == "" {
					who = domainOf(r.Prop("header.i"))
				}
			case "spf":
				who = domainOf(r.Prop("smtp.mailfrom"))
			default:
				continue
			}
			mode := f.adkim
			if strings.EqualFold(r.Method, "spf") {
				mode = f.aspf
			}
			if strings.EqualFold(r.Method, "dmarc") {
				mode = "s"
			}
			if !f.aligned(who, mode) {
				continue
			}
			return Evidence{Cause: ARCVouches, Primary: true, Domain: sealer, Host: strings.ToLower(who), ChangedBy: f.changer(a, s.Instance),
				Method: strings.ToLower(r.Method), Claimed: "pass",
				Pointer: Pointer{Finding: FindingARC, Index: -1, Claim: -1, Instance: s.Instance, Field: "ARC-Authentication-Results", Line: s.AAR.Line}}, true
		}
	}
	return Evidence{}, false
}

// domainOf returns the domain of an address or a bare domain.
func domainOf(s string) string {
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	return strings.Trim(s, "<> ")
}

// changer names the sealer of the hop that changed the message, when an
// aligned signature broke: the set at oldest-pass, or the vouching set
// when every ARC-Message-Signature verifies.
func (f *facts) changer(a *arc.Result, vouch int) string {
	if len(f.broken) == 0 {
		return ""
	}
	at := max(a.OldestPass, vouch)
	for _, s := range a.Sets {
		if s != nil && s.Instance == at && s.Seal != nil {
			return s.Seal.Domain
		}
	}
	return ""
}
