package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
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
// and headerscope's own re-check of it.
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
		trust := st.Warn.Render("not trusted")
		if e.Trusted {
			trust = st.Pass.Render("trusted")
		}
		d.para("  ", "      ", fmt.Sprintf("%s, line %d, by %s: ", Safe(e.Field), e.Line, orDash(Safe(e.AuthServID)))+trust+" "+st.Muted.Render(Safe(e.TrustReason)))
		for _, c := range e.Results {
			claim := Safe(c.Method) + "=" + Safe(c.Result)
			var sty = st.Muted
			switch c.Recheck.Status {
			case recheck.Agrees:
				sty = st.Pass
			case recheck.Disagrees:
				sty = st.Fail
			}
			word := statusWord(c.Recheck.Status)
			text := sty.Render(word) + ": " + Safe(c.Recheck.Reason)
			if strings.HasPrefix(c.Recheck.Reason, word) {
				text = sty.Render(Safe(c.Recheck.Reason))
			}
			d.para("    "+claim+"  ", "      ", text)
		}
		for _, p := range e.Problems {
			d.para("    "+st.Warn.Render("! problem")+" ", "      ", fmt.Sprintf("offset %d: %s", p.Offset, Safe(p.Text)))
		}
	}
	return d.String()
}
