package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// Badge is the one-glance state of one mechanism in a message: how many
// of its findings ended with each verdict.
type Badge struct {
	// Mechanism is "DKIM", "ARC", "DMARC", ...
	Mechanism string
	// Counts holds the verdicts found, worst first; empty means nothing
	// to evaluate (shown as "none").
	Counts []Count
	// Note adds what the counts cannot say ("3 hops", "2 not evaluated").
	Note string
	// Single is set for a mechanism with one verdict per message (an ARC
	// chain): the verdict is shown without a count.
	Single bool
}

// Count is how many findings of a mechanism had one verdict.
type Count struct {
	Result verdict.Result
	N      int
}

// order ranks verdicts for display and for Worst: the most alarming first.
var order = []verdict.Result{verdict.Fail, verdict.PermError, verdict.TempError, verdict.SoftFail,
	verdict.Policy, verdict.Neutral, verdict.Pass, verdict.None}

// Worst returns the most alarming verdict of the badge, or none.
func (b Badge) Worst() verdict.Result {
	if len(b.Counts) == 0 {
		return verdict.None
	}
	return b.Counts[0].Result
}

// Render shows the badge: "DKIM ✓ 1 pass ✗ 1 fail".
func (b Badge) Render(st Styles) string {
	parts := []string{st.Subheading.Render(b.Mechanism)}
	if len(b.Counts) == 0 && b.Note == "" {
		parts = append(parts, st.Verdict(verdict.None))
	}
	// Best first reads more naturally in a line ("1 pass 1 fail"); Counts
	// keeps worst first for Worst.
	for i := len(b.Counts) - 1; i >= 0; i-- {
		c := b.Counts[i]
		if b.Single {
			parts = append(parts, st.Verdict(c.Result))
			continue
		}
		parts = append(parts, st.Style(c.Result).Render(fmt.Sprintf("%s %d %s", st.Glyph(c.Result), c.N, c.Result)))
	}
	switch {
	case b.Note != "" && b.Single:
		// One verdict reads on into its note: "ARC ✓ pass 2 hops".
		parts = append(parts, st.Muted.Render(b.Note))
	case b.Note != "":
		parts = append(parts, st.Muted.Render("("+b.Note+")"))
	}
	return strings.Join(parts, " ")
}

// Short is the badge in a few columns for a list row: the mechanism and
// the glyph of its worst verdict, "DKIM✗", styled by that verdict.
func (b Badge) Short(st Styles) string {
	w := b.Worst()
	return st.Style(w).Render(b.Mechanism + st.Glyph(w))
}

// Badges returns one badge per mechanism of the report, in a fixed order.
// ARC, DMARC and Authentication-Results badges are added here as the
// analysis learns them.
func Badges(rep *analyze.Report) []Badge {
	bs := []Badge{dkimBadge(rep)}
	if b, ok := arcBadge(rep); ok {
		bs = append(bs, b)
	}
	if b, ok := dmarcBadge(rep); ok {
		bs = append(bs, b)
	}
	if b, ok := authResBadge(rep); ok {
		bs = append(bs, b)
	}
	return bs
}

func dkimBadge(rep *analyze.Report) Badge {
	b := Badge{Mechanism: "DKIM"}
	n := map[verdict.Result]int{}
	for _, r := range rep.DKIM {
		if r != nil {
			n[r.Verdict]++
		}
	}
	b.Counts = counts(n)
	var notes []string
	if rep.DKIMNotEvaluated > 0 {
		notes = append(notes, fmt.Sprintf("%d not evaluated", rep.DKIMNotEvaluated))
	}
	for _, u := range rep.Unsigned {
		// A pass next to a Subject the signature does not cover must not
		// read as "this Subject is authentic".
		notes = append(notes, "shown "+u.Name+" not signed")
	}
	b.Note = strings.Join(notes, ", ")
	return b
}

// counts orders a verdict tally worst first; verdicts not in order (none
// expected) come last, so that nothing is dropped.
func counts(n map[verdict.Result]int) []Count {
	var out []Count
	seen := map[verdict.Result]bool{}
	for _, r := range order {
		if n[r] > 0 {
			out = append(out, Count{r, n[r]})
		}
		seen[r] = true
	}
	for r, c := range n {
		if !seen[r] && c > 0 {
			out = append(out, Count{r, c})
		}
	}
	return out
}

// Summary renders From, Subject and Date, then one badge per mechanism.
func Summary(rep *analyze.Report, st Styles, width int) string {
	d := newDoc(st, width)
	s := rep.Summary
	// Show the decoded text (RFC 2047) when there is one: it is what a
	// mail client shows, and Safe keeps it harmless.
	from, subject := s.From, s.Subject
	if s.FromText != "" {
		from = s.FromText
	}
	if s.SubjectText != "" {
		subject = s.SubjectText
	}
	unsigned := map[string]bool{}
	for _, u := range rep.Unsigned {
		unsigned[u.Name] = true
	}
	for _, f := range []struct{ label, value string }{
		{"From", from}, {"Subject", subject}, {"Date", s.Date},
	} {
		v := Safe(f.value)
		if f.value == "" {
			v = st.Muted.Render("(none)")
		}
		if unsigned[f.label] {
			// What the reader sees is not what the passing signature
			// covers: say so next to it, not only further down.
			v += " " + st.Warn.Render("(unsigned copy: not what DKIM signed)")
		}
		d.kv("", 8, f.label+":", v, false)
	}
	for _, u := range rep.Unsigned {
		d.para(st.Warn.Render("! ")+"", "  ", st.Warn.Render(Safe(u.Text)+"; signed value: ")+Safe(u.Signed))
	}
	if dm := rep.DMARC; dm != nil && len(dm.FromLookalike) > 0 {
		// A look-alike author domain must be seen at a glance, not only
		// in the DMARC section.
		d.para(st.Warn.Render("! ")+"", "  ", st.Warn.Render(fmt.Sprintf("From domain %s (%s): %s", Safe(dm.FromUnicode), Safe(dm.FromDomain), Safe(strings.Join(dm.FromLookalike, "; ")))))
	}
	var bs []string
	for _, b := range Badges(rep) {
		bs = append(bs, b.Render(st))
	}
	d.para("", "", strings.Join(bs, "   "))
	return d.String()
}
