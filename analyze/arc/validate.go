package arc

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// Validate validates the ARC chain of the verifier's message as RFC 8617
// section 5.2 says, sharing the verifier's body hashes and resolver with
// the DKIM checks. Every set is reported; beyond what the RFC algorithm
// needs, each older ARC-Message-Signature and every seal whose input can be
// formed is verified too, so that a user sees which hop changed what.
func Validate(ctx context.Context, v *dkim.Verifier) *Result {
	m := v.Message()
	c := collect(m)
	r := &Result{}
	if c.fields == 0 {
		// RFC 8617 section 5.2 step 1: no ARC sets, status none.
		r.Verdict, r.Reason = verdict.None, "no ARC header fields: the message carries no ARC chain"
		return r
	}

	seals := map[int]*Seal{}
	sets := map[int]*Set{}
	for _, i := range c.instances() {
		g := c.groups[i]
		set := &Set{Instance: i}
		if len(g.as) > 0 {
			s := parseSeal(g.as[0].field)
			seals[i], set.Seal, set.CV = s, s, s.CV
		}
		if len(g.aar) > 0 {
			set.AAR = parseAAR(g.aar[0].field, i)
		}
		sets[i] = set
		r.Sets = append(r.Sets, set)
	}
	r.Problems = c.structure(seals)
	verifyAll(ctx, v, c, sets, seals)
	decide(r, c, sets)
	return r
}

// verifyAll verifies the first AMS of every set and every seal whose hash
// input can be formed, concurrently (at most MaxSets of each).
func verifyAll(ctx context.Context, v *dkim.Verifier, c *collection, sets map[int]*Set, seals map[int]*Seal) {
	var wg sync.WaitGroup
	for i, set := range sets {
		g := c.groups[i]
		if len(g.ams) > 0 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				set.MessageSignature = v.Verify(ctx, g.ams[0].field, dkim.KindAMS, g.ams[0].index)
			}()
		}
		if s := seals[i]; s != nil {
			input, why := sealInput(c, i)
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.verify(ctx, v, g.as[0].field, input, why)
			}()
		}
	}
	wg.Wait()
}

// sealInput lists the fields the seal of instance i covers, in hashing
// order, without the seal itself (RFC 8617 section 5.1.1). It returns nil
// and the reason when some set up to i is missing a member or has two.
func sealInput(c *collection, i int) ([]hashed, string) {
	var out []hashed
	for k := 1; k <= i; k++ {
		g := c.groups[k]
		switch {
		case g == nil:
			return nil, fmt.Sprintf("ARC set i=%d is missing, so the sealed input cannot be formed", k)
		case k == i && (len(g.aar) != 1 || len(g.ams) != 1):
			return nil, fmt.Sprintf("ARC set i=%d does not have exactly one AAR and one AMS, so the sealed input cannot be formed", k)
		case k < i && !g.complete():
			return nil, fmt.Sprintf("ARC set i=%d does not have exactly one of each member, so the sealed input cannot be formed", k)
		}
		out = append(out, hashed{k, g.aar[0].field}, hashed{k, g.ams[0].field})
		if k < i {
			out = append(out, hashed{k, g.as[0].field})
		}
	}
	return out, ""
}

// decide applies RFC 8617 section 5.2 steps 2 to 7 to the findings.
func decide(r *Result, c *collection, sets map[int]*Set) {
	fail := func(inst int, reason string) {
		r.Verdict, r.Reason, r.FailedInstance = verdict.Fail, reason, inst
	}
	// Steps 1 to 3: the structure.
	if len(r.Problems) > 0 {
		p := r.Problems[0]
		reason := p.Text
		if n := len(r.Problems) - 1; n > 0 {
			reason += fmt.Sprintf(" (and %d more structural problem%s)", n, plural(n))
		}
		fail(p.Instance, reason)
		return
	}
	n := c.max
	if unchecked(r, sets, n) {
		return
	}
	// Step 4: the newest AMS must validate.
	newest := sets[n].MessageSignature
	bodyless := false
	switch {
	case newest.Verdict == verdict.Pass:
	case newest.Verdict == verdict.Neutral && newest.Body.Status == dkim.NotChecked && newest.Header.Status == dkim.Match:
		// Pasted headers: the AMS header hash verifies but the body is
		// not there to check; judged below once the seals are known.
		bodyless = true
	default:
		fail(n, fmt.Sprintf("newest ARC-Message-Signature i=%d %s: %s", n, failedWord(newest.Verdict), newest.Reason))
		return
	}
	// Step 6: every seal, from N down to 1; the lowest failing one is
	// named, as the seals above it cover it and fail with it.
	var bad []int
	for i := n; i >= 1; i-- {
		if s := sets[i].Seal; s.Verdict != verdict.Pass {
			bad = append(bad, i)
		}
	}
	if len(bad) > 0 {
		low := bad[len(bad)-1]
		s := sets[low].Seal
		reason := fmt.Sprintf("ARC-Seal i=%d %s: %s", low, failedWord(s.Verdict), s.Reason)
		if len(bad) > 1 {
			others := make([]string, 0, len(bad)-1)
			for _, i := range bad[:len(bad)-1] {
				others = append(others, fmt.Sprintf("i=%d", i))
			}
			reason += fmt.Sprintf("; the seal%s at %s fail%s too", plural(len(others)), strings.Join(others, ", "), verbS(len(others)))
		}
		fail(low, reason)
		return
	}
	// Step 5: oldest-pass, counting down from N-1 while each AMS still
	// validates; 0 when all of them do.
	r.OldestPass = 0
	for i := n - 1; i >= 1; i-- {
		if sets[i].MessageSignature.Verdict != verdict.Pass {
			r.OldestPass = i + 1
			break
		}
	}
	if bodyless {
		r.Verdict = verdict.Neutral
		r.Reason = fmt.Sprintf("every seal verifies and the newest ARC-Message-Signature i=%d signs these header fields, but its body hash could not be checked: no body supplied", n)
		return
	}
	r.Verdict = verdict.Pass
	r.Reason = fmt.Sprintf("all %d seal%s and the newest ARC-Message-Signature verified", n, plural(n))
	if r.OldestPass > 0 {
		k := r.OldestPass
		r.Reason += fmt.Sprintf("; ARC-Message-Signature i=%d no longer verifies: the message changed after hop %d signed it and before hop %d did (oldest-pass=%d)", k-1, k-1, k, k)
	}
}

// unchecked decides a chain whose only faults are signatures that could
// not be checked (temperror: a key not looked up, offline or after a DNS
// failure). RFC 8617 section 5.2 knows only none, pass and fail, and a
// receiver in that state records fail; headerscope says temperror, "not
// checked", so that a chain nobody could check is never read as broken.
// Any real fault (a signature that fails, a permerror) takes precedence
// and decide goes on.
func unchecked(r *Result, sets map[int]*Set, n int) bool {
	var temp []string
	check := func(what string, i int, v verdict.Result, reason string) bool {
		switch v {
		case verdict.Pass:
		case verdict.TempError:
			temp = append(temp, fmt.Sprintf("%s i=%d: %s", what, i, reason))
		case verdict.Neutral:
			// pasted headers: decided below
		default:
			return false
		}
		return true
	}
	ams := sets[n].MessageSignature
	if ams.Verdict == verdict.TempError && ams.Body.Status == dkim.Mismatch {
		// The body hash needs no key: the newest AMS fails whatever the
		// key says (RFC 6376 section 6.1.3).
		r.Verdict, r.FailedInstance = verdict.Fail, n
		r.Reason = fmt.Sprintf("newest ARC-Message-Signature i=%d does not match the body: body hash mismatch (its key was not looked up, but no key can make it verify)", n)
		return true
	}
	if !check("ARC-Message-Signature", n, ams.Verdict, ams.Reason) {
		return false
	}
	for i := n; i >= 1; i-- {
		if s := sets[i].Seal; !check("ARC-Seal", i, s.Verdict, s.Reason) {
			return false
		}
	}
	if len(temp) == 0 {
		return false
	}
	r.Verdict = verdict.TempError
	r.Reason = fmt.Sprintf("not checked: %d of the chain's signatures could not be verified, and nothing else is wrong with it (%s); a receiver in this state records cv=fail (RFC 8617 section 5.2)", len(temp), strings.Join(temp, "; "))
	return true
}

func failedWord(v verdict.Result) string {
	if v == verdict.Fail {
		return "did not verify"
	}
	return fmt.Sprintf("could not be verified (%s)", v)
}

func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

// parseAAR parses an ARC-Authentication-Results field; inst is the
// instance collect already read from its prefix.
func parseAAR(f message.Field, inst int) *AAR {
	value := f.ValueText()
	a := &AAR{Line: f.Line, Raw: f.Text(), Instance: inst, Value: strings.TrimSpace(message.Unfold(value))}
	_, h := authres.ParseARC(value)
	a.Parsed, a.AuthServID = h, h.AuthServID
	return a
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
