package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/spf"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// dmarcBadge is "DMARC ✓ pass p=reject"; ok is false when DMARC was not
// evaluated.
func dmarcBadge(rep *analyze.Report) (Badge, bool) {
	if rep.DMARC == nil {
		return Badge{}, false
	}
	d := rep.DMARC
	b := Badge{Mechanism: "DMARC", Single: true, Counts: []Count{{d.Verdict, 1}}}
	if d.Policy != "" {
		b.Note = "p=" + Safe(d.Policy.String())
	}
	return b, true
}

// DMARC renders headerscope's DMARC evaluation (RFC 7489): the verdict, the
// From domain, where the record was found, the policy that applies, each
// identifier's alignment, the record's tags, and every DNS lookup in full.
func DMARC(r *dmarc.Result, st Styles, width int) string {
	return dmarcView(r, st, width, true)
}

// dmarcView is DMARC with the lookups in full, or one line each (the
// report).
func dmarcView(r *dmarc.Result, st Styles, width int, fullDNS bool) string {
	d := newDoc(st, width)
	if r == nil {
		d.paraStyled("", "", "DMARC was not evaluated.", st.Muted)
		return d.String()
	}
	d.para(st.Verdict(r.Verdict)+"  ", "   ", Safe(r.Reason))
	const lw = 12
	if r.FromDomain != "" {
		fd := Safe(r.FromDomain)
		if r.FromUnicode != "" {
			fd = Safe(r.FromUnicode) + " = " + fd + st.Muted.Render(" (written in Unicode; looked up as its A-label form, RFC 5890)")
		} else {
			fd += st.Muted.Render(" (the RFC5322.From domain, RFC 7489 section 6.6.1)")
		}
		d.kv("  ", lw, "From domain", fd, false)
	}
	for _, l := range r.FromLookalike {
		d.kv("  ", lw, "look-alike", st.Warn.Render(Safe(l)), false)
	}
	if r.FromLenient != "" {
		d.kv("  ", lw, "From field", st.Warn.Render(Safe(r.FromLenient)), false)
	}
	if r.FromProblem != "" {
		d.kv("  ", lw, "From domain", st.Warn.Render(Safe(r.FromProblem)), false)
	}
	if r.OrgDomain != "" {
		org := Safe(r.OrgDomain)
		if r.OrgMethod != "" {
			org += st.Muted.Render(", found with the " + Safe(r.OrgMethod))
		}
		d.kv("  ", lw, "org domain", org, false)
	}
	if r.RecordName != "" {
		where := Safe(r.RecordName)
		if r.Fallback {
			where += st.Muted.Render(" (the Organizational Domain's record: none at the From domain, RFC 7489 section 6.6.3)")
		}
		d.kv("  ", lw, "record at", where, false)
	}
	if r.Policy != "" {
		pol := Safe(r.PolicyTag) + "=" + Safe(r.Policy.String())
		if r.Percent > 0 {
			pol += fmt.Sprintf(", pct=%d: applies to %d%% of failing mail", r.Percent, r.Percent)
		}
		d.kv("  ", lw, "policy", pol+st.Muted.Render(" (RFC 7489 section 6.3)"), false)
	}
	if r.Disposition != "" {
		d.kv("  ", lw, "disposition", Safe(r.Disposition), false)
	}
	if len(r.Alignments) > 0 {
		d.para("", "", st.Subheading.Render("Identifier alignment")+" "+st.Muted.Render("(RFC 7489 section 3.1: one aligned pass is enough)"))
		for _, a := range r.Alignments {
			who := Safe(a.Method) + " " + Safe(a.Domain)
			if a.Selector != "" {
				who += " s=" + Safe(a.Selector)
			}
			aligned := "not aligned"
			if a.Aligned {
				aligned = "aligned"
			}
			v := verdict.Fail
			if a.Pass {
				v = verdict.Pass
			}
			mark := st.Style(v).Render(st.Glyph(v))
			d.para("  "+mark+" ", "    ", fmt.Sprintf("%s: %s, %s (%s)", who, Safe(string(a.Result)), aligned, Safe(a.Mode.String())))
			if a.Reason != "" {
				d.paraStyled("    ", "    ", Safe(a.Reason), st.Muted)
			}
		}
	}
	if rec := r.Record; rec != nil {
		d.para("", "", st.Subheading.Render("Record")+" "+st.Muted.Render("as published, tag by tag (RFC 7489 section 6.3)"))
		dmarcRecordLines(d, rec)
	}
	for _, n := range r.Notes {
		d.para(st.Muted.Render("i note")+" ", "  ", Safe(n))
	}
	return d.String() + lookups(r.DNS, st, width, fullDNS)
}

// Lookups renders every DNS lookup of an evaluation (DMARC, SPF) in full,
// numbered, each as DNSTrace does.
func Lookups(ts []*dns.Trace, st Styles, width int) string {
	return lookups(ts, st, width, true)
}

// lookups writes each DNS lookup of an evaluation, in full (DNSTrace) or
// one line each.
func lookups(ts []*dns.Trace, st Styles, width int, full bool) string {
	d := newDoc(st, width)
	if len(ts) == 0 {
		d.paraStyled("", "", "No DNS lookup was made.", st.Muted)
		return d.String()
	}
	d.para("", "", st.Subheading.Render(fmt.Sprintf("DNS lookups (%d)", len(ts))))
	if !full {
		for _, t := range ts {
			if t != nil {
				d.para("  ", "    ", Safe(t.Type)+" "+Safe(t.Query)+": "+Safe(string(t.Outcome)))
			}
		}
		return d.String()
	}
	var b strings.Builder
	b.WriteString(d.String())
	for i, t := range ts {
		h := newDoc(st, width)
		h.blank()
		h.para("", "", st.Label.Render(fmt.Sprintf("lookup %d of %d", i+1, len(ts))))
		b.WriteString(h.String())
		b.WriteString(DNSTrace(t, st, width))
	}
	return b.String()
}

// SPF renders headerscope's SPF evaluation (RFC 7208): the verdict, the
// IP, MAIL FROM and HELO with where each came from, the mechanism that
// decided and the include/redirect path to it, and every DNS lookup.
func SPF(r *spf.Result, st Styles, width int) string {
	return spfView(r, st, width, true)
}

func spfView(r *spf.Result, st Styles, width int, fullDNS bool) string {
	d := newDoc(st, width)
	if r == nil {
		d.paraStyled("", "", "SPF was not evaluated.", st.Muted)
		return d.String()
	}
	d.para(st.Verdict(r.Verdict)+"  ", "   ", Safe(r.Reason))
	const lw = 10
	in := r.Input
	from := func(v, src string) string {
		if src == "" {
			return v
		}
		return v + st.Muted.Render(" (from "+Safe(src)+")")
	}
	if in.IP.IsValid() {
		d.kv("  ", lw, "client IP", from(in.IP.String(), in.IPSource), false)
	} else {
		d.kv("  ", lw, "client IP", st.Warn.Render("not known")+": no Received field or claim says which IP the receiver saw, so SPF cannot be evaluated (headerscope does not guess)", false)
	}
	if in.MailFrom != "" {
		d.kv("  ", lw, "MAIL FROM", from(Safe(in.MailFrom), in.MailFromSource), false)
	}
	if in.HELO != "" {
		d.kv("  ", lw, "HELO", from(Safe(in.HELO), in.HELOSource), false)
	}
	if r.Identity != "" {
		d.kv("  ", lw, "checked", Safe(r.Identity)+" identity, domain "+Safe(r.Domain)+st.Muted.Render(" (RFC 7208 section 2.3, 2.4)"), false)
	}
	if r.Mechanism != "" {
		d.kv("  ", lw, "matched", st.TagName.Render(Safe(r.Mechanism)), false)
	}
	if len(r.Path) > 0 {
		var p []string
		for _, t := range r.Path {
			p = append(p, Safe(t))
		}
		d.kv("  ", lw, "via", strings.Join(p, " "+st.Arrow()+" "), false)
	}
	if r.LookupLimit {
		d.kv("  ", lw, "limit", st.Error.Render("more than 10 DNS-querying terms (RFC 7208 section 4.6.4)"), false)
	}
	if r.VoidLimit {
		d.kv("  ", lw, "limit", st.Error.Render("more than 2 void lookups (RFC 7208 section 4.6.4)"), false)
	}
	if r.Identity == "" {
		return d.String()
	}
	return d.String() + lookups(r.DNS, st, width, fullDNS)
}

// dmarcText is the report's DMARC and SPF section; the lookups are listed
// one line each.
func dmarcText(rep *analyze.Report, st Styles, width int) string {
	if rep.DMARC == nil && (rep.SPF == nil || rep.SPF.Verdict == verdict.None) {
		return ""
	}
	var b strings.Builder
	if m := rep.DMARC; m != nil {
		b.WriteString(heading(st, width, "DMARC"))
		b.WriteString(dmarcView(m, st, width, false))
	}
	// SPF needs the connecting IP, which most saved messages do not
	// record; say nothing rather than "none" on every report.
	if s := rep.SPF; s != nil && s.Verdict != verdict.None {
		b.WriteString(heading(st, width, "SPF"))
		b.WriteString(spfView(s, st, width, false))
	}
	return b.String()
}

// heading is a blank line and a subheading.
func heading(st Styles, width int, title string) string {
	d := newDoc(st, width)
	d.blank()
	d.para("", "", st.Subheading.Render(title))
	return d.String()
}

// dmarcRecordLines writes a DMARC record tag by tag, unknown tags marked,
// then its problems.
func dmarcRecordLines(d *doc, rec *dmarc.Record) {
	st := d.st
	for _, t := range rec.Tags {
		note := ""
		if !t.Known {
			note = st.Warn.Render(" (not an RFC 7489 tag: ignored)")
		}
		d.hard("  ", "    ", Safe(t.Raw)+note)
	}
	for _, p := range rec.Problems {
		d.para("  "+st.Warn.Render("! problem")+" ", "    ", Safe(p))
	}
}
