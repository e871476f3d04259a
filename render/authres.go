package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/recheck"
)

// authResBadge is "A-R 3 agree 1 disagree"; ok is false when nothing was
// re-checked.
func authResBadge(rep *analyze.Report) (Badge, bool) {
	if rep.Claims == nil || len(rep.Claims.AuthenticationResults) == 0 {
		return Badge{}, false
	}
	n := map[string]int{}
	for _, e := range rep.Claims.AuthenticationResults {
		for _, c := range e.Results {
			n[c.Recheck.Status]++
		}
	}
	var parts []string
	for _, s := range []string{recheck.Agrees, recheck.Disagrees, recheck.NotRechecked} {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], statusWord(s)))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "no claims")
	}
	return Badge{Mechanism: "Auth-Results", Note: strings.Join(parts, ", ")}, true
}

func statusWord(s string) string {
	switch s {
	case recheck.Agrees:
		return "agree"
	case recheck.Disagrees:
		return "disagree"
	case recheck.NotRechecked:
		return "not re-checked"
	}
	return Safe(s)
}

// authResText lists every Authentication-Results field with each claim
// and headerscope's own re-check of it, one paragraph per claim.
func authResText(rep *analyze.Report, st Styles, width int) string {
	if rep.Claims == nil {
		n := countFields(rep, "Authentication-Results")
		if n == 0 {
			return ""
		}
		d := newDoc(st, width)
		d.blank()
		d.para("", "", st.Subheading.Render("Authentication-Results")+" "+fmt.Sprintf("%d fields; their claims were not re-checked.", n))
		return d.String()
	}
	if len(rep.Claims.AuthenticationResults) == 0 {
		return ""
	}
	d := newDoc(st, width)
	d.blank()
	d.para("", "", st.Subheading.Render("Authentication-Results claims, re-checked"))
	for _, e := range rep.Claims.AuthenticationResults {
		d.blank()
		entryHead(d, e)
		for _, c := range e.Results {
			claimLine(d, c)
		}
		if e.Omitted > 0 {
			d.paraStyled("  ", "  ", fmt.Sprintf("%d more claims in this field not kept or re-checked: at most %d are, per field.", e.Omitted, authres.MaxKept), st.Muted)
		}
	}
	if n := rep.Claims.EntriesOmitted; n > 0 {
		d.blank()
		d.paraStyled("", "", fmt.Sprintf("%d more result fields not kept or re-checked: at most %d are, per message.", n, recheck.MaxEntries), st.Muted)
	}
	return d.String()
}
