package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/conclusion"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// Card is the verdict of one message in words: what the text report, the
// JSON report and the TUI show at the top. Its strings are not yet safe
// for a terminal (they quote host names from the message): callers show
// them through Safe; the JSON writer escapes them itself.
type Card struct {
	Kind conclusion.Kind
	// Headline is the kind in words ("Spoofed", "Cannot tell offline").
	Headline string
	// Summary is the one line: the headline and the primary evidence.
	Summary  string
	Evidence []CardEvidence
}

// CardEvidence is one piece of evidence in words, with the pointer to
// the finding that proves it.
type CardEvidence struct {
	Text    string
	Pointer conclusion.Pointer
}

var headlines = map[conclusion.Kind]string{
	conclusion.Authentic:         "Authentic",
	conclusion.AuthenticChanged:  "Authentic but changed",
	conclusion.Forwarded:         "Forwarded",
	conclusion.Altered:           "Changed after signing",
	conclusion.Spoofed:           "Spoofed",
	conclusion.Suspicious:        "Suspicious",
	conclusion.Unauthenticated:   "Unauthenticated",
	conclusion.CannotTellOffline: "Cannot tell offline",
	conclusion.CannotTell:        "Cannot tell",
}

// VerdictCard writes the words of verdict v on the message of rep. It is
// the one place those words are made, for every output; rep gives the
// findings the evidence points at, worded as they are elsewhere.
func VerdictCard(rep *analyze.Report, v conclusion.Verdict) Card {
	c := Card{Kind: v.Kind, Headline: headlines[v.Kind]}
	if c.Headline == "" {
		c.Headline = v.Kind.String()
	}
	var phrases []string
	ev := v.Evidence
	for i := 0; i < len(ev); {
		j := i + 1
		for j < len(ev) && ev[j].Cause == ev[i].Cause && ev[j].Primary == ev[i].Primary {
			j++
		}
		if ev[i].Primary {
			phrases = append(phrases, phrase(v, ev[i:j]))
		}
		i = j
	}
	for _, e := range ev {
		c.Evidence = append(c.Evidence, CardEvidence{Text: evidenceText(rep, v, e), Pointer: e.Pointer})
	}
	c.Summary = c.Headline
	if len(phrases) > 0 {
		c.Summary += ": " + strings.Join(phrases, "; ")
	}
	return c
}

// phrase is the summary words for a run of evidence of one cause.
func phrase(v conclusion.Verdict, es []conclusion.Evidence) string {
	e := es[0]
	switch e.Cause {
	case conclusion.AlignedDKIMPass:
		return fmt.Sprintf("%s signed it (DKIM pass, aligned)", e.Domain)
	case conclusion.AlignedSPFPass:
		return fmt.Sprintf("%s's SPF authorizes %s, the client the receiver recorded (aligned)", e.Domain, e.Host)
	case conclusion.Unchanged:
		return "nothing changed"
	case conclusion.UnsignedBody:
		return fmt.Sprintf("%d bytes after the signed part of the body (l=) are not signed", e.Count)
	case conclusion.UnsignedCopy:
		if len(es) == 1 {
			return fmt.Sprintf("the %s shown (line %d) is an unsigned copy added above the signed one", e.Field, e.Pointer.Line)
		}
		return fmt.Sprintf("the %s shown (%s) are unsigned copies added above the signed ones", fieldList(es), lineList(es))
	case conclusion.FieldNotSigned:
		verb := "is"
		if len(es) > 1 {
			verb = "are"
		}
		return fmt.Sprintf("the %s %s not signed", fieldList(es), verb)
	case conclusion.ContentNotSigned:
		return fmt.Sprintf("no signature of %s covers the content", e.Domain)
	case conclusion.AlignedDKIMBroken:
		return brokenPhrase(v.Kind, e)
	case conclusion.ARCVouches:
		s := fmt.Sprintf("the ARC chain from %s vouches for the original pass (%s=pass for %s in ARC set i=%d)", e.Domain, e.Method, e.Host, e.Pointer.Instance)
		if e.ChangedBy != "" {
			s = fmt.Sprintf("%s changed it on the way, breaking %s's DKIM signature; ", e.ChangedBy, e.Host) + s
		}
		return s
	case conclusion.DMARCFail:
		return fmt.Sprintf("DMARC fails under %s (From %s, no aligned pass)", policyWords(e), e.Domain)
	case conclusion.NoAlignedPass:
		return fmt.Sprintf("nothing aligned with %s verified", e.Domain)
	case conclusion.NoDMARCPolicy:
		if e.Result == verdict.None {
			return fmt.Sprintf("%s publishes no DMARC policy", e.Domain)
		}
		return fmt.Sprintf("%s's DMARC policy is %s", e.Domain, e.Result)
	case conclusion.FalseClaim:
		return falseClaimPhrase(es)
	case conclusion.Lookalike:
		var parts []string
		for _, x := range es {
			parts = append(parts, fmt.Sprintf("%s %s", x.Field, x.Host))
		}
		verb := "imitates"
		if len(es) > 1 {
			verb = "imitate"
		}
		return fmt.Sprintf("%s %s %s", joinAnd(parts), verb, e.Domain)
	case conclusion.KeyUnavailable:
		return fmt.Sprintf("%s's key %s, so its signature cannot be checked (which proves nothing either way)", e.Domain, keyGoneWords(e))
	case conclusion.AlignedDKIMInvalid:
		return fmt.Sprintf("%s's signature cannot be accepted (%s)", e.Domain, e.Result)
	case conclusion.BodyMissing:
		if e.Part == "header" {
			return fmt.Sprintf("%s's signature over the header fields verifies, but the body was not supplied", e.Domain)
		}
		return fmt.Sprintf("%s's signature needs the body, which was not supplied", e.Domain)
	case conclusion.NotLookedUp:
		return joinAnd(lookupNames(es)) + " not looked up"
	case conclusion.LookupFailed:
		var parts []string
		for _, x := range es {
			parts = append(parts, fmt.Sprintf("the %s (%s)", x.Method, x.Outcome))
		}
		return fmt.Sprintf("the lookup of %s failed for now; try again later", strings.ReplaceAll(joinAnd(parts), "the SPF", "SPF"))
	case conclusion.SPFNotEvaluated:
		return "SPF could not be evaluated"
	case conclusion.SPFResult:
		return fmt.Sprintf("SPF %s for %s (client %s)", e.Result, e.Domain, e.Host)
	case conclusion.NoSignature:
		return "no DKIM signature"
	case conclusion.UnalignedSignature:
		var ds []string
		for _, x := range es {
			ds = append(ds, x.Domain)
		}
		return fmt.Sprintf("signed by %s, which does not align with %s", joinAnd(ds), v.FromDomain)
	case conclusion.FromProblem:
		return "no single From domain"
	case conclusion.TestingKey:
		return "its key is in testing mode (t=y)"
	case conclusion.FromLookalike:
		var why []string
		for _, x := range es {
			why = append(why, x.Detail)
		}
		return fmt.Sprintf("the From domain %s is a look-alike: %s", fromNames(e), joinAnd(why))
	case conclusion.ARCChainFail:
		return "the ARC chain fails, so no hop before the receiver vouches for it"
	}
	return e.Cause.String()
}

// withPointedFindings is the evidence's detail with what the diagnosis of
// the DKIM signature it points at verified changed (WithFindings).
func withPointedFindings(rep *analyze.Report, e conclusion.Evidence) string {
	p := e.Pointer
	detail := e.Detail
	if e.Body != "" {
		detail += ": " + bodyCauseWords(e.Body)
	}
	if rep == nil || p.Finding != conclusion.FindingDKIM || p.Index < 0 || p.Index >= len(rep.DKIM) || rep.DKIM[p.Index] == nil {
		return detail
	}
	return WithFindings(detail, rep.DKIM[p.Index])
}

// evidenceText is the words for one piece of evidence, with the analysis's
// own reason where it adds something.
func evidenceText(rep *analyze.Report, v conclusion.Verdict, e conclusion.Evidence) string {
	one := phrase(v, []conclusion.Evidence{e})
	switch e.Cause {
	case conclusion.Unchanged:
		return fmt.Sprintf("%s's signature covers the whole body and every shown field as the reader sees it", e.Domain)
	case conclusion.AlignedDKIMBroken:
		if e.Detail != "" {
			return fmt.Sprintf("%s's DKIM signature fails: %s", e.Domain, withPointedFindings(rep, e))
		}
	case conclusion.AlignedDKIMInvalid, conclusion.ARCChainFail, conclusion.SPFNotEvaluated, conclusion.SPFResult, conclusion.FromProblem:
		if e.Detail != "" {
			return one + ": " + e.Detail
		}
	case conclusion.TestingKey:
		return fmt.Sprintf("%s's key is in testing mode (t=y): RFC 6376 section 3.6.1 asks verifiers not to treat such mail differently from unsigned mail", e.Domain)
	case conclusion.ARCVouches:
		return one + fmt.Sprintf("; believe it as far as you trust %s and the sealers after it (RFC 8617 section 7.2)", e.Domain)
	case conclusion.DMARCFail:
		_, p, _ := strings.Cut(e.Policy, "=")
		ask := map[string]string{"reject": "reject it", "quarantine": "treat it as suspicious (spam folder)"}[p]
		if ask == "" {
			ask = "take no action (monitoring only)"
		}
		return one + "; the domain asks receivers to " + ask
	case conclusion.FalseClaim:
		who := fmt.Sprintf("by %s", e.Host)
		switch {
		case e.Host == "":
			who = "with no authserv-id"
		case e.Impersonates:
			who = fmt.Sprintf("in the receiver's name (%s)", e.Host)
		}
		why := "the message's own hashes contradict it (it was never true, or the message changed since)"
		if !e.ByContent {
			why = "DNS as it is today says otherwise (records may have changed since)"
		}
		return fmt.Sprintf("%s on line %d claims %s=%s %s, but sits below the receiving boundary, where the sender could have written it; re-checked: %s, %s",
			e.Pointer.Field, e.Pointer.Line, e.Method, e.Claimed, who, e.Result, why)
	case conclusion.Lookalike:
		return one + fmt.Sprintf(" (it carries %s, but is not in it)", e.Domain)
	case conclusion.NotLookedUp:
		return fmt.Sprintf("%s at %s not looked up (offline)", e.Method, e.Query)
	case conclusion.LookupFailed:
		return fmt.Sprintf("%s lookup at %s failed for now (%s)", e.Method, e.Query, e.Outcome)
	}
	return one
}

func brokenPhrase(k conclusion.Kind, e conclusion.Evidence) string {
	what := map[string]string{
		"body":            "the body changed after signing",
		"header":          "a signed header field changed after signing",
		"body and header": "the body and a signed header field changed after signing",
	}[e.Part]
	if what == "" {
		what = "it does not verify"
	}
	switch k {
	case conclusion.Forwarded:
		return fmt.Sprintf("%s's DKIM signature broke on the way (%s)", e.Domain, what)
	case conclusion.Altered:
		return fmt.Sprintf("%s signed it, but %s", e.Domain, what)
	}
	return fmt.Sprintf("%s's DKIM signature fails: %s", e.Domain, what)
}

func falseClaimPhrase(es []conclusion.Evidence) string {
	var lines []string
	seen := map[int]bool{}
	for _, e := range es {
		if !seen[e.Pointer.Index] {
			seen[e.Pointer.Index] = true
			lines = append(lines, fmt.Sprint(e.Pointer.Line))
		}
	}
	if len(lines) == 1 {
		return fmt.Sprintf("an Authentication-Results claiming pass sits below the receiving boundary (line %s)", lines[0])
	}
	return fmt.Sprintf("%d Authentication-Results claiming pass sit below the receiving boundary (lines %s)", len(lines), strings.Join(lines, ", "))
}

func policyWords(e conclusion.Evidence) string {
	p := e.Policy
	if e.Count > 0 && e.Count < 100 && !strings.HasSuffix(p, "=none") {
		p += fmt.Sprintf(" pct=%d", e.Count)
	}
	return p
}

func keyGoneWords(e conclusion.Evidence) string {
	if e.Query == "" || e.Outcome == "" {
		return "is revoked (empty p=)"
	}
	if e.Outcome == "ok" {
		return fmt.Sprintf("at %s is revoked (empty p=)", e.Query)
	}
	return fmt.Sprintf("is not in DNS (%s %s)", e.Query, e.Outcome)
}

// lookupNames names the lookups of a run: "keys", "SPF", "the DMARC
// policy".
func lookupNames(es []conclusion.Evidence) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range es {
		n := map[string]string{"DKIM key": "keys", "DMARC policy": "the DMARC policy", "SPF": "SPF", "ARC key": "ARC keys"}[e.Method]
		if n == "" {
			n = e.Method
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func fieldList(es []conclusion.Evidence) string {
	var fs []string
	for _, e := range es {
		fs = append(fs, e.Field)
	}
	return joinAnd(fs)
}

func lineList(es []conclusion.Evidence) string {
	var ls []string
	for _, e := range es {
		ls = append(ls, fmt.Sprint(e.Pointer.Line))
	}
	return "lines " + strings.Join(ls, ", ")
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// PointerLabel names the finding a pointer points at, for a person:
// "DKIM-Signature #1, line 11", "ARC set i=1, line 38".
func PointerLabel(p conclusion.Pointer) string {
	var s string
	switch p.Finding {
	case conclusion.FindingDKIM:
		s = fmt.Sprintf("%s #%d", dkim.KindDKIM, p.Index+1)
	case conclusion.FindingARC:
		s = "ARC chain"
		if p.Instance > 0 {
			s = fmt.Sprintf("ARC set i=%d", p.Instance)
		}
	case conclusion.FindingAuthRes:
		s = p.Field
		if s == "" {
			s = "Authentication-Results"
		}
	case conclusion.FindingDMARC:
		s = "DMARC"
	case conclusion.FindingSPF:
		s = "SPF"
	case conclusion.FindingReceived:
		s = fmt.Sprintf("Received hop #%d", p.Index+1)
	case conclusion.FindingHeaderField:
		s = p.Field
	}
	if p.Line > 0 {
		s += fmt.Sprintf(", line %d", p.Line)
	}
	return s
}

// fromNames is a From domain as the reader sees it and as DNS knows it:
// "bаnk.example (xn--bnk-6cd.example)".
func fromNames(e conclusion.Evidence) string {
	if e.Host == "" || e.Host == e.Domain {
		return e.Domain
	}
	return fmt.Sprintf("%s (%s)", e.Host, e.Domain)
}
