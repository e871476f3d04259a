package render

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// Claim renders one view of an Authentication-Results entry (RFC 8601),
// X-MS-Exchange-Authentication-Results or ARC-Authentication-Results: in
// Overview, who wrote it, whether that writer can be trusted and why, and
// each result claimed beside headerscope's own re-check, with what the
// method, result word and properties mean; in Raw, the field as received.
// Other views are empty.
func Claim(e recheck.Entry, v View, st Styles, width int) string {
	switch v {
	case ViewOverview:
		text, _ := claimOverview(e, st, width)
		return text
	case ViewRaw:
		return RawField(e.Field, e.Line, e.Raw, st, width)
	}
	return ""
}

// ClaimStarts says on which line of Claim's overview of e (0 first) each
// of its results begins, so that a link to one claim can show it.
func ClaimStarts(e recheck.Entry, st Styles, width int) []int {
	_, starts := claimOverview(e, st, width)
	return starts
}

// claimOverview is Claim's overview and the line each result starts on.
func claimOverview(e recheck.Entry, st Styles, width int) (string, []int) {
	d := newDoc(st, width)
	entryHead(d, e)
	starts := make([]int, 0, len(e.Results))
	for _, c := range e.Results {
		d.blank()
		starts = append(starts, d.lines())
		claimDetail(d, c)
	}
	if len(e.Results) == 0 {
		d.blank()
		d.paraStyled("", "", "No result could be read from this field.", st.Muted)
	}
	return d.String(), starts
}

// TrustMark is the glyph and word that say what is known of an entry's
// writer, styled: "✓ trusted" (the receiver wrote it), "✓ sealed" (an
// ARC-Authentication-Results under a valid chain), "! claims receiver" (it
// names the receiver but sits where the receiver could not have written
// it, or repeats the receiver's own claim: forged, or left by a receiver
// that should have removed it), "· upstream" (written before the message
// arrived, as a mailing list's is), "· other host" (added with the
// receiver's fields by a host that is not the receiver), "· no valid seal"
// (ARC chain not valid) and "? writer unknown" (no Received field). Only
// the forged-looking case is a warning: the others are not failures, so
// they do not use the fail glyph.
func TrustMark(e recheck.Entry, st Styles) string {
	switch {
	case e.Trusted && e.Instance > 0:
		return st.Pass.Render(st.Glyph(verdict.Pass) + " sealed")
	case e.Trusted:
		return st.Pass.Render(st.Glyph(verdict.Pass) + " trusted")
	case e.Instance > 0:
		return st.Muted.Render("· no valid seal")
	case e.ClaimsReceiver():
		return st.Warn.Render("! claims receiver")
	case strings.Contains(e.TrustReason, "there is no Received field"):
		return st.Muted.Render("? writer unknown")
	case e.BelowBoundary():
		return st.Muted.Render("· upstream")
	}
	return st.Muted.Render("· other host")
}

// entryHead says where the entry is, who wrote it and whether to trust it
// (RFC 8601 section 5: only fields the receiver itself added count).
func entryHead(d *doc, e recheck.Entry) {
	st := d.st
	id := Safe(e.AuthServID)
	if id == "" {
		id = st.Warn.Render("no authserv-id") + " (as Microsoft writes it)"
	}
	where := fmt.Sprintf("%s, line %d (field %d from the top)", Safe(e.Field), e.Line, e.Position+1)
	if e.Instance > 0 {
		where += fmt.Sprintf(", ARC set i=%d", e.Instance)
	}
	// Only the receiver's own entries are known to be written by the
	// name they give; for the others, the name is what the field claims.
	switch {
	case e.Trusted:
		where += ", written by " + id
	case e.ClaimsReceiver():
		where += ", claiming to be written by " + id + " (the receiver's name)"
	default:
		where += ", authserv-id " + id + " (the name it gives)"
	}
	d.para("", "  ", where)
	d.para("  "+TrustMark(e, st)+": ", "    ", Safe(e.TrustReason))
	for _, p := range e.Problems {
		d.para("  "+st.Warn.Render("! problem")+" ", "      ", fmt.Sprintf("offset %d: %s", p.Offset, Safe(p.Text)))
	}
}

// recheckWord is the re-check status as a styled word: agree, disagree,
// not re-checked.
func recheckWord(st Styles, c recheck.Claim) string {
	return recheckStyle(st, c).Render(statusWord(c.Recheck.Status))
}

func recheckStyle(st Styles, c recheck.Claim) lipgloss.Style {
	switch c.Recheck.Status {
	case recheck.Agrees:
		return st.Pass
	case recheck.Disagrees:
		return st.Fail
	}
	return st.Muted
}

// claimLine is one claim in one paragraph: "dkim=pass  disagree: claimed
// pass, re-verified fail: ...".
func claimLine(d *doc, c recheck.Claim) {
	word := statusWord(c.Recheck.Status)
	text := recheckWord(d.st, c) + ": " + Safe(c.Recheck.Reason)
	if strings.HasPrefix(c.Recheck.Reason, word) {
		text = recheckStyle(d.st, c).Render(Safe(c.Recheck.Reason))
	}
	d.para("    "+Safe(c.Method)+"="+Safe(c.Result)+"  ", "      ", text)
}

// claimDetail is one claim with the claimed and re-checked results side by
// side and what each part means.
func claimDetail(d *doc, c recheck.Claim) {
	st := d.st
	const lw = 11
	what := c.Raw
	if what == "" {
		what = c.Method + "=" + c.Result
	}
	d.para("", "  ", st.TagName.Render(Safe(what)))
	claimed := verdict.Result(Safe(strings.ToLower(c.Result)))
	side := "claimed " + st.Verdict(claimed)
	if c.Recheck.Result != "" {
		side += "   re-checked " + st.Verdict(c.Recheck.Result)
	}
	d.kv("  ", lw, "verdicts", side+"   "+recheckWord(st, c), false)
	d.kv("  ", lw, "why", Safe(c.Recheck.Reason), false)
	if t := c.Recheck.AsOfArrival; t != nil {
		d.kv("  ", lw, "at arrival", t.When.UTC().Format(time.RFC3339)+" "+st.Verdict(t.Result)+": "+Safe(t.Conclusion), false)
	}
	mt, ms := authres.ExplainMethod(c.Method)
	d.kv("  ", lw, "method", mt+st.Muted.Render(" ("+ms+")"), false)
	rt, rs := authres.ExplainResult(c.Method, c.Result)
	d.kv("  ", lw, "result", rt+st.Muted.Render(" ("+rs+")"), false)
	if c.Reason != "" {
		d.kv("  ", lw, "reason=", Safe(c.Reason)+st.Muted.Render(" (RFC 8601 section 2.2)"), false)
	}
	// Properties are kept by key; sorted, so that the view is stable.
	keys := make([]string, 0, len(c.Properties))
	for k := range c.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ptype, prop, ok := strings.Cut(k, ".")
		if !ok {
			ptype, prop = "", k
		}
		pt, ps := authres.ExplainMethodProperty(c.Method, ptype, prop)
		d.kv("  ", lw, Safe(k), Safe(c.Properties[k]), true)
		d.paraStyled("  "+strings.Repeat(" ", lw+1), "  "+strings.Repeat(" ", lw+1), pt+" ("+ps+")", st.Muted)
	}
}
