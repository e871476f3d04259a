package recheck

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// matchDKIM finds the DKIM-Signatures a dkim claim speaks of: every
// property it gives must match (header.d, header.i, header.s, header.a)
// and header.b must be a prefix of the signature's b= (RFC 6008 section
// 4: enough of it to tell two signatures apart).
func matchDKIM(r authres.Result, results []*dkim.Result) []int {
	d := strings.ToLower(strings.TrimSuffix(r.Prop("header.d"), "."))
	i := strings.ToLower(r.Prop("header.i"))
	s := strings.ToLower(r.Prop("header.s"))
	a := strings.ToLower(r.Prop("header.a"))
	b := strings.Join(strings.Fields(r.Prop("header.b")), "")
	var out []int
	for idx, x := range results {
		if x == nil || x.Kind != dkim.KindDKIM {
			continue
		}
		switch {
		case d != "" && d != strings.ToLower(x.Domain):
		case i != "" && i != strings.ToLower(identity(x)):
		case s != "" && s != strings.ToLower(x.Selector):
		case a != "" && a != strings.ToLower(x.Algorithm):
		case b != "" && !strings.HasPrefix(tagValue(x, "b"), b):
		default:
			out = append(out, idx)
		}
	}
	return out
}

// identity is i=, or "@d" when absent (RFC 6376 section 3.5).
func identity(x *dkim.Result) string {
	if x.Identity != "" {
		return x.Identity
	}
	return "@" + x.Domain
}

func tagValue(x *dkim.Result, name string) string {
	for _, t := range x.Tags {
		if t.Name == name {
			return strings.Join(strings.Fields(t.Value), "")
		}
	}
	return ""
}

func (c *checker) dkimClaim(ctx context.Context, e *Entry, r authres.Result) Recheck {
	idx := matchDKIM(r, c.in.DKIM)
	if len(idx) == 0 {
		what := "header.d=" + r.Prop("header.d")
		if r.Prop("header.d") == "" && r.Prop("header.i") == "" {
			what = "the claim (it names no header.d or header.i)"
		}
		return Recheck{Status: NotRechecked, Reason: fmt.Sprintf("not re-checked: no DKIM-Signature in the message matches %s; the signature may have been removed after the check", what)}
	}
	x := c.in.DKIM[idx[0]]
	if hop := c.hopOf(e); hop > 0 && strings.EqualFold(r.Value, "pass") && x.Verdict == verdict.Fail {
		// RFC 8617 section 1: an ARC hop checks the message as it
		// arrived and may change it afterwards (a list footer), as may
		// every later hop; a content failure now says nothing about what
		// hop i saw. Whether its claim held is what the chain vouches for.
		vouch := fmt.Sprintf("the ARC chain is %s, so nothing vouches for this claim", c.res.arc.Result)
		if c.res.arc.Result == verdict.Pass {
			vouch = "the ARC chain validates, so the claim is as trustworthy as that hop"
		}
		return Recheck{Status: NotRechecked, Reason: fmt.Sprintf("not re-checked: hop %d (ARC set i=%d) checked the message as it arrived, and it or a later hop may have changed it since; today the signature fails (%s); %s", hop, hop, x.Reason, vouch)}
	}
	rc := compare(r.Value, x.Verdict, x.Reason)
	first := idx[0]
	rc.DKIMIndex = &first
	if len(idx) > 1 {
		rc.Reason += fmt.Sprintf(" (%d signatures match this claim; compared with the first, on line %d: a header.b would tell them apart, RFC 6008)", len(idx), x.Line)
	}
	if strings.EqualFold(r.Value, "pass") && x.Verdict != verdict.Pass {
		rc.AsOfArrival = c.timeTravel(ctx, x)
	}
	if t := rc.AsOfArrival; rc.Status == Disagrees && t != nil && t.Result == verdict.TempError && x.Expiration != nil && !c.in.Now.Before(*x.Expiration) {
		// It differs only because time passed (x=), and as of arrival
		// nothing could be verified (offline, DNS failure): there is no
		// evidence against the claim.
		return Recheck{Status: NotRechecked, DKIMIndex: rc.DKIMIndex, AsOfArrival: t,
			Reason: fmt.Sprintf("not re-checked: the signature has expired since it arrived (x= %s), and as of arrival (%s) it could not be verified either: %s", x.Expiration.UTC().Format(time.RFC3339), t.When.UTC().Format(time.DateOnly), arrivalWhy(t.Conclusion))}
	}
	return rc
}

// timeTravel verifies x again with the clock at the arrival date, to tell
// a claim that held when the message arrived from one that never did.
func (c *checker) timeTravel(ctx context.Context, x *dkim.Result) *TimeTravel {
	when := c.res.chain.Receiving.Arrival
	if when == nil {
		return nil
	}
	fs := c.res.msg.Header("DKIM-Signature")
	if x.Index < 0 || x.Index >= len(fs) {
		return nil
	}
	if t, ok := c.arrival[x.Index]; ok {
		return t
	}
	v := c.in.Verifier
	if v == nil {
		v = dkim.NewVerifier(c.res.msg, c.in.Resolver, c.in.Now)
	}
	then := v.At(*when).Verify(ctx, fs[x.Index], dkim.KindDKIM, x.Index)
	t := &TimeTravel{When: *when, Result: then.Verdict}
	if c.arrival == nil {
		c.arrival = map[int]*TimeTravel{}
	}
	c.arrival[x.Index] = t
	date := when.UTC().Format(time.DateOnly)
	bodyOK := then.Body.Status == dkim.Match
	switch {
	case then.Verdict == verdict.Pass:
		t.Conclusion = fmt.Sprintf("passed as of %s when received: %s since", date, sinceWhy(x))
	case then.Key != nil && then.Key.Revoked && bodyOK:
		t.Conclusion = fmt.Sprintf("consistent with a pass on %s when received: the key has since been revoked (empty p=), so the signature cannot be checked any more, but the body hash still matches: the body is as signed", date)
	case then.Key == nil && then.DNS != nil && !then.DNS.Outcome.Temporary() && bodyOK:
		t.Conclusion = fmt.Sprintf("consistent with a pass on %s when received: the key has since been removed from DNS (%s), so the signature cannot be checked any more, but the body hash still matches: the body is as signed", date, then.DNS.Outcome)
	default:
		t.Conclusion = fmt.Sprintf("fails even as of arrival (%s): %s", date, then.Reason)
	}
	return t
}

// sinceWhy says what changed between arrival and now.
func sinceWhy(x *dkim.Result) string {
	if x.Expiration != nil {
		return fmt.Sprintf("the signature expired at %s (x=)", x.Expiration.UTC().Format(time.RFC3339))
	}
	if x.Key != nil && x.Key.Revoked {
		return "the key has been revoked"
	}
	return "something changed: " + x.Reason
}

// arrivalWhy is the reason part of a TimeTravel conclusion, after its
// "fails even as of arrival (date): " lead.
func arrivalWhy(conclusion string) string {
	if _, why, ok := strings.Cut(conclusion, "): "); ok {
		return why
	}
	return conclusion
}
