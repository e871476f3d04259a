package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// arcBadge is "ARC ✓ 1 pass (2 sets)"; ok is false when the report has no
// ARC validation.
func arcBadge(rep *analyze.Report) (Badge, bool) {
	a := rep.ARC
	if a == nil {
		return Badge{}, false
	}
	b := Badge{Mechanism: "ARC", Single: true}
	if a.Verdict != verdict.None && a.Verdict != "" {
		b.Counts = []Count{{a.Verdict, 1}}
		n := 0
		for _, s := range a.Sets {
			if s != nil {
				n++
			}
		}
		b.Note = fmt.Sprintf("%d set", n)
		if n != 1 {
			b.Note += "s"
		}
	}
	return b, true
}

// arcText explains the ARC chain: its verdict, then each set (seal, message
// signature, ARC-Authentication-Results) and every structural problem.
func arcText(rep *analyze.Report, st Styles, width int) string {
	a := rep.ARC
	if a == nil {
		n := countFields(rep, "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results")
		if n == 0 {
			return ""
		}
		d := newDoc(st, width)
		d.blank()
		d.para("", "", st.Subheading.Render("ARC")+" "+fmt.Sprintf("%d ARC header fields; the chain was not validated.", n))
		return d.String()
	}
	if a.Verdict == verdict.None && len(a.Sets) == 0 {
		return ""
	}
	d := newDoc(st, width)
	d.blank()
	d.para(st.Subheading.Render("ARC chain")+" "+st.Verdict(a.Verdict)+"  ", "   ", Safe(a.Reason))
	for _, s := range a.Sets {
		if s == nil {
			continue
		}
		d.line(fmt.Sprintf("  set i=%d", s.Instance) + st.Muted.Render(" cv="+orDash(Safe(s.CV))))
		if se := s.Seal; se != nil {
			who := strings.TrimSpace("d=" + Safe(se.Domain) + " s=" + Safe(se.Selector))
			d.para(fmt.Sprintf("    %-5s %s ", "seal", st.Verdict(se.Verdict)), "          ", who+fmt.Sprintf(" (line %d): ", se.Line)+Safe(se.Reason))
		} else {
			d.para("    seal  ", "          ", st.Error.Render("missing"))
		}
		if m := s.MessageSignature; m != nil {
			who := "d=" + Safe(m.Domain) + " s=" + Safe(m.Selector)
			d.para(fmt.Sprintf("    %-5s %s ", "AMS", st.Verdict(m.Verdict)), "          ", who+fmt.Sprintf(" (line %d): ", m.Line)+Safe(m.Reason))
		} else {
			d.para("    AMS   ", "          ", st.Error.Render("missing"))
		}
		if r := s.AAR; r != nil {
			d.para("    AAR   ", "          ", fmt.Sprintf("line %d, by %s: ", r.Line, orDash(Safe(r.AuthServID)))+Safe(r.Value))
		} else {
			d.para("    AAR   ", "          ", st.Error.Render("missing"))
		}
	}
	for _, p := range a.Problems {
		where := ""
		if p.Line > 0 {
			where = fmt.Sprintf("line %d: ", p.Line)
		}
		d.para("  "+st.Warn.Render("! problem")+" ", "      ", where+Safe(p.Text))
	}
	return d.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// dmarcBadge is "DMARC ✓ pass"; ok is false when DMARC was not evaluated.
func dmarcBadge(rep *analyze.Report) (Badge, bool) {
	if rep.Claims == nil || rep.Claims.DMARC == nil {
		return Badge{}, false
	}
	d := rep.Claims.DMARC
	b := Badge{Mechanism: "DMARC", Single: true, Counts: []Count{{d.Verdict, 1}}}
	if d.Policy != "" {
		b.Note = "p=" + Safe(d.Policy)
	}
	return b, true
}

// dmarcText says in one paragraph what DMARC and SPF concluded.
func dmarcText(rep *analyze.Report, st Styles, width int) string {
	if rep.Claims == nil || (rep.Claims.DMARC == nil && (rep.Claims.SPF == nil || rep.Claims.SPF.Verdict == verdict.None)) {
		return ""
	}
	d := newDoc(st, width)
	d.blank()
	if m := rep.Claims.DMARC; m != nil {
		text := Safe(m.Reason)
		if m.Disposition != "" {
			text += "; " + Safe(m.Disposition)
		}
		d.para(st.Subheading.Render("DMARC")+" "+st.Verdict(m.Verdict)+"  ", "   ", text)
	}
	// SPF needs the connecting IP, which most saved messages do not
	// record; say nothing rather than "none" on every report.
	if s := rep.Claims.SPF; s != nil && s.Verdict != verdict.None {
		d.para(st.Subheading.Render("SPF")+" "+st.Verdict(s.Verdict)+"  ", "   ", Safe(s.Reason))
	}
	return d.String()
}
