package render

import (
	"fmt"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// dmarcStages are the boxes of a DMARC evaluation, one per step.
var dmarcStages = []string{"From", "_dmarc lookup", "policy", "alignment", "result"}

// DMARCLesson walks through the DMARC evaluation of rep (RFC 7489): the
// RFC5322.From domain, the record's discovery, its policy, the alignment
// of each DKIM d= and SPF domain, and the result.
func DMARCLesson(rep *analyze.Report, st Styles, width int) Lesson {
	l := Lesson{Title: "DMARC", Stages: dmarcStages}
	r := rep.DMARC
	if r == nil {
		l.Steps = []LessonStep{{Title: "DMARC not evaluated", Text: "DMARC was not evaluated for this message.\n"}}
		return l
	}
	if r.FromDomain != "" {
		l.Title = "DMARC for " + Safe(r.FromDomain)
	}
	add := func(title, text string) {
		l.Steps = append(l.Steps, LessonStep{Title: title, Stage: len(l.Steps), Text: text})
	}
	add("Find the RFC5322.From domain", lessonFrom(r, st, width))
	add("Look the DMARC record up", lessonDMARCLookup(r, st, width))
	add("Read the policy", lessonPolicy(r, st, width))
	add("Check alignment", lessonAlign(r, st, width))
	add("The result", lessonDMARCResult(r, st, width))
	return l
}

func lessonFrom(r *dmarc.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, "DMARC protects the domain a reader sees: the one in the From field (RFC 7489 section 3.1). The message must have exactly one From field with one domain (section 6.6.1).")
	const lw = 11
	if r.FromDomain != "" {
		d.kv("  ", lw, "From domain", Safe(r.FromDomain), false)
	}
	if r.FromUnicode != "" {
		d.kv("  ", lw, "as written", Safe(r.FromUnicode)+st.Muted.Render(" (Unicode; looked up as its A-label form, RFC 5890)"), false)
	}
	for _, x := range r.FromLookalike {
		d.kv("  ", lw, "look-alike", st.Warn.Render(Safe(x)), false)
	}
	if r.FromLenient != "" {
		d.kv("  ", lw, "From field", st.Warn.Render(Safe(r.FromLenient)), false)
	}
	if r.FromProblem != "" {
		d.kv("  ", lw, "problem", st.Warn.Render(Safe(r.FromProblem)), false)
	}
	return d.String()
}

func lessonDMARCLookup(r *dmarc.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, "The policy is a TXT record at _dmarc.<From domain>; when there is none, at _dmarc.<Organizational Domain> (RFC 7489 section 6.6.3).")
	const lw = 10
	if r.OrgDomain != "" {
		d.kv("  ", lw, "org domain", Safe(r.OrgDomain)+st.Muted.Render(", found with the "+Safe(r.OrgMethod)), false)
	}
	if r.RecordName != "" {
		where := Safe(r.RecordName)
		if r.Fallback {
			where += st.Muted.Render(" (the Organizational Domain's: none at the From domain)")
		}
		d.kv("  ", lw, "record at", where, false)
	} else {
		d.kv("  ", lw, "record", st.Warn.Render("none found: "+Safe(r.Reason)), false)
	}
	d.blank()
	d.b.WriteString(Lookups(r.DNS, st, width))
	return d.String()
}

func lessonPolicy(r *dmarc.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, "The record is a tag-list (RFC 7489 section 6.3): p= is the policy for the domain, sp= for its subdomains, pct= the share of failing mail it applies to, adkim= and aspf= the alignment modes (r relaxed, the default, or s strict).")
	rec := r.Record
	if rec == nil {
		d.paraStyled("  ", "  ", "No record: "+Safe(r.Reason), st.Warn)
		return d.String()
	}
	dmarcRecordLines(d, rec)
	d.blank()
	const lw = 8
	d.kv("  ", lw, "adkim=", Safe(rec.DKIMAlignment), false)
	d.kv("  ", lw, "aspf=", Safe(rec.SPFAlignment), false)
	if r.Policy != "" {
		d.kv("  ", lw, "applies", fmt.Sprintf("%s=%s to this message, pct=%d", Safe(r.PolicyTag), Safe(string(r.Policy)), r.Percent), false)
	}
	return d.String()
}

func lessonAlign(r *dmarc.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, fmt.Sprintf("An identifier counts only if it passed and its domain aligns with the From domain: strict means the same name, relaxed the same Organizational Domain (%s here). One DKIM d= or SPF domain that passes and aligns is enough (RFC 7489 sections 3.1 and 4.2).", orDash(Safe(r.OrgDomain))))
	if len(r.Alignments) == 0 {
		d.paraStyled("  ", "  ", "No DKIM signature or SPF result to check.", st.Muted)
	}
	for _, a := range r.Alignments {
		v := verdict.Fail
		if a.Pass {
			v = verdict.Pass
		}
		who := Safe(a.Method) + " " + Safe(a.Domain)
		if a.Selector != "" {
			who += " s=" + Safe(a.Selector)
		}
		aligned := "not aligned"
		if a.Aligned {
			aligned = "aligned"
		}
		d.para("  "+st.Style(v).Render(st.Glyph(v))+" ", "    ", fmt.Sprintf("%s: %s, %s (%s)", who, Safe(string(a.Result)), aligned, Safe(string(a.Mode))))
		if a.Reason != "" {
			d.paraStyled("    ", "    ", Safe(a.Reason), st.Muted)
		}
	}
	return d.String()
}

func lessonDMARCResult(r *dmarc.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, "DMARC passes when one identifier passed and aligned; otherwise it fails, and the policy says what the domain asks receivers to do (RFC 7489 section 6.6.4).")
	d.para(st.Verdict(r.Verdict)+"  ", "   ", Safe(r.Reason))
	if r.Disposition != "" {
		d.kv("  ", 11, "disposition", Safe(r.Disposition), false)
	}
	for _, n := range r.Notes {
		d.para(st.Muted.Render("i note")+" ", "  ", Safe(n))
	}
	return d.String()
}
